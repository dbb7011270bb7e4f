import type { Context } from 'hono';
import { HttpError } from '../../errors';

/**
 * Reading request bodies under a cap. The declared `Content-Length` is checked first, then
 * the bytes actually streamed (a chunked or lying request is cut off at the cap), so a
 * large body is refused without ever being held in memory.
 */

/** Nesting deeper than this is refused before JSON.parse: no protocol shape comes close. */
export const MAX_JSON_DEPTH = 32;

const tooLarge = (maxBytes: number) => new HttpError(413, 'body_too_large', `The body is larger than ${maxBytes} bytes`, { maxBytes });

/** The raw body, at most `maxBytes`; 413 `body_too_large` beyond. */
export async function readBodyBytes(c: Context, maxBytes: number): Promise<Uint8Array> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  // Fast path: a declared length within the cap. Node's parser never delivers more bytes
  // than declared, and `arrayBuffer()` lets @hono/node-server read the socket directly
  // instead of building a web Request and ReadableStream around it.
  if (declared !== undefined && c.req.header('transfer-encoding') === undefined && /^\d+$/.test(declared)) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    return bytes;
  }
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** `application/json`, optionally with parameters (`; charset=utf-8`), or a `+json` type. */
export function isJsonContentType(header: string | undefined): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json' || (type !== undefined && /^application\/[a-z0-9.+-]+\+json$/.test(type));
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body: 415 unless the content type is JSON, 413 past `maxBytes`, 400 `invalid_json`
 * when empty, not UTF-8 or not JSON, 400 `invalid_body` when nested deeper than
 * {@link MAX_JSON_DEPTH}.
 */
export async function readJsonBody(c: Context, maxBytes: number): Promise<unknown> {
  if (!isJsonContentType(c.req.header('content-type'))) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  const bytes = await readBodyBytes(c, maxBytes);
  if (bytes.byteLength === 0) throw new HttpError(400, 'invalid_json', 'The request body is empty');
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid UTF-8');
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw new HttpError(400, 'invalid_body', `The JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `The request body is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
}

/**
 * The deepest bracket nesting of a JSON text, ignoring brackets inside strings. One pass
 * over char codes; malformed text gives some number and JSON.parse then refuses it.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return deepest;
}

import { CaseFailure } from './failure';
import type { ExchangeRequest, ExchangeResponse, ThrottleObservation } from './types';

/** How much of a body the report keeps: answers matter more than the requests the kit made. */
const EXCERPT = 400;
const REQUEST_EXCERPT = 200;
/** Headers the report shows: the ones the protocol says something about. */
const SHOWN_HEADERS = ['content-type', 'etag', 'retry-after', 'www-authenticate', 'location'];
/** A throttled request is retried this often, honouring Retry-After up to `MAX_WAIT_S`. */
const THROTTLE_RETRIES = 3;
const MAX_WAIT_S = 10;

export interface RequestOptions {
  /** Bearer token; none when undefined. */
  token?: string | undefined;
  /** A JSON body (sent as application/json). */
  json?: unknown;
  /** A raw body, with its content type in `headers`. */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

/** One answer, with the exchange kept for the report. */
export interface Answer {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
  request: ExchangeRequest;
  response: ExchangeResponse;
}

const excerpt = (text: string, max = EXCERPT) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);

function describeBody(body: string | Uint8Array | undefined): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return excerpt(body, REQUEST_EXCERPT);
  return `<${body.byteLength} bytes>`;
}

/**
 * The kit's HTTP client over fetch: one base URL, bearer tokens, every exchange recorded
 * for the report. A 429 or 503 is noted (the Retry-After case reads the notes) and retried
 * after its Retry-After, as the SDK does, so a backend's rate limit does not fail cases
 * that are about something else.
 */
export class HttpClient {
  readonly throttled: ThrottleObservation[] = [];

  constructor(
    private endpoint: string,
    private readonly fetchImpl: typeof fetch,
  ) {}

  /** Points later requests at another base URL (a backend restarted with a new form). */
  moveTo(endpoint: string): void {
    this.endpoint = endpoint.replace(/\/+$/, '');
  }

  get base(): string {
    return this.endpoint.replace(/\/+$/, '');
  }

  async send(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const request: ExchangeRequest = { method, path, ...(body === undefined ? {} : { body: describeBody(body) }) };
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(`${this.base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      } catch (error) {
        const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
        throw new CaseFailure(`No answer: the connection failed (${cause})`, { request, expected: 'an HTTP answer' });
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const contentType = response.headers.get('content-type') ?? '';
      const textual = bytes.byteLength === 0 || /json|text|xml|html/.test(contentType) || !/image|octet/.test(contentType);
      const text = textual ? new TextDecoder().decode(bytes) : '';
      const shown: Record<string, string> = {};
      for (const name of SHOWN_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) shown[name] = value;
      }
      const answer: Answer = {
        status: response.status,
        headers: response.headers,
        bytes,
        text,
        request,
        response: { status: response.status, headers: shown, body: textual ? excerpt(text) : `<${bytes.byteLength} bytes of ${contentType}>` },
      };
      if ((response.status !== 429 && response.status !== 503) || attempt >= THROTTLE_RETRIES) return answer;
      const retryAfter = response.headers.get('retry-after');
      this.throttled.push({ status: response.status, retryAfter, request });
      await new Promise((resolve) => setTimeout(resolve, waitSeconds(retryAfter) * 1000));
    }
  }
}

/** Seconds to wait for a Retry-After value (seconds or an HTTP date); 1 when absent or unreadable. */
export function waitSeconds(retryAfter: string | null, now = Date.now()): number {
  if (retryAfter === null) return 1;
  const seconds = /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : (Date.parse(retryAfter) - now) / 1000;
  if (!Number.isFinite(seconds)) return 1;
  return Math.min(MAX_WAIT_S, Math.max(0, seconds));
}

import { FankuiError } from '@fankui/core';

/** Where a page of a newest-first ticket list ended: the last row's sort key. */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/**
 * A cursor that is not one this server handed out (edited, truncated, from another
 * version). The HTTP layer answers it with 400 `invalid_query`, never with a 500.
 */
export class InvalidCursorError extends FankuiError<'invalid_cursor'> {
  override readonly name = 'InvalidCursorError';

  constructor(reason: string) {
    super('invalid_cursor', `Invalid cursor: ${reason}`);
  }
}

// The exact shape `Date#toISOString()` produces; anything else would compare wrongly as text.
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// Far above any id the server makes; bounds what a hostile cursor can make us parse.
const MAX_CURSOR_LENGTH = 512;
const MAX_ID_LENGTH = 128;

/**
 * Encodes a list position as an opaque base64url token. Clients must not read it: its
 * content may change between versions.
 *
 * @example encodeCursor({ createdAt: '2026-01-01T08:00:00.000Z', id: 't_1' }) // 'WyIyMDI2…'
 */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), 'utf8').toString('base64url');
}

/**
 * Decodes a token from `encodeCursor`, checking every part, so that what reaches SQL is
 * always a well-formed timestamp and a bounded id.
 *
 * @throws InvalidCursorError for anything `encodeCursor` could not have produced.
 * @example decodeCursor(encodeCursor(p)) // deep-equals p
 */
export function decodeCursor(cursor: string): CursorPosition {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw new InvalidCursorError('not a base64url token');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError('not a cursor');
  const [createdAt, id] = parsed as unknown[];
  if (typeof createdAt !== 'string' || !ISO_UTC.test(createdAt) || Number.isNaN(Date.parse(createdAt))) {
    throw new InvalidCursorError('bad position');
  }
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) throw new InvalidCursorError('bad position');
  return { createdAt, id };
}

/** Checks a page size once, at the edge of the store. */
export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`Page limit must be 1..1000, got ${limit}`);
}

/**
 * Cuts a fetch of `limit + 1` newest-first rows into a page: the extra row only tells that
 * more exist, so the last page never needs a second, empty request.
 */
export function toPage<T extends CursorPosition>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1] as T;
  return { items, nextCursor: encodeCursor({ createdAt: last.createdAt, id: last.id }) };
}

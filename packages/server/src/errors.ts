import type { ErrorCode } from '@fankui/core';

/**
 * An error that becomes an HTTP answer with the uniform body
 * `{ error: { code, message, details? } }`. Thrown anywhere below a route; the error
 * middleware turns it into the response, so handlers never build error bodies by hand.
 *
 * @example throw new HttpError(404, 'not_found', 'No such ticket');
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers (`Retry-After`, `WWW-Authenticate`, `Allow`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The one 404 for anything the caller may not see: another reporter's ticket is "not found" too. */
export const notFound = (what: string) => new HttpError(404, 'not_found', `No such ${what}`);

/** A request body that parsed but does not fit its schema. */
export const invalidBody = (details: unknown, message = 'The request body is invalid') =>
  new HttpError(400, 'invalid_body', message, details);

/** The ticket is not in a state that allows this. */
export const conflict = (message: string, details?: unknown) => new HttpError(409, 'conflict', message, details);

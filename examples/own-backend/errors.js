import { LifecycleError } from '@fankui/core';

/**
 * Every non-2xx answer of protocol v1 has one body: `{ error: { code, message, details? } }`,
 * with `code` from core's `ERROR_CODES` (see `ErrorBody` in `@fankui/core/schema`).
 * Handlers throw an `HttpError`; `errorHandler` turns it (and anything else) into that body.
 */
export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {import('@fankui/core').ErrorCode} code
   * @param {string} message
   * @param {unknown} [details]
   * @param {Record<string, string>} [headers] e.g. `Retry-After` on 429/503, `WWW-Authenticate` on 401
   */
  constructor(status, code, message, details, headers = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const notFound = (what = 'resource') => new HttpError(404, 'not_found', `No such ${what}`);
export const conflict = (message) => new HttpError(409, 'conflict', message);
/** @param {unknown} details validation issues ({ path, code, message }[]) or facts */
export const invalidBody = (details, message = 'The body does not match the protocol') => new HttpError(400, 'invalid_body', message, details);

/** Failures of Express's body parsers (body-parser sets `type` and `status`) in protocol terms. */
function fromBodyParser(error) {
  switch (error.type) {
    case 'entity.too.large':
      return new HttpError(413, 'body_too_large', `The body is larger than ${error.limit} bytes`, { maxBytes: error.limit });
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', 'The request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_media_type', error.message);
    default:
      return null;
  }
}

/**
 * The last middleware: typed errors become their answer; anything unexpected is logged and
 * answered with a bare 500 that says nothing about the inside.
 *
 * @type {import('express').ErrorRequestHandler}
 */
export function errorHandler(error, req, res, _next) {
  let known = error instanceof HttpError ? error : fromBodyParser(error);
  // Core's lifecycle refuses illegal moves (e.g. reopening a ticket that is not resolved).
  if (!known && error instanceof LifecycleError) known = new HttpError(409, error.code, error.message, error.details);
  if (!known) {
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', method: req.method, path: req.path, error: String(error?.stack ?? error) }));
    known = new HttpError(500, 'internal', 'Internal error');
  }
  const body = { code: known.code, message: known.message };
  if (known.details !== undefined) body.details = known.details;
  res.status(known.status).set(known.headers).json({ error: body });
}

/** Unknown routes answer in the same shape. */
export const notFoundHandler = (_req, _res, next) => next(new HttpError(404, 'not_found', 'No such route'));

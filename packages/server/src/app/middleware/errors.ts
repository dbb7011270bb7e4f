import { LifecycleError, redactPii, type ErrorBody } from '@fankui/core';
import { ROUTES } from '@fankui/core/schema';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HttpError } from '../../errors';
import type { Logger } from '../../logger';
import { InvalidCursorError } from '../../store/shared/cursor';
import { isStoreUnavailable } from '../../store/shared/unavailable';
import type { AppEnv, AppContext } from '../context';

/** The uniform error answer: `{ error: { code, message, details? } }` with the error's headers. */
export function errorResponse(c: AppContext, error: HttpError): Response {
  c.set('errorCode', error.code);
  const body: ErrorBody = {
    error: error.details === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, details: error.details },
  };
  return c.json(body, error.status as 400, error.headers);
}

/** Errors that are the caller's fault arrive typed; everything else is a 500 that says nothing inside. */
function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof InvalidCursorError) return new HttpError(400, 'invalid_query', error.message, { path: 'cursor' });
  if (error instanceof LifecycleError) return new HttpError(409, error.code, error.message, error.details);
  return null;
}

/**
 * The answer while the store is not answering: 503 with `Retry-After`, which clients take
 * as "back off and retry" (a 500 would read as a bug and could be given up on).
 */
export const storeUnavailable = (retryAfterSeconds: number) =>
  new HttpError(503, 'unavailable', `The store is not answering; retry in ${retryAfterSeconds} s`, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });

/**
 * `app.onError`: typed errors become their answer; a store that is not answering becomes
 * 503 `unavailable` with `Retry-After`; anything else is logged (name and a redacted
 * message, never the request) and answered with a bare 500 `internal`.
 */
export function onError(logger: Logger, options: { retryAfterSeconds: number }): ErrorHandler<AppEnv> {
  return (error, c) => {
    const known = toHttpError(error);
    if (known) return errorResponse(c, known);
    if (isStoreUnavailable(error)) {
      logger.log('warn', 'store unavailable', {
        requestId: c.get('requestId'),
        route: c.get('route') ?? null,
        error: error.name,
        code: String((error as { code?: unknown }).code ?? 'none'),
        message: redactPii(String(error.message).slice(0, 500)),
      });
      return errorResponse(c, storeUnavailable(options.retryAfterSeconds));
    }
    logger.log('error', 'unhandled error', {
      requestId: c.get('requestId'),
      route: c.get('route') ?? null,
      error: error.name,
      message: redactPii(String(error.message).slice(0, 500)),
    });
    return errorResponse(c, new HttpError(500, 'internal', `Internal error (request id ${c.get('requestId')})`));
  };
}

const TEMPLATES = ROUTES.map((route) => ({
  method: route.method.toUpperCase(),
  pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** `app.notFound`: 405 with `Allow` when the path exists with other methods, else 404. */
export function onNotFound(): NotFoundHandler<AppEnv> {
  return (c) => {
    const allowed = TEMPLATES.filter((template) => template.pattern.test(c.req.path)).map((template) => template.method);
    if (allowed.length > 0) {
      return errorResponse(c, new HttpError(405, 'method_not_allowed', `Use ${allowed.join(' or ')} on this path`, undefined, { Allow: allowed.join(', ') }));
    }
    return errorResponse(c, new HttpError(404, 'not_found', 'No such route'));
  };
}

import { LifecycleError, redactPii, type ErrorBody } from '@fankui/core';
import { ROUTES } from '@fankui/core/schema';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HttpError } from '../../errors';
import type { Logger } from '../../logger';
import { InvalidCursorError } from '../../store/cursor';
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
 * `app.onError`: typed errors become their answer; anything unexpected is logged (name and
 * a redacted message, never the request) and answered with a bare 500 `internal`.
 */
export function onError(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const known = toHttpError(error);
    if (known) return errorResponse(c, known);
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

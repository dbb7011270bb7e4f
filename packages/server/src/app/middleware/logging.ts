import type { MiddlewareHandler } from 'hono';
import type { LogLevel, Logger } from '../../logger';
import type { AppEnv } from '../context';

/**
 * One structured line per request: method, route template (never the concrete path or the
 * query, which can hold ids and search text), status, duration, request id and the error
 * code of a failed request. Bodies, headers, tokens and contact details are never logged.
 */
export function requestLogger(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const level: LogLevel = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    logger.log(level, 'request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.get('route') ?? null,
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      errorCode: c.get('errorCode'),
    });
  };
}

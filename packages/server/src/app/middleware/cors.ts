import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import type { AppEnv } from '../context';

/**
 * CORS for browsers (H5 builds, the operator console). Credentials are never allowed: the
 * API authenticates with bearer tokens, not cookies, so any origin may call it by default
 * without gaining anything a token does not already give.
 *
 * @example cors(['https://console.example.com'])
 */
export function cors(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  const any = origins.includes('*');
  const exposeHeaders = ['ETag', 'Retry-After', 'X-Request-Id', 'WWW-Authenticate', 'Content-Disposition'];
  const preflight = honoCors({
    origin: any ? '*' : [...origins],
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'X-Request-Id'],
    exposeHeaders,
    credentials: false,
    maxAge: 600,
  });
  const exposed = exposeHeaders.join(',');
  // Other requests get the same headers as hono/cors gives them, but set as defaults of the
  // answer before it is built (hono/cors writes them into `c.res`, which makes Hono build
  // the answer twice).
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('origin') ?? '';
    const allowOrigin = any ? '*' : origins.includes(origin) ? origin : null;
    if (allowOrigin) c.header('Access-Control-Allow-Origin', allowOrigin);
    c.header('Access-Control-Expose-Headers', exposed);
    await next();
    if (!any) c.header('Vary', 'Origin', { append: true });
  };
}

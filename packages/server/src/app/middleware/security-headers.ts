import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';

/**
 * Headers for an API that never serves pages: nothing may be sniffed, framed or run.
 * `Cache-Control: no-store` unless a route chose otherwise, because most answers hold a
 * reporter's tickets and must not sit in a shared cache.
 */
const HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox",
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(HEADERS)) if (!headers.has(name)) headers.set(name, value);
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  };
}

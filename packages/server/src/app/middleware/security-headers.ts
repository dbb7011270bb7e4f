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

const ENTRIES = [...Object.entries(HEADERS), ['Cache-Control', 'no-store']] as const;

/**
 * Set before the route runs, as defaults of the answer Hono builds: a route's own headers
 * (`c.header()`, or those given to `c.json()` / `c.body()`) replace them. Nothing touches
 * `c.res` afterwards, so the answer is built once instead of built and then copied.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    for (const [name, value] of ENTRIES) c.header(name, value);
    await next();
  };
}

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
  return honoCors({
    origin: origins.includes('*') ? '*' : [...origins],
    allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match', 'X-Request-Id'],
    exposeHeaders: ['ETag', 'Retry-After', 'X-Request-Id', 'WWW-Authenticate', 'Content-Disposition'],
    credentials: false,
    maxAge: 600,
  });
}

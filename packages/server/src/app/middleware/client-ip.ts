import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The caller's address for per-IP rate limits. Behind a proxy you run (`trustProxy`), the
 * last `X-Forwarded-For` entry is the one that proxy saw; earlier entries are whatever the
 * client claimed and are ignored. Without Node bindings (tests, other runtimes) → 'unknown'.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

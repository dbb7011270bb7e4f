import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';

/** A caller's own id is kept when it looks like an id; anything else could be used to forge log lines. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when sane, else a UUID), echoed in
 * the `X-Request-Id` response header and in every log line about the request, so a support
 * conversation can start from "my request id was …".
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header('x-request-id');
    const id = given && ACCEPTABLE.test(given) ? given : randomUUID();
    c.set('requestId', id);
    // A default of the answer (errors included), set before it is built.
    c.header('X-Request-Id', id);
    await next();
  };
}

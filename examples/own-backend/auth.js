import { createHash } from 'node:crypto';
import { HttpError } from './errors.js';

/**
 * Who is calling. By default a reporter is the anonymous secret the Fankui client creates
 * on first run (64 hex characters, sent as `Authorization: Bearer <secret>`); the backend
 * keeps only its SHA-256, which becomes the reporter id that owns tickets and attachments.
 *
 * This is where a team plugs in its own auth: pass `identify` to `createApp` and return
 * your user id (a verified JWT's `sub`, a session lookup…), or null to refuse. The client
 * sends whatever `getUserToken()` returns as the bearer token.
 *
 * @example
 * createApp({ identify: async (token) => (await verifyMyJwt(token))?.sub ?? null })
 */

const REPORTER_SECRET = /^[0-9a-f]{64}$/i;

/**
 * The default `identify`: the hash of a well-formed reporter secret, never the secret.
 * @param {string} token
 * @returns {string | null}
 */
export function reporterIdFromSecret(token) {
  if (!REPORTER_SECRET.test(token)) return null;
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Middleware for reporter routes: sets `res.locals.reporterId` or answers 401.
 * @param {(token: string, req: import('express').Request) => string | null | Promise<string | null>} identify
 * @returns {import('express').RequestHandler}
 */
export function requireReporter(identify) {
  return async (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match) throw unauthorized('Send Authorization: Bearer <reporter secret or user token>', false);
    const reporterId = await identify(match[1] ?? '', req);
    if (!reporterId) throw unauthorized('Invalid reporter secret or user token', true);
    res.locals.reporterId = reporterId;
    next();
  };
}

const unauthorized = (message, invalid) =>
  new HttpError(401, 'unauthorized', message, undefined, {
    'WWW-Authenticate': invalid ? 'Bearer realm="fankui", error="invalid_token"' : 'Bearer realm="fankui"',
  });

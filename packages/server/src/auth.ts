import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who is calling. Reporters prove themselves with the random secret their client created
 * on first run (the server keeps only its SHA-256) or with a user token an integrator
 * signed; operators with an operator token. Everything here is pure and synchronous
 * except the operator lookup, which may ask the store.
 */

/** A reporter secret: 256 random bits as 64 hex characters. */
const REPORTER_SECRET = /^[0-9a-f]{64}$/i;
const USER_TOKEN_VERSION = 'v1';
/** A user id longer than this is a mistake, and it ends up in every ticket row. */
const MAX_SUB_LENGTH = 128;

/** SHA-256 of a token as lowercase hex: what the store keeps instead of a secret. */
export function hashToken(token: string): string {
  // One-shot `crypto.hash` (Node ≥ 20.12): the same digest without a Hash object per request.
  return hash('sha256', token, 'hex');
}

const base64url = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');

function signature(secret: string, signed: string): Buffer {
  return createHmac('sha256', secret).update(signed, 'utf8').digest();
}

export interface UserTokenClaims {
  /** The integrator's user id; the reporter becomes `user:<sub>`. */
  sub: string;
  /** Expiry, seconds since the Unix epoch. */
  exp: number;
  /**
   * The user's openid in this mini-program, when the integrator has it: the server then
   * sends subscribe messages (订阅消息) to it without asking the client for a `wx.login` code.
   */
  openid?: string;
}

/** An openid as WeChat makes them (28 characters today); anything else in a token is refused. */
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Signs a user token so that one user sees the same tickets on every device. The format is
 * `v1.<base64url(JSON {sub, exp, openid?})>.<base64url(HMAC-SHA256(secret, "v1." + payload))>`
 * (base64url without padding), so any language can produce it; the server verifies it
 * with the same `userTokenSecret`. `openid` (optional) is the user's openid in the
 * mini-program, for subscribe messages; the server never returns it.
 *
 * @example
 * import { signUserToken } from '@fankui/server';
 * const token = signUserToken(process.env.FANKUI_USER_TOKEN_SECRET!, { sub: 'u_1024', expiresInSeconds: 7 * 24 * 3600 });
 * // hand `token` to the mini-program; the SDK sends it as `Authorization: Bearer <token>`
 */
export function signUserToken(
  secret: string,
  options: { sub: string; expiresInSeconds: number; openid?: string | undefined; now?: Date },
): string {
  const { sub, expiresInSeconds, openid } = options;
  if (!isValidSub(sub)) throw new TypeError(`sub must be 1–${MAX_SUB_LENGTH} characters without control characters`);
  if (!Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) throw new TypeError('expiresInSeconds must be positive');
  if (openid !== undefined && !OPENID.test(openid)) throw new TypeError('openid must be 1–128 letters, digits, _ or -');
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const claims: UserTokenClaims = { sub, exp: now + Math.floor(expiresInSeconds) };
  if (openid !== undefined) claims.openid = openid;
  const payload = base64url(JSON.stringify(claims));
  const signed = `${USER_TOKEN_VERSION}.${payload}`;
  return `${signed}.${base64url(signature(secret, signed))}`;
}

export type UserTokenResult =
  | { ok: true; claims: UserTokenClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/**
 * Checks a user token's signature (constant-time) and expiry.
 *
 * @example verifyUserToken(token, secret).ok // true until `exp`
 */
export function verifyUserToken(token: string, secret: string, now: Date = new Date()): UserTokenResult {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== USER_TOKEN_VERSION) return { ok: false, reason: 'malformed' };
  const [, payload = '', mac = ''] = parts;
  const expected = signature(secret, `${USER_TOKEN_VERSION}.${payload}`);
  // Node's decoder is lenient: it skips `=`, stray characters and standard base64's `+/`,
  // and ignores the last character's spare bits. Only the canonical spelling of the bytes
  // is a signature, so one token has one form (a deny-list or a log search can rely on it).
  // Comparing the given text with its own re-encoding reveals nothing about the expected MAC.
  const given = Buffer.from(mac, 'base64url');
  if (base64url(given) !== mac) return { ok: false, reason: 'bad_signature' };
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { sub, exp, openid } = (claims ?? {}) as Record<string, unknown>;
  if (typeof sub !== 'string' || !isValidSub(sub) || typeof exp !== 'number' || !Number.isFinite(exp)) {
    return { ok: false, reason: 'malformed' };
  }
  if (openid !== undefined && (typeof openid !== 'string' || !OPENID.test(openid))) return { ok: false, reason: 'malformed' };
  if (exp * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: openid === undefined ? { sub, exp } : { sub, exp, openid } };
}

function isValidSub(sub: string): boolean {
  // eslint-disable-next-line no-control-regex
  return sub.length > 0 && sub.length <= MAX_SUB_LENGTH && !/[\u0000-\u001f\u007f]/.test(sub);
}

/** Reads the token of an `Authorization: Bearer <token>` header; null when absent or another scheme. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * The reporter a bearer token names: `sha256(secret)` for a reporter secret (lowercased
 * first, so the same secret in either case is the same reporter), `user:<sub>` for a valid
 * user token; null for anything else.
 *
 * @example reporterIdFromToken('ab'.repeat(32), {}) // sha256 hex of the secret
 */
export function reporterIdFromToken(token: string, options: { userTokenSecret?: string | null; now?: Date }): string | null {
  const reporter = reporterFromToken(token, options);
  return reporter ? reporter.id : null;
}

/** {@link reporterIdFromToken} with the openid a user token may carry (for subscribe messages only). */
export function reporterFromToken(token: string, options: { userTokenSecret?: string | null; now?: Date }): { id: string; openid: string | null } | null {
  if (REPORTER_SECRET.test(token)) return { id: hashToken(token.toLowerCase()), openid: null };
  if (token.startsWith(`${USER_TOKEN_VERSION}.`) && options.userTokenSecret) {
    const result = verifyUserToken(token, options.userTokenSecret, options.now);
    return result.ok ? { id: `user:${result.claims.sub}`, openid: result.claims.openid ?? null } : null;
  }
  return null;
}

/** A new operator token, `fko_` and 43 base64url characters (256 bits). Shown once, stored hashed. */
export function newOperatorToken(): string {
  return `fko_${randomBytes(32).toString('base64url')}`;
}

/** An operator as the timeline shows them: a display name, and where their token comes from. */
export interface Operator {
  name: string;
  /** `config`: the server's configuration; `store`: created with the CLI or the console. */
  source?: 'config' | 'store';
}

/** Configured operator tokens after start-up: only hashes, with the name to show. */
export interface OperatorCredential {
  name: string;
  tokenHash: string;
}

/**
 * Returns a function that finds the operator a token belongs to: first among the configured
 * tokens (compared by hash in constant time), then among the tokens created with the CLI.
 *
 * @example const authenticate = operatorAuthenticator(credentials, (hash) => store.findOperatorToken(hash));
 */
export function operatorAuthenticator(
  configured: readonly OperatorCredential[],
  findStored: (tokenHash: string) => Promise<{ name: string } | null>,
): (token: string) => Promise<Operator | null> {
  const hashes = configured.map((credential) => ({ name: credential.name, hash: Buffer.from(credential.tokenHash, 'hex') }));
  return async (token) => {
    const hash = hashToken(token);
    const given = Buffer.from(hash, 'hex');
    let found: Operator | null = null;
    // Compare against every configured hash so the time taken says nothing about which matched.
    for (const candidate of hashes) {
      if (candidate.hash.length === given.length && timingSafeEqual(candidate.hash, given)) found ??= { name: candidate.name, source: 'config' };
    }
    if (found) return found;
    const stored = await findStored(hash);
    return stored ? { name: stored.name, source: 'store' } : null;
  };
}

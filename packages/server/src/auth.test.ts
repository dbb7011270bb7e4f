import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearerToken, hashToken, operatorAuthenticator, reporterFromToken, reporterIdFromToken, signUserToken, verifyUserToken } from './auth';

const SECRET = 'a-shared-secret-of-at-least-32-chars!';

describe('user tokens', () => {
  it('round-trips and names the reporter user:<sub>', () => {
    const token = signUserToken(SECRET, { sub: 'u_1024', expiresInSeconds: 60 });
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUserToken(token, SECRET)).toMatchObject({ ok: true, claims: { sub: 'u_1024' } });
    expect(reporterIdFromToken(token, { userTokenSecret: SECRET })).toBe('user:u_1024');
    expect(reporterIdFromToken(token, { userTokenSecret: null })).toBeNull();
  });

  it('can be signed by any language from the documented format', () => {
    const payload = Buffer.from(JSON.stringify({ sub: '张三', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    const mac = createHmac('sha256', SECRET).update(`v1.${payload}`).digest('base64url');
    expect(verifyUserToken(`v1.${payload}.${mac}`, SECRET)).toMatchObject({ ok: true, claims: { sub: '张三' } });
  });

  it('refuses expired, tampered and malformed tokens', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const token = signUserToken(SECRET, { sub: 'u', expiresInSeconds: 60, now });
    expect(verifyUserToken(token, SECRET, new Date('2026-01-01T00:01:00Z'))).toEqual({ ok: false, reason: 'expired' });
    const [version, payload, mac] = token.split('.');
    const other = Buffer.from(JSON.stringify({ sub: 'admin', exp: 9e9 })).toString('base64url');
    expect(verifyUserToken(`${version}.${other}.${mac}`, SECRET, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyUserToken(`${version}.${payload}.${mac}`, 'another-secret-another-secret-another', now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyUserToken('v2.a.b', SECRET)).toEqual({ ok: false, reason: 'malformed' });
    // The same bytes spelled another way are not the signature.
    const standard = Buffer.from(mac!, 'base64url').toString('base64');
    for (const variant of [`${mac}=`, `${mac}!!`, standard, standard.replace(/=+$/, '')]) {
      if (variant === mac) continue;
      expect(verifyUserToken(`${version}.${payload}.${variant}`, SECRET, now), variant).toEqual({ ok: false, reason: 'bad_signature' });
    }
    expect(verifyUserToken(`${version}.${payload}.${mac}`, SECRET, now)).toMatchObject({ ok: true });
    expect(verifyUserToken('v1.a', SECRET)).toEqual({ ok: false, reason: 'malformed' });
    expect(() => signUserToken(SECRET, { sub: '', expiresInSeconds: 1 })).toThrow(TypeError);
    expect(() => signUserToken(SECRET, { sub: 'u', expiresInSeconds: 0 })).toThrow(TypeError);
  });
});

describe('reporter secrets', () => {
  it('become the hash of the secret, whatever its case', () => {
    const secret = 'AB'.repeat(32);
    expect(reporterIdFromToken(secret, {})).toBe(hashToken(secret.toLowerCase()));
    expect(reporterIdFromToken(secret.toLowerCase(), {})).toBe(hashToken(secret.toLowerCase()));
    expect(reporterIdFromToken('ab'.repeat(31), {})).toBeNull();
    expect(reporterIdFromToken('zz'.repeat(32), {})).toBeNull();
  });

  it('are read from a Bearer header only', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe('user tokens with an openid (subscribe messages)', () => {
  /** A token signed by hand, for payloads `signUserToken` would refuse to make. */
  const signed = (claims: unknown) => {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `v1.${payload}.${createHmac('sha256', SECRET).update(`v1.${payload}`).digest('base64url')}`;
  };
  const exp = () => Math.floor(Date.now() / 1000) + 60;

  it('carries the openid to the reporter, and leaves it out when none was signed', () => {
    const token = signUserToken(SECRET, { sub: 'u_1024', openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', expiresInSeconds: 60 });
    expect(verifyUserToken(token, SECRET)).toMatchObject({ ok: true, claims: { sub: 'u_1024', openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' } });
    expect(reporterFromToken(token, { userTokenSecret: SECRET })).toEqual({ id: 'user:u_1024', openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' });
    expect(reporterFromToken(signUserToken(SECRET, { sub: 'u_1024', expiresInSeconds: 60 }), { userTokenSecret: SECRET })).toEqual({ id: 'user:u_1024', openid: null });
    expect(reporterFromToken('ab'.repeat(32), {})).toEqual({ id: hashToken('ab'.repeat(32)), openid: null });
  });

  it('refuses an openid that is not a plain id, when signing and when verifying', () => {
    expect(() => signUserToken(SECRET, { sub: 'u_1', openid: 'o6 with spaces', expiresInSeconds: 60 })).toThrow(TypeError);
    expect(() => signUserToken(SECRET, { sub: 'u_1', openid: '', expiresInSeconds: 60 })).toThrow(TypeError);
    for (const openid of [42, '', 'x'.repeat(129), 'o6/../etc']) expect(verifyUserToken(signed({ sub: 'u_1', exp: exp(), openid }), SECRET)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyUserToken(signed({ sub: 'u_1', exp: exp(), openid: 'oValid_-1' }), SECRET)).toMatchObject({ ok: true });
  });
});

describe('operator tokens', () => {
  it('match configured hashes first, then the store', async () => {
    const stored: string[] = [];
    const authenticate = operatorAuthenticator([{ name: '小王', tokenHash: hashToken('configured-token-1234') }], async (hash) => {
      stored.push(hash);
      return hash === hashToken('stored-token-123456') ? { name: '小李' } : null;
    });
    expect(await authenticate('configured-token-1234')).toEqual({ name: '小王', source: 'config' });
    expect(stored).toEqual([]);
    expect(await authenticate('stored-token-123456')).toEqual({ name: '小李', source: 'store' });
    expect(await authenticate('unknown')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { HttpError } from '../../errors';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  const policy = { enabled: true, perReporter: { burst: 2, perMinute: 60 }, perIp: { burst: 100, perMinute: 60 } };

  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const limiter = new RateLimiter(policy, () => now);
    expect(limiter.take('reporter', 'r').ok).toBe(true);
    expect(limiter.take('reporter', 'r').ok).toBe(true);
    expect(limiter.take('reporter', 'r')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('reporter', 'other').ok).toBe(true); // buckets are per key
    now += 1_000;
    expect(limiter.take('reporter', 'r').ok).toBe(true);
    expect(limiter.take('reporter', 'r').ok).toBe(false);
  });

  it('says how long to wait in whole seconds', () => {
    const limiter = new RateLimiter({ ...policy, perReporter: { burst: 1, perMinute: 6 } }, () => 0);
    limiter.take('reporter', 'r');
    expect(limiter.take('reporter', 'r')).toEqual({ ok: false, retryAfterSeconds: 10 });
    try {
      limiter.check('reporter', 'r');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 429, code: 'rate_limited', headers: { 'Retry-After': '10' } });
    }
  });

  it('can be switched off', () => {
    const limiter = new RateLimiter({ ...policy, enabled: false }, () => 0);
    for (let i = 0; i < 10; i++) expect(limiter.take('reporter', 'r').ok).toBe(true);
  });
});

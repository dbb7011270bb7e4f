import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff';

const policy = { startMs: 2_000, capMs: 3_600_000 };

describe('backoffDelay', () => {
  it('never waits less than the start nor more than the cap, at any attempt', () => {
    for (let attempt = 0; attempt < 60; attempt++) {
      for (const draw of [0, 0.25, 0.5, 0.999999]) {
        const delay = backoffDelay(attempt, policy, () => draw);
        expect(delay).toBeGreaterThanOrEqual(policy.startMs);
        expect(delay).toBeLessThanOrEqual(policy.capMs);
      }
    }
  });

  it('grows exponentially: the ceiling doubles each attempt until the cap', () => {
    const ceilings = [0, 1, 2, 3, 10, 20].map((attempt) => backoffDelay(attempt, policy, () => 1));
    expect(ceilings).toEqual([4_000, 8_000, 16_000, 32_000, 3_600_000, 3_600_000]);
  });

  it('spreads retries over the whole window (full jitter)', () => {
    const delays = Array.from({ length: 2_000 }, () => backoffDelay(5, policy));
    const ceiling = Math.min(policy.capMs, policy.startMs * 2 ** 6);
    const buckets = [0, 0, 0, 0];
    for (const delay of delays) buckets[Math.min(3, Math.floor(((delay - policy.startMs) / (ceiling - policy.startMs)) * 4))]!++;
    // Each quarter of the window gets a fair share; nobody clusters at the ceiling.
    for (const count of buckets) expect(count).toBeGreaterThan(350);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T08:00:00Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 08:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 07:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read, and caps absurd waits at a day', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('99999999', now)).toBe(86_400_000);
  });
});

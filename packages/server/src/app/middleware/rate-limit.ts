import { HttpError } from '../../errors';

/** A token bucket: `burst` requests at once, refilled at `perMinute`. */
export interface BucketPolicy {
  burst: number;
  perMinute: number;
}

export interface RateLimitPolicy {
  enabled: boolean;
  perReporter: BucketPolicy;
  perIp: BucketPolicy;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept per scope before idle ones are dropped; bounds memory under address churn. */
const MAX_KEYS = 100_000;

/**
 * Per-reporter and per-IP token buckets, in memory (one process; a cluster would share
 * them through the store, see the scale-out issue). A refused request learns, in whole
 * seconds, when its next token arrives.
 *
 * @example
 * const limiter = new RateLimiter(config.rateLimit);
 * limiter.check('ip', '203.0.113.7'); // throws HttpError 429 with Retry-After when empty
 */
export class RateLimiter {
  private readonly buckets = { ip: new Map<string, Bucket>(), reporter: new Map<string, Bucket>() };

  constructor(
    private readonly policy: RateLimitPolicy,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes a token or returns the seconds until one is available. */
  take(scope: 'ip' | 'reporter', key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (!this.policy.enabled) return { ok: true };
    const { burst, perMinute } = scope === 'ip' ? this.policy.perIp : this.policy.perReporter;
    const perMs = perMinute / 60_000;
    const buckets = this.buckets[scope];
    const now = this.now();
    const existing = buckets.get(key);
    const tokens = existing ? Math.min(burst, existing.tokens + (now - existing.at) * perMs) : burst;
    // Re-inserting keeps the map in least-recently-used order for pruning.
    buckets.delete(key);
    if (tokens >= 1) {
      buckets.set(key, { tokens: tokens - 1, at: now });
      if (buckets.size > MAX_KEYS) this.prune(buckets);
      return { ok: true };
    }
    buckets.set(key, { tokens, at: now });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
  }

  /** Like `take`, but refuses with the 429 error (uniform body and `Retry-After`). */
  check(scope: 'ip' | 'reporter', key: string): void {
    const result = this.take(scope, key);
    if (!result.ok) {
      throw new HttpError(429, 'rate_limited', `Too many requests; retry in ${result.retryAfterSeconds} s`, { retryAfterSeconds: result.retryAfterSeconds }, {
        'Retry-After': String(result.retryAfterSeconds),
      });
    }
  }

  /** Drops the least recently used tenth; a dropped bucket simply starts full again. */
  private prune(buckets: Map<string, Bucket>): void {
    let drop = Math.ceil(buckets.size / 10);
    for (const key of buckets.keys()) {
      if (drop-- <= 0) break;
      buckets.delete(key);
    }
  }
}

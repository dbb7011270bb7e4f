import { HttpError } from './errors.js';

/**
 * A per-reporter rate limit (a token bucket): `burst` requests at once, refilled at
 * `perSecond`. Beyond it the answer is 429 `rate_limited` with `Retry-After` in seconds;
 * the client waits that long and resends, so nothing is lost. Send the same header with a
 * 503 when your backend sheds load. One process only: with several, keep the buckets in
 * Redis or let your gateway do this.
 *
 * @param {{ burst: number, perSecond: number, now?: () => number }} options
 * @returns {import('express').RequestHandler} runs after authentication (reads `res.locals.reporterId`)
 */
export function rateLimit({ burst, perSecond, now = Date.now }) {
  /** @type {Map<string, { tokens: number, at: number }>} */
  const buckets = new Map();
  return (_req, res, next) => {
    const at = now();
    const key = res.locals.reporterId;
    const bucket = buckets.get(key) ?? { tokens: burst, at };
    bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
    bucket.at = at;
    if (buckets.size >= 10_000 && !buckets.has(key)) forgetIdle(buckets, at);
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      throw new HttpError(429, 'rate_limited', `Too many requests; retry in ${seconds} s`, { retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
    }
    bucket.tokens -= 1;
    next();
  };

  /** Buckets that have refilled completely hold nothing worth keeping. */
  function forgetIdle(buckets, at) {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + ((at - bucket.at) / 1000) * perSecond >= burst) buckets.delete(key);
    }
  }
}

/** How long the queue waits between failed attempts. */
export interface RetryPolicy {
  /** The shortest wait, and the base of the exponential growth. Default 2 s. */
  startMs: number;
  /** The longest wait. Default 1 h. */
  capMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first retry): exponential growth with
 * full jitter, drawn uniformly from [start, min(cap, start·2^(attempt+1))] so that clients
 * that failed together do not come back together, and never sooner than `startMs`.
 *
 * @example backoffDelay(0, { startMs: 2000, capMs: 3_600_000 }) // between 2000 and 4000
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.startMs * 2 ** Math.min(attempt + 1, 40));
  return Math.round(policy.startMs + random() * Math.max(0, ceiling - policy.startMs));
}

/** A server's `Retry-After` is honoured up to a day; anything longer is treated as a day. */
const RETRY_AFTER_MAX_MS = 86_400_000;

/**
 * Milliseconds to wait according to a `Retry-After` header: delay-seconds or an HTTP date.
 * Undefined when the header is absent or unreadable.
 *
 * @example parseRetryAfter('120', Date.now()) // 120000
 * @example parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.now())
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(0, ms), RETRY_AFTER_MAX_MS);
}

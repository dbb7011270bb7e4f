/**
 * Values both stores derive from records the same way, so SQLite and PostgreSQL agree to
 * the bit: canonical timestamps, UTC days and durations in minutes.
 */

const MINUTE_MS = 60_000;

// A ticket's timestamps and its events' mostly repeat one value: the last one is converted once.
let lastValue: string | undefined;
let lastCanonical = '';

/**
 * The canonical form of a timestamp: `Date#toISOString()`. Stored timestamps must all have
 * this exact shape because the embedded store compares them as text.
 *
 * @throws RangeError for a string that is not a date.
 * @example canonicalTime('2026-01-01T08:00:00Z') // '2026-01-01T08:00:00.000Z'
 */
export function canonicalTime(value: string): string {
  if (value === lastValue) return lastCanonical;
  const canonical = new Date(value).toISOString();
  lastValue = value;
  lastCanonical = canonical;
  return canonical;
}

/** `canonicalTime` that lets null through. */
export function canonicalTimeOrNull(value: string | null): string | null {
  return value === null ? null : canonicalTime(value);
}

/**
 * Minutes from `start` to `end` (fractional, negative if `end` is earlier), or null when
 * `end` is null. Computed in JavaScript for both stores so percentiles match exactly.
 *
 * @example minutesBetween('2026-01-01T08:00:00.000Z', '2026-01-01T08:01:30.000Z') // 1.5
 */
export function minutesBetween(start: string, end: string | null): number | null {
  return end === null ? null : (Date.parse(end) - Date.parse(start)) / MINUTE_MS;
}

/**
 * The UTC day (`YYYY-MM-DD`) of a canonical timestamp.
 *
 * @example utcDay('2026-01-01T23:59:59.999Z') // '2026-01-01'
 */
export function utcDay(canonical: string): string {
  return canonical.slice(0, 10);
}

/**
 * Values both stores derive from records the same way, so SQLite and PostgreSQL agree to
 * the bit: canonical timestamps, UTC days and durations in minutes.
 */

// Implemented once in sqlite/writer.cjs, where the embedded store's writer worker converts
// new tickets (it cannot load TypeScript); documented in sqlite/writer.d.cts.
export { canonicalTime, canonicalTimeOrNull, minutesBetween } from '../sqlite/rows';

/**
 * The UTC day (`YYYY-MM-DD`) of a canonical timestamp.
 *
 * @example utcDay('2026-01-01T23:59:59.999Z') // '2026-01-01'
 */
export function utcDay(canonical: string): string {
  return canonical.slice(0, 10);
}

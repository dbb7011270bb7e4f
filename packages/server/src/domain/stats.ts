import type { AdminStats } from '@fankui/core';
import type { StatsRecord } from '../store/store';

/** Without `from`, statistics cover this many days before `to`. */
export const DEFAULT_STATS_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A fraction, or null when there is nothing to divide by (no tickets is not a 0 % breach rate). */
const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * The stats range: `to` defaults to now, `from` to 30 days before `to`.
 *
 * @example statsRange({}, new Date('2026-11-23T00:00:00Z')) // { from: '2026-10-24T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' }
 */
export function statsRange(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_STATS_DAYS * DAY_MS);
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The store's aggregates → the wire's `AdminStats`, with rates as fractions. */
export function toAdminStats(range: { from: string; to: string }, stats: StatsRecord): AdminStats {
  return {
    from: range.from,
    to: range.to,
    total: stats.total,
    open: stats.open,
    byCategory: stats.byCategory,
    byDay: stats.byDay,
    byPriority: stats.byPriority,
    firstResponse: stats.firstResponse,
    resolution: stats.resolution,
    slaBreachRate: rate(stats.slaBreaches, stats.total),
    csat: {
      count: stats.ratings.count,
      average: stats.ratings.average,
      satisfiedRate: rate(stats.ratings.satisfied, stats.ratings.count),
      distribution: stats.ratings.distribution,
    },
    reopenRate: rate(stats.reopened, stats.resolvedEver),
    deflections: stats.deflections,
    hotKeywords: stats.hotKeywords,
  };
}

import { PRIORITIES, type Priority } from '@fankui/core';
import type { StatsRecord } from '../types';

/** Additive totals over the tickets created in a range. */
export interface StatsTotals {
  total: number;
  open: number;
  /** First responses (or resolutions, whichever came first) after their due time. */
  late: number;
  ratings: number;
  ratingSum: number;
  /** Ratings of 4 or 5 stars. */
  satisfied: number;
  reopened: number;
  resolvedEver: number;
  firstResponses: number;
  resolutions: number;
}

/**
 * What each store's SQL measures, in any order; `assembleStats` sorts and shapes it the
 * same way for both, so the two stores answer byte-for-byte alike.
 */
export interface StatsParts {
  totals: StatsTotals;
  byDay: { day: string; category: string | null; count: number }[];
  byCategory: { category: string | null; count: number }[];
  byPriority: { priority: Priority; count: number }[];
  /** Tickets in range still unanswered past their first-response due time at `now`. */
  unansweredOverdue: number;
  firstResponse: StatsRecord['firstResponse'];
  resolution: StatsRecord['resolution'];
  deflections: number;
  hotKeywords: StatsRecord['hotKeywords'];
  /** Rated tickets per score (1..5); scores nobody gave may be absent. */
  ratingScores: { score: number; count: number }[];
}

/** The scores of a rating, lowest first: `ratings.distribution` has one count per entry. */
export const RATING_SCORES = [1, 2, 3, 4, 5] as const;

/** How many keywords `hotKeywords` lists. */
export const HOT_KEYWORDS_LIMIT = 10;

/**
 * The 0-based position of the nearest-rank percentile `p` (0 < p ≤ 100) among `n` sorted
 * values, or null when there are none. Integer arithmetic: `0.9 * n` can land a hair
 * above an integer in floating point and skip a rank.
 *
 * @example percentileOffset(90, 10) // 8 (the 9th value)
 */
export function percentileOffset(p: number, n: number): number | null {
  return n === 0 ? null : Math.ceil((p * n) / 100) - 1;
}

/**
 * Orders text the way both databases compare it (`BINARY` in SQLite, `COLLATE "C"` in
 * PostgreSQL): by UTF-8 bytes, with null (no category) last.
 */
export function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Shapes measured parts into a `StatsRecord`: `byDay` by day then category, `byCategory`
 * by count (largest first) then category, `byPriority` from most urgent; empty groups
 * are left out.
 */
export function assembleStats(parts: StatsParts): StatsRecord {
  const { totals } = parts;
  return {
    total: totals.total,
    open: totals.open,
    byCategory: parts.byCategory
      .filter((row) => row.count > 0)
      .sort((a, b) => b.count - a.count || compareText(a.category, b.category)),
    byDay: parts.byDay
      .filter((row) => row.count > 0)
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : compareText(a.category, b.category))),
    byPriority: PRIORITIES.flatMap((priority) => {
      const count = parts.byPriority.find((row) => row.priority === priority)?.count ?? 0;
      return count > 0 ? [{ priority, count }] : [];
    }),
    firstResponse: parts.firstResponse,
    resolution: parts.resolution,
    slaBreaches: totals.late + parts.unansweredOverdue,
    ratings: {
      count: totals.ratings,
      average: totals.ratings === 0 ? null : totals.ratingSum / totals.ratings,
      satisfied: totals.satisfied,
      distribution: RATING_SCORES.map((score) => parts.ratingScores.find((row) => row.score === score)?.count ?? 0),
    },
    reopened: totals.reopened,
    resolvedEver: totals.resolvedEver,
    deflections: parts.deflections,
    hotKeywords: parts.hotKeywords,
  };
}

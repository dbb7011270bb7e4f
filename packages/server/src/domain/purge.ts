import type { ServerConfig } from '../config';
import type { Logger } from '../logger';
import { every, type Periodic } from './periodic';
import type { Store } from '../store/store';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** What one purge removed. */
export interface PurgeResult {
  /** Uploads no ticket referred to within the grace period, deleted with their bytes. */
  unattachedAttachments: number;
  /** Tickets whose personal data the retention setting removed (null: retention is off). */
  tickets: string[] | null;
}

/**
 * Deletes uploads no submission referred to within `uploads.graceHours`, and, when
 * `retentionDays` is set, removes the personal data of tickets resolved, closed or rejected
 * at least that many days ago (their last change), keeping anonymised rows for statistics.
 * Safe to run from several processes at once: each row is purged by one of them.
 *
 * @example const { unattachedAttachments, tickets } = await purge(store, config, new Date());
 */
export async function purge(store: Store, config: ServerConfig, now: Date): Promise<PurgeResult> {
  const at = now.getTime();
  const unattachedAttachments = await store.purgeUnattachedAttachments(new Date(at - config.uploads.graceHours * HOUR_MS).toISOString());
  const tickets =
    config.retentionDays > 0 ? await store.purgeTicketPersonalData(new Date(at - config.retentionDays * DAY_MS).toISOString(), now.toISOString()) : null;
  // The openids kept for subscribe messages are personal data too.
  if (tickets && tickets.length > 0) await store.forgetSubscriptions(tickets);
  return { unattachedAttachments, tickets };
}

/** A running purge timer. */
export type PurgeTimer = Periodic;

/**
 * Runs {@link purge} every `purgeIntervalSeconds` (the first run one interval after start, so
 * short-lived processes never purge), logging what it removed and any failure; a failed run
 * (the database down) is retried at the next tick. Does nothing when the interval is 0.
 */
export function startPurgeTimer(store: Store, config: ServerConfig, now: () => Date, logger: Logger): PurgeTimer {
  return every(config.purgeIntervalSeconds, 'purge', logger, async () => {
    const { unattachedAttachments, tickets } = await purge(store, config, now());
    if (unattachedAttachments > 0 || (tickets !== null && tickets.length > 0)) {
      logger.log('info', 'purged', { unattachedAttachments, tickets: tickets === null ? 0 : tickets.length });
    }
  });
}

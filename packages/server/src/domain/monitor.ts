import type { ServerConfig } from '../config';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { detectSpikes } from './alerts';
import { every, type Periodic } from './periodic';
import { detectSlaBreaches } from './sla-breaches';

/** The running checks: spike alerts and SLA breaches. */
export type Monitors = Periodic;

/**
 * Starts this process's spike check (`alerts.checkIntervalSeconds`) and SLA breach check
 * (`slaBreaches.checkIntervalSeconds`). Each alert and breach is marked in the store, so
 * with several processes each is raised once; `queued` wakes the webhook sender.
 *
 * @example const monitors = startMonitors(store, config, () => new Date(), logger, sender.wake); … await monitors.stop();
 */
export function startMonitors(store: Store, config: ServerConfig, now: () => Date, logger: Logger, queued: () => void): Monitors {
  const checks = [
    every(config.alerts.checkIntervalSeconds, 'spike check', logger, async () => {
      const opened = await detectSpikes(store, config, now());
      for (const alert of opened) logger.log('warn', 'spike alert opened', { alert: alert.id, kind: alert.kind, subject: alert.subject, count: alert.count, baseline: alert.baseline });
      if (opened.length > 0) queued();
    }),
    every(config.slaBreaches.checkIntervalSeconds, 'sla breach check', logger, async () => {
      const breaches = await detectSlaBreaches(store, config, now());
      if (breaches.length > 0) {
        logger.log('info', 'sla breaches', { count: breaches.length });
        queued();
      }
    }),
  ];
  return {
    async stop() {
      await Promise.all(checks.map((check) => check.stop()));
    },
  };
}

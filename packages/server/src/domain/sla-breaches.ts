import type { ServerConfig } from '../config';
import type { BreachOutbox, SlaBreachRecord, Store } from '../store/store';
import { toAdminTicketSummary } from './views';
import { eventDeliveries } from './webhooks';

const HOUR_MS = 3_600_000;

/**
 * One check for missed SLA due times: marks each first-response or resolution due time an
 * open ticket missed (in the last `slaBreaches.lookbackHours`) in the store, atomically, so
 * that however many server processes check, one of them gets each, and queues
 * `ticket.sla_breached` for those, in the marks' transaction (marks and deliveries are kept
 * together or not at all). A new due time (a priority change, a reopen) is a breach of its own.
 *
 * @example const breaches = await detectSlaBreaches(store, config, new Date());
 */
export async function detectSlaBreaches(store: Store, config: ServerConfig, now: Date): Promise<SlaBreachRecord[]> {
  const at = now.toISOString();
  const since = new Date(now.getTime() - config.slaBreaches.lookbackHours * HOUR_MS).toISOString();
  const outbox: BreachOutbox | undefined =
    config.webhooks.endpoints.length === 0
      ? undefined
      : (breach, ticket) => {
          const data = { ticket: toAdminTicketSummary(ticket, now), breach: { kind: breach.kind, dueAt: breach.dueAt } };
          // No timeline event stands behind a breach: its id names the ticket, kind and due time.
          const eventId = `${ticket.id}:${breach.kind}:${breach.dueAt}`;
          return eventDeliveries(config, { event: 'ticket.sla_breached', eventId, at: breach.dueAt, data }, ticket.id, now);
        };
  return store.claimSlaBreaches({ since, now: at, at }, outbox);
}

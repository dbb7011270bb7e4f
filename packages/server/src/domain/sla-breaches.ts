import type { ServerConfig } from '../config';
import type { SlaBreachRecord, Store, WebhookDeliveryRecord } from '../store/store';
import { toAdminTicketSummary } from './views';
import { eventDeliveries } from './webhooks';

const HOUR_MS = 3_600_000;

/**
 * One check for missed SLA due times: marks each first-response or resolution due time an
 * open ticket missed (in the last `slaBreaches.lookbackHours`) in the store, atomically, so
 * that however many server processes check, one of them gets each, and queues
 * `ticket.sla_breached` for those. A new due time (a priority change, a reopen) is a breach
 * of its own. Like ticket webhooks, the deliveries are written right after the marks: a
 * crash in between loses those events.
 *
 * @example const breaches = await detectSlaBreaches(store, config, new Date());
 */
export async function detectSlaBreaches(store: Store, config: ServerConfig, now: Date): Promise<SlaBreachRecord[]> {
  const at = now.toISOString();
  const since = new Date(now.getTime() - config.slaBreaches.lookbackHours * HOUR_MS).toISOString();
  const breaches = await store.claimSlaBreaches({ since, now: at, at });
  if (breaches.length === 0 || config.webhooks.endpoints.length === 0) return breaches;
  const rows: WebhookDeliveryRecord[] = [];
  for (const breach of breaches) {
    const ticket = await store.getTicket(breach.ticketId);
    if (!ticket) continue;
    const data = { ticket: toAdminTicketSummary(ticket, now), breach: { kind: breach.kind, dueAt: breach.dueAt } };
    // No timeline event stands behind a breach: its id names the ticket, kind and due time.
    const eventId = `${ticket.id}:${breach.kind}:${breach.dueAt}`;
    rows.push(...eventDeliveries(config, { event: 'ticket.sla_breached', eventId, at: breach.dueAt, data }, ticket.id, now));
  }
  await store.enqueueWebhookDeliveries(rows);
  return breaches;
}

import type { WebhookDeliveryRecord } from '../webhook-types';

/** A `webhook_deliveries` row as a driver returns it; `Time` is text (SQLite) or a Date (PostgreSQL). */
export interface WebhookDeliveryRow<Time> {
  id: string;
  endpoint: string;
  event: string;
  ticket_id: string | null;
  body: string;
  status: WebhookDeliveryRecord['status'];
  attempts: number;
  next_attempt_at: Time;
  last_error: string | null;
  last_status: number | null;
  created_at: Time;
  delivered_at: Time | null;
}

/** The columns both engines select and insert, in this order. */
export const WEBHOOK_DELIVERY_COLUMNS = 'id, endpoint, event, ticket_id, body, status, attempts, next_attempt_at, last_error, last_status, created_at, delivered_at';

/** A row → the record, with `time` turning the engine's timestamps into ISO text. */
export function toWebhookDelivery<Time>(row: WebhookDeliveryRow<Time>, time: (value: Time) => string): WebhookDeliveryRecord {
  return {
    id: row.id,
    endpoint: row.endpoint,
    event: row.event,
    ticketId: row.ticket_id,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: time(row.next_attempt_at),
    lastError: row.last_error,
    lastStatus: row.last_status,
    createdAt: time(row.created_at),
    deliveredAt: row.delivered_at === null ? null : time(row.delivered_at),
  };
}

/** Claimed rows oldest first, whatever order `RETURNING` gave them in. */
export const byCreation = (a: WebhookDeliveryRecord, b: WebhookDeliveryRecord): number => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

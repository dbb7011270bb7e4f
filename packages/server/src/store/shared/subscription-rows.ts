import type { SubscriptionRecord } from '../subscription-types';

/** A `wechat_subscriptions` row as a driver returns it; `Time` is text (SQLite) or a Date (PostgreSQL). */
export interface SubscriptionRow<Time> {
  id: string;
  ticket_id: string;
  openid: string;
  template_id: string;
  kind: SubscriptionRecord['kind'];
  status: SubscriptionRecord['status'];
  error: string | null;
  created_at: Time;
  updated_at: Time;
}

/** The columns both engines select and insert, in this order. */
export const SUBSCRIPTION_COLUMNS = 'id, ticket_id, openid, template_id, kind, status, error, created_at, updated_at';

/** A row → the record, with `time` turning the engine's timestamps into ISO text. */
export function toSubscription<Time>(row: SubscriptionRow<Time>, time: (value: Time) => string): SubscriptionRecord {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    openid: row.openid,
    templateId: row.template_id,
    kind: row.kind,
    status: row.status,
    error: row.error,
    createdAt: time(row.created_at),
    updatedAt: time(row.updated_at),
  };
}

import type pg from 'pg';
import { SUBSCRIPTION_COLUMNS, toSubscription, type SubscriptionRow } from '../shared/subscription-rows';
import type { SubscriptionRecord, SubscriptionStore } from '../subscription-types';

const toRecord = (row: SubscriptionRow<Date>) => toSubscription(row, (value: Date) => value.toISOString());

// The candidate is locked as it is chosen and one another instance is taking is skipped, so
// two instances never take the same subscription (and neither waits for the other).
const TAKE_SQL = `UPDATE wechat_subscriptions SET status = 'queued', updated_at = $3
  WHERE status = 'accepted' AND id = (
    SELECT id FROM wechat_subscriptions WHERE ticket_id = $1 AND kind = $2 AND status = 'accepted'
    ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
  )
  RETURNING ${SUBSCRIPTION_COLUMNS}`;

const INSERT_SQL = `INSERT INTO wechat_subscriptions (${SUBSCRIPTION_COLUMNS})
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])`;

/** Subscribe-message subscriptions on the PostgreSQL store's pool. */
export function postgresSubscriptions(pool: pg.Pool): SubscriptionStore {
  return {
    async addSubscriptions(records) {
      if (records.length === 0) return;
      const column = <K extends keyof SubscriptionRecord>(key: K) => records.map((record) => record[key]);
      await pool.query({
        name: 'subscription-add',
        text: INSERT_SQL,
        values: [column('id'), column('ticketId'), column('openid'), column('templateId'), column('kind'), column('status'), column('error'), column('createdAt'), column('updatedAt')],
      });
    },
    async takeSubscription(ticketId, kind, at) {
      const result = await pool.query<SubscriptionRow<Date>>({ name: 'subscription-take', text: TAKE_SQL, values: [ticketId, kind, at] });
      const row = result.rows[0];
      return row ? toRecord(row) : null;
    },
    async getSubscription(id) {
      const result = await pool.query<SubscriptionRow<Date>>({ name: 'subscription-get', text: `SELECT ${SUBSCRIPTION_COLUMNS} FROM wechat_subscriptions WHERE id = $1`, values: [id] });
      const row = result.rows[0];
      return row ? toRecord(row) : null;
    },
    async finishSubscription(id, outcome) {
      await pool.query({
        name: 'subscription-finish',
        text: `UPDATE wechat_subscriptions SET status = $2, error = $3, updated_at = $4 WHERE id = $1`,
        values: [id, outcome.status, outcome.error, outcome.at],
      });
    },
    async forgetSubscriptions(ticketIds) {
      if (ticketIds.length === 0) return 0;
      const result = await pool.query({ name: 'subscription-forget', text: `DELETE FROM wechat_subscriptions WHERE ticket_id = ANY($1::text[])`, values: [ticketIds] });
      return result.rowCount ?? 0;
    },
  };
}

import type pg from 'pg';
import { checkLimit, decodeCursor, toPage } from '../shared/cursor';
import { WEBHOOK_DELIVERY_COLUMNS, byCreation, toWebhookDelivery, type WebhookDeliveryRow } from '../shared/webhook-rows';
import type { WebhookDeliveryRecord, WebhookOutbox } from '../webhook-types';

type DeliveryRow = WebhookDeliveryRow<Date>;

const COLUMNS = WEBHOOK_DELIVERY_COLUMNS;
const toDelivery = (row: DeliveryRow) => toWebhookDelivery(row, (value: Date) => value.toISOString());

// One statement: the due rows are locked as they are chosen, and rows another instance is
// claiming at this moment are skipped rather than waited for, so no two instances hold one.
const CLAIM_SQL = `UPDATE webhook_deliveries SET next_attempt_at = $2, claimed_by = $3
  WHERE id IN (
    SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1
    ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED
  )
  RETURNING ${COLUMNS}`;

const FINISH_SQL = `UPDATE webhook_deliveries SET status = $3, attempts = $4, next_attempt_at = $5, last_error = $6, last_status = $7,
    delivered_at = $8, claimed_by = NULL
  WHERE id = $1 AND claimed_by = $2 AND status = 'pending'`;

/** The types of `WEBHOOK_DELIVERY_COLUMNS`, in order: each column goes in as one array (`deliveryArrays`). */
const DELIVERY_COLUMN_TYPES = ['text', 'text', 'text', 'text', 'text', 'text', 'int', 'timestamptz', 'text', 'int', 'timestamptz', 'timestamptz'];

/** `unnest(…)` of the outbox columns as arrays bound from `$first` on (12 parameters), then `more` arrays. */
export const deliveriesUnnest = (first: number, ...more: string[]): string =>
  `unnest(${DELIVERY_COLUMN_TYPES.map((type, index) => `$${first + index}::${type}[]`).concat(more).join(', ')})`;

/** The values of `deliveriesUnnest`: one array per column of `records`. */
export function deliveryArrays(records: readonly WebhookDeliveryRecord[]): unknown[][] {
  const column = <K extends keyof WebhookDeliveryRecord>(key: K) => records.map((record) => record[key]);
  return [
    column('id'), column('endpoint'), column('event'), column('ticketId'), column('body'), column('status'), column('attempts'),
    column('nextAttemptAt'), column('lastError'), column('lastStatus'), column('createdAt'), column('deliveredAt'),
  ];
}

const INSERT_SQL = `INSERT INTO webhook_deliveries (${COLUMNS}) SELECT * FROM ${deliveriesUnnest(1)}`;

/** Inserts outbox rows with `client`: a pool, or a connection inside the caller's transaction (a ticket update's). */
export async function insertDeliveries(client: Pick<pg.Pool, 'query'>, records: readonly WebhookDeliveryRecord[]): Promise<void> {
  if (records.length > 0) await client.query({ name: 'webhook-enqueue', text: INSERT_SQL, values: deliveryArrays(records) });
}

/** The webhook outbox on the PostgreSQL store's pool; claims use `FOR UPDATE SKIP LOCKED`. */
export function postgresWebhookOutbox(pool: pg.Pool): WebhookOutbox {
  return {
    async enqueueWebhookDeliveries(records) {
      await insertDeliveries(pool, records);
    },
    async claimWebhookDeliveries({ now, leaseUntil, claimant, limit }) {
      const result = await pool.query<DeliveryRow>({ name: 'webhook-claim', text: CLAIM_SQL, values: [now, leaseUntil, claimant, limit] });
      return result.rows.map(toDelivery).sort(byCreation);
    },
    async finishWebhookDelivery(id, claimant, result) {
      const answer = await pool.query({
        name: 'webhook-finish',
        text: FINISH_SQL,
        values: [id, claimant, result.status, result.attempts, result.nextAttemptAt, result.lastError, result.lastStatus, result.deliveredAt],
      });
      return answer.rowCount === 1;
    },
    async pruneWebhookDeliveries(before) {
      const answer = await pool.query({
        name: 'webhook-prune',
        text: `DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND created_at < $1`,
        values: [before],
      });
      return answer.rowCount ?? 0;
    },
    async listWebhookDeliveries(filter, page) {
      checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
      // Null parameters switch their condition off, so one statement serves every filter.
      const result = await pool.query<DeliveryRow>({
        name: 'webhook-list',
        text: `SELECT ${COLUMNS} FROM webhook_deliveries
          WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR event = $2)
            AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::text))
          ORDER BY created_at DESC, id DESC LIMIT $5`,
        values: [filter.status ?? null, filter.event ?? null, after ? after.createdAt : null, after ? after.id : null, page.limit + 1],
      });
      return toPage(result.rows.map(toDelivery), page.limit);
    },
  };
}

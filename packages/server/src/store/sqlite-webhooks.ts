import type Database from 'better-sqlite3';
import { checkLimit, decodeCursor, toPage } from './cursor';
import { canonicalTime, canonicalTimeOrNull } from './derived';
import type { WebhookDeliveryRecord, WebhookOutbox } from './webhook-types';

interface DeliveryRow {
  id: string;
  endpoint: string;
  event: string;
  ticket_id: string | null;
  body: string;
  status: WebhookDeliveryRecord['status'];
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  last_status: number | null;
  created_at: string;
  delivered_at: string | null;
}

const COLUMNS = 'id, endpoint, event, ticket_id, body, status, attempts, next_attempt_at, last_error, last_status, created_at, delivered_at';

const toDelivery = (row: DeliveryRow): WebhookDeliveryRecord => ({
  id: row.id,
  endpoint: row.endpoint,
  event: row.event,
  ticketId: row.ticket_id,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  lastStatus: row.last_status,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
});

/**
 * The webhook outbox on the embedded store's connection. A claim is one `UPDATE …
 * RETURNING`: SQLite runs one writer at a time (across processes too), so two senders never
 * take the same row.
 */
export function sqliteWebhookOutbox(db: Database.Database): WebhookOutbox {
  // Prepared on first use: the table exists only once the store has migrated.
  let statements: ReturnType<typeof prepare> | undefined;
  const sql = () => (statements ??= prepare(db));
  const list = (filter: { status?: string | undefined; event?: string | undefined }, after: boolean) =>
    db.prepare(
      `SELECT ${COLUMNS} FROM webhook_deliveries WHERE 1 = 1
       ${filter.status ? 'AND status = @status' : ''} ${filter.event ? 'AND event = @event' : ''}
       ${after ? 'AND (created_at < @cursorCreatedAt OR (created_at = @cursorCreatedAt AND id < @cursorId))' : ''}
       ORDER BY created_at DESC, id DESC LIMIT @limit`,
    );

  return {
    async enqueueWebhookDeliveries(records) {
      if (records.length > 0) sql().insertAll(records);
    },
    async claimWebhookDeliveries({ now, leaseUntil, claimant, limit }) {
      const rows = sql().claim.all({ now: canonicalTime(now), leaseUntil: canonicalTime(leaseUntil), claimant, limit }) as DeliveryRow[];
      return rows.map(toDelivery).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    },
    async finishWebhookDelivery(id, claimant, result) {
      const changes = sql().finish.run({
        id,
        claimant,
        ...result,
        nextAttemptAt: canonicalTime(result.nextAttemptAt),
        deliveredAt: canonicalTimeOrNull(result.deliveredAt),
      }).changes;
      return changes === 1;
    },
    async listWebhookDeliveries(filter, page) {
      checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
      const params: Record<string, unknown> = { limit: page.limit + 1 };
      if (filter.status) params.status = filter.status;
      if (filter.event) params.event = filter.event;
      if (after) {
        params.cursorCreatedAt = after.createdAt;
        params.cursorId = after.id;
      }
      // Four shapes of one statement at most; the filter's values are always bound.
      const rows = list(filter, after !== null).all(params) as DeliveryRow[];
      return toPage(rows.map(toDelivery), page.limit);
    },
  };
}

function prepare(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO webhook_deliveries (${COLUMNS}) VALUES (@id, @endpoint, @event, @ticketId, @body, @status, @attempts, @nextAttemptAt, @lastError, @lastStatus, @createdAt, @deliveredAt)`,
  );
  const insertAll = db.transaction((records: WebhookDeliveryRecord[]) => {
    for (const record of records) {
      insert.run({
        ...record,
        nextAttemptAt: canonicalTime(record.nextAttemptAt),
        createdAt: canonicalTime(record.createdAt),
        deliveredAt: canonicalTimeOrNull(record.deliveredAt),
      });
    }
  });
  const claim = db.prepare(
    `UPDATE webhook_deliveries SET next_attempt_at = @leaseUntil, claimed_by = @claimant
     WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit)
     RETURNING ${COLUMNS}`,
  );
  const finish = db.prepare(
    `UPDATE webhook_deliveries SET status = @status, attempts = @attempts, next_attempt_at = @nextAttemptAt, last_error = @lastError,
       last_status = @lastStatus, delivered_at = @deliveredAt, claimed_by = NULL
     WHERE id = @id AND claimed_by = @claimant AND status = 'pending'`,
  );
  return { insertAll, claim, finish };
}

import type Database from 'better-sqlite3';
import { checkLimit, decodeCursor, toPage } from '../shared/cursor';
import { canonicalTime, canonicalTimeOrNull } from '../shared/derived';
import { WEBHOOK_DELIVERY_COLUMNS, byCreation, toWebhookDelivery, type WebhookDeliveryRow } from '../shared/webhook-rows';
import type { WebhookDeliveryRecord, WebhookOutbox } from '../webhook-types';

type DeliveryRow = WebhookDeliveryRow<string>;

const COLUMNS = WEBHOOK_DELIVERY_COLUMNS;
const toDelivery = (row: DeliveryRow) => toWebhookDelivery(row, (value: string) => value);

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
      return rows.map(toDelivery).sort(byCreation);
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
    async pruneWebhookDeliveries(before) {
      return sql().prune.run({ before: canonicalTime(before) }).changes;
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

/**
 * Inserts outbox rows inside the caller's transaction (a ticket write's: `TicketOutbox`).
 * Throws on a row that cannot go in (a taken id), so the caller's transaction rolls back.
 */
export function prepareDeliveryInsert(db: Database.Database): (records: readonly WebhookDeliveryRecord[]) => void {
  const insert = db.prepare(
    `INSERT INTO webhook_deliveries (${COLUMNS}) VALUES (@id, @endpoint, @event, @ticketId, @body, @status, @attempts, @nextAttemptAt, @lastError, @lastStatus, @createdAt, @deliveredAt)`,
  );
  return (records) => {
    for (const record of records) {
      insert.run({
        ...record,
        nextAttemptAt: canonicalTime(record.nextAttemptAt),
        createdAt: canonicalTime(record.createdAt),
        deliveredAt: canonicalTimeOrNull(record.deliveredAt),
      });
    }
  };
}

function prepare(db: Database.Database) {
  const insertAll = db.transaction(prepareDeliveryInsert(db));
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
  const prune = db.prepare(`DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'failed') AND created_at < @before`);
  return { insertAll, claim, finish, prune };
}

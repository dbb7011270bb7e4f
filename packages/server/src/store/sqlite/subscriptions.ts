import type Database from 'better-sqlite3';
import { canonicalTime } from '../shared/derived';
import { SUBSCRIPTION_COLUMNS, toSubscription, type SubscriptionRow } from '../shared/subscription-rows';
import type { SubscriptionRecord, SubscriptionStore } from '../subscription-types';

const toRecord = (row: SubscriptionRow<string>) => toSubscription(row, (value: string) => value);

/**
 * Subscribe-message subscriptions on the embedded store's connection. Taking one is a
 * single `UPDATE … RETURNING`: SQLite runs one writer at a time, so it is never taken twice.
 */
export function sqliteSubscriptions(db: Database.Database): SubscriptionStore {
  // Prepared on first use: the table exists only once the store has migrated.
  let statements: ReturnType<typeof prepare> | undefined;
  const sql = () => (statements ??= prepare(db));
  return {
    async addSubscriptions(records) {
      if (records.length > 0) sql().insertAll(records);
    },
    async takeSubscription(ticketId, kind, at) {
      const row = sql().take.get({ ticketId, kind, at: canonicalTime(at) }) as SubscriptionRow<string> | undefined;
      return row ? toRecord(row) : null;
    },
    async getSubscription(id) {
      const row = sql().get.get(id) as SubscriptionRow<string> | undefined;
      return row ? toRecord(row) : null;
    },
    async finishSubscription(id, outcome) {
      sql().finish.run({ id, status: outcome.status, error: outcome.error, at: canonicalTime(outcome.at) });
    },
    async forgetSubscriptions(ticketIds) {
      if (ticketIds.length === 0) return 0;
      return sql().forget.run(JSON.stringify(ticketIds)).changes;
    },
  };
}

function prepare(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO wechat_subscriptions (${SUBSCRIPTION_COLUMNS}) VALUES (@id, @ticketId, @openid, @templateId, @kind, @status, @error, @createdAt, @updatedAt)`,
  );
  const insertAll = db.transaction((records: SubscriptionRecord[]) => {
    for (const record of records) insert.run({ ...record, createdAt: canonicalTime(record.createdAt), updatedAt: canonicalTime(record.updatedAt) });
  });
  const take = db.prepare(
    `UPDATE wechat_subscriptions SET status = 'queued', updated_at = @at
     WHERE id = (SELECT id FROM wechat_subscriptions WHERE ticket_id = @ticketId AND kind = @kind AND status = 'accepted' ORDER BY created_at, id LIMIT 1)
     RETURNING ${SUBSCRIPTION_COLUMNS}`,
  );
  const get = db.prepare(`SELECT ${SUBSCRIPTION_COLUMNS} FROM wechat_subscriptions WHERE id = ?`);
  const finish = db.prepare(`UPDATE wechat_subscriptions SET status = @status, error = @error, updated_at = @at WHERE id = @id`);
  const forget = db.prepare(`DELETE FROM wechat_subscriptions WHERE ticket_id IN (SELECT value FROM json_each(?))`);
  return { insertAll, take, get, finish, forget };
}

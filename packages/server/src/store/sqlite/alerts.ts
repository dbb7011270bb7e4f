import type Database from 'better-sqlite3';
import type { AlertRecord, AlertStore, BreachOutbox, SlaBreachRecord, VolumeRecord } from '../alert-types';
import { ALERT_COLUMNS, missedDueTimesSql, toAlert, volumeSql, type AlertRow, type SlaBreachRow } from '../shared/alert-rows';
import { canonicalTime } from '../shared/derived';
import { toTicket, type TicketRow } from './rows';
import { TICKET_COLUMNS } from './statements';
import { prepareDeliveryInsert } from './webhooks';

const toRecord = (row: AlertRow<string>) => toAlert(row, (value: string) => value);

/**
 * Spike alerts and SLA breach marks on the embedded store's connection. SQLite runs one
 * writer at a time (across processes too), and the partial unique index on open alerts and
 * the breach table's key make a second writer's insert a no-op.
 */
export function sqliteAlerts(db: Database.Database): AlertStore {
  // Prepared on first use: the tables exist only once the store has migrated.
  let statements: ReturnType<typeof prepare> | undefined;
  const sql = () => (statements ??= prepare(db));
  const getAlert = async (id: string) => {
    const row = sql().get.get(id) as AlertRow<string> | undefined;
    return row ? toRecord(row) : null;
  };
  // The marks, and the outbox rows of those whose ticket is found, in one immediate transaction.
  let claimTransaction: ((range: { since: string; now: string; at: string }, outbox: BreachOutbox | undefined) => SlaBreachRecord[]) | undefined;
  const claimBreaches = () =>
    (claimTransaction ??= db.transaction((range: { since: string; now: string; at: string }, outbox: BreachOutbox | undefined) => {
      const rows = sql().claimBreaches.all(range) as SlaBreachRow<string>[];
      const breaches = rows.map((row): SlaBreachRecord => ({ ticketId: row.ticket_id, kind: row.kind, dueAt: row.due_at }));
      if (!outbox) return breaches;
      for (const breach of breaches) {
        const ticket = sql().ticket.get(breach.ticketId) as TicketRow | undefined;
        if (ticket) sql().insertDeliveries(outbox(breach, toTicket(ticket)));
      }
      return breaches;
    }).immediate);

  return {
    async ticketVolume({ from, to }) {
      return sql().volume.all({ from: canonicalTime(from), to: canonicalTime(to) }) as VolumeRecord[];
    },
    async openAlert(record, quietSince) {
      const { changes } = sql().insert.run({
        quietSince: quietSince === undefined ? null : canonicalTime(quietSince),
        ...record,
        openedAt: canonicalTime(record.openedAt),
        closedAt: null,
        closedBy: null,
        notice: null,
        noticePublishedAt: null,
        noticePublishedBy: null,
        status: 'open',
      });
      return changes === 1;
    },
    async listAlerts(filter, limit) {
      const rows = (filter.status ? sql().listByStatus.all({ status: filter.status, limit }) : sql().list.all({ limit })) as AlertRow<string>[];
      return rows.map(toRecord);
    },
    getAlert,
    async closeAlert(id, at, by) {
      const row = sql().close.get({ id, at: canonicalTime(at), by }) as AlertRow<string> | undefined;
      if (row) return toRecord(row);
      return getAlert(id);
    },
    async setAlertNotice(id, notice) {
      const row = sql().notice.get({
        id,
        text: notice ? notice.text : null,
        at: notice ? canonicalTime(notice.at) : null,
        by: notice ? notice.by : null,
      }) as AlertRow<string> | undefined;
      return row ? toRecord(row) : null;
    },
    async claimSlaBreaches({ since, now, at }, outbox) {
      return claimBreaches()({ since: canonicalTime(since), now: canonicalTime(now), at: canonicalTime(at) }, outbox);
    },
  };
}

function prepare(db: Database.Database) {
  const select = `SELECT ${ALERT_COLUMNS} FROM alerts`;
  return {
    volume: db.prepare(volumeSql({ from: '@from', to: '@to' }, 'count(*)')),
    // The partial unique index (kind, subject) WHERE status = 'open' turns a second open into nothing.
    insert: db.prepare(
      `INSERT INTO alerts (${ALERT_COLUMNS}) SELECT @id, @kind, @subject, @status, @count, @baseline, @windowMinutes, @openedAt,
         @closedAt, @closedBy, @notice, @noticePublishedAt, @noticePublishedBy
       WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE kind = @kind AND subject = @subject AND closed_at >= @quietSince)
       ON CONFLICT DO NOTHING`,
    ),
    list: db.prepare(`${select} ORDER BY opened_at DESC, id DESC LIMIT @limit`),
    listByStatus: db.prepare(`${select} WHERE status = @status ORDER BY opened_at DESC, id DESC LIMIT @limit`),
    get: db.prepare(`${select} WHERE id = ?`),
    close: db.prepare(`UPDATE alerts SET status = 'closed', closed_at = @at, closed_by = @by WHERE id = @id AND status = 'open' RETURNING ${ALERT_COLUMNS}`),
    notice: db.prepare(
      `UPDATE alerts SET notice = @text, notice_published_at = @at, notice_published_by = @by WHERE id = @id AND status = 'open' RETURNING ${ALERT_COLUMNS}`,
    ),
    // `WHERE true` settles SQLite's parse of INSERT … SELECT … ON CONFLICT.
    claimBreaches: db.prepare(
      `INSERT INTO sla_breaches (ticket_id, kind, due_at, at)
       SELECT missed.id, missed.kind, missed.due_at, @at FROM (${missedDueTimesSql({ since: '@since', now: '@now' })}) AS missed
       WHERE NOT EXISTS (SELECT 1 FROM sla_breaches AS marked WHERE marked.ticket_id = missed.id AND marked.kind = missed.kind AND marked.due_at = missed.due_at)
       ON CONFLICT DO NOTHING
       RETURNING ticket_id, kind, due_at`,
    ),
    ticket: db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`),
    insertDeliveries: prepareDeliveryInsert(db),
  };
}

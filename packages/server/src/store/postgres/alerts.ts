import type pg from 'pg';
import type { AlertRecord, AlertStore, SlaBreachRecord, VolumeRecord } from '../alert-types';
import { ALERT_COLUMNS, missedDueTimesSql, toAlert, volumeSql, type AlertRow, type SlaBreachRow } from '../shared/alert-rows';
import { toTicket, type TicketRow } from './rows';
import { TICKET_COLUMNS } from './statements';
import { insertDeliveries } from './webhooks';

const toRecord = (row: AlertRow<Date>) => toAlert(row, (value: Date) => value.toISOString());
const SELECT = `SELECT ${ALERT_COLUMNS} FROM alerts`;

// The partial unique index (kind, subject) WHERE status = 'open' makes a second instance's
// open a no-op, whichever commits first; a close committed before the statement starts keeps
// the subject quiet.
const INSERT_SQL = `INSERT INTO alerts (${ALERT_COLUMNS})
  SELECT $1::text, $2::text, $3::text, 'open', $4::int, $5::float8, $6::int, $7::timestamptz, NULL, NULL, NULL, NULL, NULL
  WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE kind = $2::text AND subject = $3::text AND closed_at >= $8::timestamptz)
  ON CONFLICT DO NOTHING`;

// Two instances claiming at once: one inserts each mark, the other waits on the key and
// then skips it (DO NOTHING returns nothing), so each breach is reported once.
const CLAIM_BREACHES_SQL = `INSERT INTO sla_breaches (ticket_id, kind, due_at, at)
  SELECT missed.id, missed.kind, missed.due_at, $3::timestamptz FROM (${missedDueTimesSql({ since: '$1', now: '$2' })}) AS missed
  WHERE NOT EXISTS (SELECT 1 FROM sla_breaches AS marked WHERE marked.ticket_id = missed.id AND marked.kind = missed.kind AND marked.due_at = missed.due_at)
  ON CONFLICT DO NOTHING
  RETURNING ticket_id, kind, due_at`;

/** Spike alerts and SLA breach marks on the PostgreSQL store's pool. */
export function postgresAlerts(pool: pg.Pool): AlertStore {
  const one = (rows: AlertRow<Date>[]) => (rows[0] ? toRecord(rows[0]) : null);
  const getAlert = async (id: string) => one((await pool.query<AlertRow<Date>>({ name: 'alert-get', text: `${SELECT} WHERE id = $1`, values: [id] })).rows);
  return {
    async ticketVolume({ from, to }) {
      const result = await pool.query<VolumeRecord>({ name: 'alert-volume', text: volumeSql({ from: '$1', to: '$2' }, 'count(*)::int'), values: [from, to] });
      return result.rows;
    },
    async openAlert(record: AlertRecord, quietSince?: string) {
      const result = await pool.query({
        name: 'alert-open',
        text: INSERT_SQL,
        values: [record.id, record.kind, record.subject, record.count, record.baseline, record.windowMinutes, record.openedAt, quietSince ?? null],
      });
      return result.rowCount === 1;
    },
    async listAlerts(filter, limit) {
      const result = await pool.query<AlertRow<Date>>({
        name: 'alert-list',
        text: `${SELECT} WHERE ($1::text IS NULL OR status = $1) ORDER BY opened_at DESC, id DESC LIMIT $2`,
        values: [filter.status ?? null, limit],
      });
      return result.rows.map(toRecord);
    },
    getAlert,
    async closeAlert(id, at, by) {
      const result = await pool.query<AlertRow<Date>>({
        name: 'alert-close',
        text: `UPDATE alerts SET status = 'closed', closed_at = $2, closed_by = $3 WHERE id = $1 AND status = 'open' RETURNING ${ALERT_COLUMNS}`,
        values: [id, at, by],
      });
      return one(result.rows) ?? getAlert(id);
    },
    async setAlertNotice(id, notice) {
      const result = await pool.query<AlertRow<Date>>({
        name: 'alert-notice',
        text: `UPDATE alerts SET notice = $2, notice_published_at = $3, notice_published_by = $4 WHERE id = $1 AND status = 'open' RETURNING ${ALERT_COLUMNS}`,
        values: [id, notice ? notice.text : null, notice ? notice.at : null, notice ? notice.by : null],
      });
      return one(result.rows);
    },
    async claimSlaBreaches({ since, now, at }, outbox) {
      const claim = async (client: Pick<pg.Pool, 'query'>) => {
        const result = await client.query<SlaBreachRow<Date>>({ name: 'sla-breaches-claim', text: CLAIM_BREACHES_SQL, values: [since, now, at] });
        return result.rows.map((row): SlaBreachRecord => ({ ticketId: row.ticket_id, kind: row.kind, dueAt: row.due_at.toISOString() }));
      };
      if (!outbox) return claim(pool);
      // The marks and the outbox rows of those whose ticket is found, in one transaction.
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const breaches = await claim(client);
        if (breaches.length > 0) {
          const found = await client.query<TicketRow>({
            name: 'sla-breaches-tickets',
            text: `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ANY($1::text[])`,
            values: [breaches.map((breach) => breach.ticketId)],
          });
          const tickets = new Map(found.rows.map((row) => [row.id, toTicket(row)]));
          const rows = breaches.flatMap((breach) => {
            const ticket = tickets.get(breach.ticketId);
            return ticket ? outbox(breach, ticket) : [];
          });
          await insertDeliveries(client, rows);
        }
        await client.query('COMMIT');
        return breaches;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

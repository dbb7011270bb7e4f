import type pg from 'pg';
import { canonicalTime } from '../shared/derived';
import { PURGED_REPORTER_ID, type AttachmentRecord, type DeflectionRecord } from '../types';
import { toAttachment, type AttachmentRow } from './rows';
import { ATTACHMENT_COLUMNS } from './statements';

/**
 * What the retention purge and erasure leave of a ticket row (`$2`: the time): its
 * statistics (status, priority, category, subtypes, keywords, times, score), the platform and
 * SDK version of its context, and no reporter. One text for both, as in the embedded store.
 */
export const TICKET_PERSONAL_DATA_CLEARED = `reporter_id = '${PURGED_REPORTER_ID}', summary = '', search_text = '', answers = '{}'::jsonb,
  context = jsonb_strip_nulls(jsonb_build_object('platform', context -> 'platform', 'sdkVersion', context -> 'sdkVersion')),
  contact = NULL, attachments = '[]'::jsonb, rating_comment = NULL, purged_at = $2`;

/** The free texts of a timeline event (the reporter's and operators'), cleared; the rest stays. */
export const TIMELINE_TEXTS_CLEARED = `payload = CASE type
  WHEN 'message' THEN payload || '{"body": "", "attachments": []}'::jsonb
  WHEN 'note' THEN payload || '{"body": ""}'::jsonb
  WHEN 'reopened' THEN payload || '{"reason": ""}'::jsonb
  ELSE payload - 'reason' - 'comment' - 'note' END`;

/**
 * Erasing a reporter, table by table, beside the `erased` step (their tickets, anonymised
 * whatever their status): every other table that holds something of a reporter has its step
 * here, and nowhere else. `$1` is the reporter erased; `erased` answers their ticket ids.
 *
 * A table added later that keys anything by reporter or by ticket (the WeChat openids of
 * subscribe messages, for one) adds its step here, deleting its rows or clearing what names
 * the person, and its SQLite twin to `sqlite/erase.ts`; the erase tests in
 * tests/suites/privacy.ts then search it too.
 */
const ERASE_STEPS: readonly { table: string; sql: string }[] = [
  // Timeline texts, the reporter's and the operators' replies and notes alike.
  { table: 'events', sql: `UPDATE events SET ${TIMELINE_TEXTS_CLEARED} WHERE ticket_id IN (SELECT id FROM erased)` },
  // Their uploads and whatever else their tickets referred to (the bytes are in the row).
  { table: 'attachments', sql: 'DELETE FROM attachments WHERE reporter_id = $1 OR ticket_id IN (SELECT id FROM erased)' },
  // Self-help counts stay; who it was does not. NULL client ids never collide in the unique index.
  { table: 'deflections', sql: `UPDATE deflections SET reporter_id = '${PURGED_REPORTER_ID}', client_id = NULL WHERE reporter_id = $1` },
  // Bodies carry the (masked) summary: the deliveries about their tickets go, pending ones unsent.
  { table: 'webhook_deliveries', sql: 'DELETE FROM webhook_deliveries WHERE ticket_id IN (SELECT id FROM erased)' },
  // The openids kept to send subscribe messages about their tickets.
  { table: 'wechat_subscriptions', sql: 'DELETE FROM wechat_subscriptions WHERE ticket_id IN (SELECT id FROM erased)' },
];

// One statement: every step or none (data-modifying CTEs all run, on one snapshot).
const ERASE_SQL = `WITH erased AS (UPDATE tickets SET ${TICKET_PERSONAL_DATA_CLEARED} WHERE reporter_id = $1 RETURNING id),
${ERASE_STEPS.map((step) => `  erase_${step.table} AS (${step.sql})`).join(',\n')}
SELECT id FROM erased`;

type DeflectionRow = { id: string; client_id: string | null; reporter_id: string; article_id: string; category: string | null; at: Date };

/** Privacy requests on the PostgreSQL store's pool: a reporter's records, and their erasure. */
export function postgresPrivacy(pool: pg.Pool) {
  return {
    async reporterRecords(reporterId: string): Promise<{ attachments: AttachmentRecord[]; deflections: DeflectionRecord[] }> {
      const attachments = await pool.query<AttachmentRow>({
        name: 'fankui_reporter_attachments',
        text: `SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE reporter_id = $1 ORDER BY created_at, id`,
        values: [reporterId],
      });
      const deflections = await pool.query<DeflectionRow>({
        name: 'fankui_reporter_deflections',
        text: 'SELECT id, client_id, reporter_id, article_id, category, at FROM deflections WHERE reporter_id = $1 ORDER BY at, id',
        values: [reporterId],
      });
      return {
        attachments: attachments.rows.map(toAttachment),
        deflections: deflections.rows.map((row) => ({
          id: row.id,
          ...(row.client_id === null ? {} : { clientId: row.client_id }),
          reporterId: row.reporter_id,
          articleId: row.article_id,
          category: row.category,
          at: row.at.toISOString(),
        })),
      };
    },

    async eraseReporter(reporterId: string, at: string): Promise<{ tickets: string[] }> {
      const result = await pool.query<{ id: string }>({ name: 'fankui_erase_reporter', text: ERASE_SQL, values: [reporterId, canonicalTime(at)] });
      return { tickets: result.rows.map((row) => row.id) };
    },
  };
}

import type Database from 'better-sqlite3';
import { PURGED_REPORTER_ID } from '../types';

/**
 * What the retention purge and erasure leave of a ticket row: its statistics (status,
 * priority, category, subtypes, keywords, times, score), the platform and SDK version of
 * its context, and no reporter. One text for both, so they can never disagree.
 */
export const TICKET_PERSONAL_DATA_CLEARED = `reporter_id = '${PURGED_REPORTER_ID}', summary = '', search_text = '', answers = '{}',
  context = json_object('platform', json_extract(context, '$.platform'), 'sdkVersion', json_extract(context, '$.sdkVersion')),
  contact = NULL, attachments = '[]', rating_comment = NULL, purged_at = @at`;

/** The free texts of a timeline event (the reporter's and operators'), cleared; the rest stays. */
export const TIMELINE_TEXTS_CLEARED = `payload = CASE type
  WHEN 'message' THEN json_set(payload, '$.body', '', '$.attachments', json('[]'))
  WHEN 'note' THEN json_set(payload, '$.body', '')
  WHEN 'reopened' THEN json_set(payload, '$.reason', '')
  ELSE json_remove(payload, '$.reason', '$.comment', '$.note') END`;

/**
 * Erasing a reporter, table by table: every table that holds something of a reporter has its
 * step here, and nowhere else. `@reporter` is the reporter erased, `@at` the time, `@tickets`
 * the JSON array of their ticket ids (the `tickets` step's answer, run first).
 *
 * A table added later that keys anything by reporter or by ticket (the WeChat openids of
 * subscribe messages, for one) adds its step to `rest`, deleting its rows or clearing what
 * names the person, and its PostgreSQL twin to `postgres/erase.ts`; the erase tests in
 * tests/suites/privacy.ts then search it too.
 */
export function prepareEraseStatements(db: Database.Database) {
  return {
    /** Their tickets, anonymised whatever their status (the purge's clearing); answers their ids. */
    tickets: db.prepare(`UPDATE tickets SET ${TICKET_PERSONAL_DATA_CLEARED} WHERE reporter_id = @reporter RETURNING id`).pluck(),
    /** Their uploads and whatever else their tickets referred to; answers the ids whose files go next. */
    attachments: db
      .prepare(`DELETE FROM attachments WHERE reporter_id = @reporter OR ticket_id IN (SELECT value FROM json_each(@tickets)) RETURNING id`)
      .pluck(),
    rest: [
      // Timeline texts, the reporter's and the operators' replies and notes alike.
      db.prepare(`UPDATE events SET ${TIMELINE_TEXTS_CLEARED} WHERE ticket_id IN (SELECT value FROM json_each(@tickets))`),
      // Self-help counts stay; who it was does not. NULL client ids never collide in the unique index.
      db.prepare(`UPDATE deflections SET reporter_id = '${PURGED_REPORTER_ID}', client_id = NULL WHERE reporter_id = @reporter`),
      // Bodies carry the (masked) summary: the deliveries about their tickets go, pending ones unsent.
      db.prepare('DELETE FROM webhook_deliveries WHERE ticket_id IN (SELECT value FROM json_each(@tickets))'),
      // The openids kept to send subscribe messages about their tickets.
      db.prepare('DELETE FROM wechat_subscriptions WHERE ticket_id IN (SELECT value FROM json_each(@tickets))'),
    ] as Database.Statement[],
  };
}

/** The reporter's own rows beside their tickets, oldest first (`GET /v1/me/export`). */
export function prepareReporterRecordStatements(db: Database.Database) {
  return {
    attachments: db.prepare(`SELECT id, reporter_id, content_type, size, created_at, ticket_id FROM attachments
      WHERE reporter_id = ? ORDER BY created_at, id`),
    deflections: db.prepare('SELECT id, client_id, reporter_id, article_id, category, at FROM deflections WHERE reporter_id = ? ORDER BY at, id'),
  };
}

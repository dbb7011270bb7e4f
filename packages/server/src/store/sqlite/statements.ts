import type Database from 'better-sqlite3';
import { TICKET_PERSONAL_DATA_CLEARED, TIMELINE_TEXTS_CLEARED } from './erase';
import { KEYWORD_DAYS_ROLL_UP_SQL, RATING_DAYS_ROLL_UP_SQL, TICKET_DAYS_ROLL_UP_SQL, ticketDaysOf } from './migrations';
import type { TicketFilter } from '../store';

/**
 * Every SQL statement of the embedded store. All text is fixed; the only variation is
 * which of the fixed `listTickets` filter fragments are ANDed together.
 */

const OPEN_STATUSES_SQL = `('submitted', 'acknowledged', 'in_progress', 'reopened')`;
export const TICKET_COLUMNS = `id, client_id, reporter_id, status, priority, category, subtypes, summary, search_text, keywords,
  form_id, form_version, answers, context, contact, attachments, assignee, submitted_at, created_at, updated_at,
  first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, rating_score, rating_comment,
  rated_at, reopen_count, unread, team, channel`;
const EVENT_COLUMNS = 'id, ticket_id, at, actor_type, actor_name, type, payload, internal';
const ATTACHMENT_COLUMNS = 'id, reporter_id, content_type, size, created_at, ticket_id';
/**
 * The statistics groups of a range: whole days from the `ticket_days` roll-up, the partial
 * days at the edges aggregated from tickets with the roll-up's expressions (migration 1),
 * so a year of statistics reads thousands of rows, not millions.
 */
const STATS_GROUPS = `WITH groups AS (
  SELECT day, category_key, category, priority, total, open, late, ratings, rating_sum, satisfied, reopened,
    resolved_ever, first_responses, resolutions
  FROM ticket_days WHERE day >= @fullFrom AND day < @fullTo
  UNION ALL
  SELECT ${ticketDaysOf('tickets')}
  FROM tickets
  WHERE (created_at >= @from AND created_at < @edgeEnd) OR (created_at >= @edgeStart AND created_at < @to)
  GROUP BY 1, 2, 4)`;
/**
 * The filters of `listTickets`, each a fixed SQL fragment with named placeholders. A query
 * is the AND of the fragments whose filter is set; nothing else varies.
 */
const FILTER_SQL: Readonly<Record<keyof TicketFilter, string>> = {
  reporterId: 'reporter_id = @reporterId',
  status: 'status = @status',
  priority: 'priority = @priority',
  category: 'category = @category',
  assignee: 'assignee = @assignee',
  // IS: one statement for a team and for none (NULL); both walk tickets_by_team (migration 8).
  team: 'team IS @team',
  // The teams as a JSON array; each is looked up on tickets_by_team.
  teams: 'team IN (SELECT value FROM json_each(@teams))',
  // Operator-typed channels walk the partial tickets_by_channel; `app` (NULL here) is FILTER_VARIANT_SQL's.
  channel: 'channel = @channel',
  // Mirrors core's slaState().overdue; the shape matches the partial tickets_open_unresolved index.
  overdueAt: `status IN ${OPEN_STATUSES_SQL} AND resolved_at IS NULL AND (
    (first_responded_at IS NULL AND first_response_due_at < @overdueAt) OR resolution_due_at < @overdueAt)`,
  // instr() matches literally: %, _ and \ are ordinary characters here, unlike in LIKE.
  text: 'instr(search_text, @text) > 0',
  from: 'created_at >= @from',
  to: 'created_at < @to',
};
/** The filter names in the fixed order their fragments are joined. */
export const FILTER_KEYS = Object.keys(FILTER_SQL) as (keyof TicketFilter)[];
/**
 * Filter values with a fragment of their own: app tickets have no channel (NULL), so that
 * `channel = @channel` can use the partial index that only holds the typed-in ones.
 */
const FILTER_VARIANT_SQL = { 'channel:app': 'channel IS NULL' } as const;
export type FilterKey = keyof TicketFilter | keyof typeof FILTER_VARIANT_SQL;
/** The fragments a filter needs, in `FILTER_KEYS` order: what names its statement. */
export function filterKeys(filter: TicketFilter): FilterKey[] {
  return FILTER_KEYS.filter((key) => filter[key] !== undefined).map((key) => (key === 'channel' && filter.channel === 'app' ? 'channel:app' : key));
}
/** Per order: how a page continues after the cursor, and the ORDER BY (both walk the same indexes). */
const ORDER_SQL = {
  newest: { cursor: '(created_at, id) < (@cursorCreatedAt, @cursorId)', orderBy: 'created_at DESC, id DESC' },
  oldest: { cursor: '(created_at, id) > (@cursorCreatedAt, @cursorId)', orderBy: 'created_at ASC, id ASC' },
} as const;

/**
 * The `listTickets` query for a set of filters (in `FILTER_KEYS` order), newest (or
 * oldest) first, optionally continuing after a cursor position.
 */
export function listTicketsSql(keys: readonly FilterKey[], withCursor: boolean, order: 'newest' | 'oldest' = 'newest'): string {
  const where = keys.map((key) => (key === 'channel:app' ? FILTER_VARIANT_SQL[key] : FILTER_SQL[key]));
  if (withCursor) where.push(ORDER_SQL[order].cursor);
  return `SELECT ${TICKET_COLUMNS} FROM tickets WHERE ${where.length ? where.join(' AND ') : '1'}
    ORDER BY ${ORDER_SQL[order].orderBy} LIMIT @limit`;
}

/**
 * The statements of the group commit of new tickets (group-commit.ts); bench/support/generate-tickets.ts
 * and the migration test bulk-load with them too.
 */
export const CREATE_TICKET_SQL = {
  // No conflict target: a repeated client id (or a retried ticket id) is a duplicate, not an error.
  insertTicket: `INSERT INTO tickets (
      id, client_id, reporter_id, status, priority, category, subtypes, summary, search_text, keywords, form_id,
      form_version, answers, context, contact, attachments, assignee, submitted_at, created_at, updated_at,
      first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, rating_score,
      rating_comment, rated_at, reopen_count, unread, resolved_ever, first_response_minutes, resolution_minutes, team, channel)
    VALUES (
      @id, @clientId, @reporterId, @status, @priority, @category, @subtypes, @summary, @searchText, @keywords, @formId,
      @formVersion, @answers, @context, @contact, @attachments, @assignee, @submittedAt, @createdAt,
      @updatedAt, @firstResponseDueAt, @resolutionDueAt, @firstRespondedAt, @resolvedAt, @closedAt, @ratingScore,
      @ratingComment, @ratedAt, @reopenCount, @unread, @resolvedEver, @firstResponseMinutes, @resolutionMinutes, @team, @channel)
    ON CONFLICT DO NOTHING`,
  insertKeyword: 'INSERT INTO ticket_keywords (ticket_id, keyword, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  insertEvent: `INSERT INTO events (id, ticket_id, at, actor_type, actor_name, type, payload, internal)
    VALUES (@id, @ticketId, @at, @actorType, @actorName, @type, @payload, @internal)`,
  selectByClientId: 'SELECT id, reporter_id FROM tickets WHERE client_id = ?',
  // Once per group, for the tickets it inserted (there are no insert triggers since migration 2).
  rollUpTicketDays: TICKET_DAYS_ROLL_UP_SQL,
  rollUpKeywordDays: KEYWORD_DAYS_ROLL_UP_SQL,
  rollUpRatingDays: RATING_DAYS_ROLL_UP_SQL,
};

/** Every fixed statement, prepared once when the store opens (migrated). */
export function prepareStatements(db: Database.Database) {
  return {
    ping: db.prepare('SELECT 1'),
    // The group commit of new tickets (group-commit.ts) runs these.
    insertTicket: db.prepare(CREATE_TICKET_SQL.insertTicket),
    insertKeyword: db.prepare(CREATE_TICKET_SQL.insertKeyword),
    insertEvent: db.prepare(CREATE_TICKET_SQL.insertEvent),
    selectByClientId: db.prepare(CREATE_TICKET_SQL.selectByClientId),
    rollUpTicketDays: db.prepare(CREATE_TICKET_SQL.rollUpTicketDays),
    rollUpKeywordDays: db.prepare(CREATE_TICKET_SQL.rollUpKeywordDays),
    rollUpRatingDays: db.prepare(CREATE_TICKET_SQL.rollUpRatingDays),
    selectTicket: db.prepare(`SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`),
    selectGuard: db.prepare('SELECT created_at, status FROM tickets WHERE id = ?'),
    // One fixed statement for every change: each column keeps its value unless its flag is set.
    updateTicket: db.prepare(`UPDATE tickets SET
        status = CASE WHEN @setStatus THEN @status ELSE status END,
        priority = CASE WHEN @setPriority THEN @priority ELSE priority END,
        category = CASE WHEN @setCategory THEN @category ELSE category END,
        assignee = CASE WHEN @setAssignee THEN @assignee ELSE assignee END,
        team = CASE WHEN @setTeam THEN @team ELSE team END,
        first_response_due_at = CASE WHEN @setFirstResponseDueAt THEN @firstResponseDueAt ELSE first_response_due_at END,
        resolution_due_at = CASE WHEN @setResolutionDueAt THEN @resolutionDueAt ELSE resolution_due_at END,
        first_responded_at = CASE WHEN @setFirstRespondedAt THEN @firstRespondedAt ELSE first_responded_at END,
        first_response_minutes = CASE WHEN @setFirstRespondedAt THEN @firstResponseMinutes ELSE first_response_minutes END,
        resolved_at = CASE WHEN @setResolvedAt THEN @resolvedAt ELSE resolved_at END,
        resolution_minutes = CASE WHEN @setResolvedAt THEN @resolutionMinutes ELSE resolution_minutes END,
        resolved_ever = CASE WHEN (@setResolvedAt AND @resolvedAt IS NOT NULL) OR @reopenIncrement THEN 1 ELSE resolved_ever END,
        closed_at = CASE WHEN @setClosedAt THEN @closedAt ELSE closed_at END,
        rating_score = CASE WHEN @setRatingScore THEN @ratingScore ELSE rating_score END,
        rating_comment = CASE WHEN @setRatingComment THEN @ratingComment ELSE rating_comment END,
        rated_at = CASE WHEN @setRatedAt THEN @ratedAt ELSE rated_at END,
        attachments = CASE WHEN @setAttachments THEN @attachments ELSE attachments END,
        unread = CASE @unreadMode WHEN 'increment' THEN unread + 1 WHEN 'reset' THEN 0 ELSE unread END,
        reopen_count = reopen_count + @reopenIncrement,
        updated_at = @updatedAt
      WHERE id = @id
      RETURNING ${TICKET_COLUMNS}`),
    selectEvents: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE ticket_id = ? ORDER BY at, seq`),
    selectPublicEvents: db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ticket_id = ? AND internal = 0 ORDER BY at, seq`,
    ),
    statsTotals: db.prepare(`${STATS_GROUPS}
      SELECT ifnull(sum(total), 0) AS total, ifnull(sum(open), 0) AS open, ifnull(sum(late), 0) AS late,
        ifnull(sum(ratings), 0) AS ratings, ifnull(sum(rating_sum), 0) AS ratingSum,
        ifnull(sum(satisfied), 0) AS satisfied, ifnull(sum(reopened), 0) AS reopened,
        ifnull(sum(resolved_ever), 0) AS resolvedEver, ifnull(sum(first_responses), 0) AS firstResponses,
        ifnull(sum(resolutions), 0) AS resolutions
      FROM groups`),
    statsByDay: db.prepare(`${STATS_GROUPS}
      SELECT day, category, sum(total) AS count FROM groups GROUP BY day, category_key`),
    statsByCategory: db.prepare(`${STATS_GROUPS}
      SELECT category, sum(total) AS count FROM groups GROUP BY category_key`),
    statsByPriority: db.prepare(`${STATS_GROUPS}
      SELECT priority, sum(total) AS count FROM groups GROUP BY priority`),
    countUnansweredOverdue: db
      .prepare(`SELECT count(*) FROM tickets INDEXED BY tickets_awaiting_response
        WHERE first_responded_at IS NULL AND resolved_at IS NULL AND created_at >= @from AND created_at < @to
          AND first_response_due_at < @now`)
      .pluck(),
    firstResponsePercentile: db
      .prepare(`SELECT first_response_minutes FROM tickets INDEXED BY tickets_first_response_minutes
        WHERE first_response_minutes IS NOT NULL AND created_at >= @from AND created_at < @to
        ORDER BY first_response_minutes LIMIT 1 OFFSET @offset`)
      .pluck(),
    resolutionPercentile: db
      .prepare(`SELECT resolution_minutes FROM tickets INDEXED BY tickets_resolution_minutes
        WHERE resolution_minutes IS NOT NULL AND created_at >= @from AND created_at < @to
        ORDER BY resolution_minutes LIMIT 1 OFFSET @offset`)
      .pluck(),
    // Whole days from the rating_days roll-up (migration 6), the partial days at the edges from tickets.
    statsRatingScores: db.prepare(`SELECT score, sum(ratings) AS count FROM (
        SELECT score, ratings FROM rating_days WHERE day >= @fullFrom AND day < @fullTo
        UNION ALL
        SELECT rating_score, 1 FROM tickets WHERE rating_score IS NOT NULL
          AND ((created_at >= @from AND created_at < @edgeEnd) OR (created_at >= @edgeStart AND created_at < @to)))
      GROUP BY score`),
    countDeflections: db.prepare('SELECT count(*) FROM deflections WHERE at >= @from AND at < @to').pluck(),
    hotKeywords: db.prepare(`SELECT keyword, sum(tickets) AS count FROM (
        SELECT keyword, tickets FROM keyword_days WHERE day >= @fullFrom AND day < @fullTo
        UNION ALL
        SELECT keyword, 1 FROM ticket_keywords
        WHERE (created_at >= @from AND created_at < @edgeEnd) OR (created_at >= @edgeStart AND created_at < @to))
      GROUP BY keyword ORDER BY count DESC, keyword LIMIT @limit`),
    insertAttachment: db.prepare(`INSERT INTO attachments (${ATTACHMENT_COLUMNS})
      VALUES (@id, @reporterId, @contentType, @size, @createdAt, @ticketId)`),
    selectAttachment: db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?`),
    // In the order asked, once each: json_each numbers the ids.
    selectAttachments: db.prepare(`SELECT a.id, a.reporter_id, a.content_type, a.size, a.created_at, a.ticket_id
      FROM json_each(?) AS asked JOIN attachments AS a ON a.id = asked.value
      GROUP BY a.id ORDER BY min(asked.key)`),
    linkAttachments: db.prepare(
      'UPDATE attachments SET ticket_id = @ticketId WHERE id IN (SELECT value FROM json_each(@ids))',
    ),
    unattachedBytes: db.prepare(`SELECT
        (SELECT ifnull(sum(size), 0) FROM attachments WHERE ticket_id IS NULL AND reporter_id = ?) AS reporter,
        (SELECT ifnull(sum(size), 0) FROM attachments WHERE ticket_id IS NULL) AS total`),
    deleteUnattached: db.prepare('DELETE FROM attachments WHERE ticket_id IS NULL AND created_at < ? RETURNING id').pluck(),
    // Personal data goes, statistics stay: status, priority, category, keywords, times, score.
    purgeTickets: db.prepare(`UPDATE tickets SET ${TICKET_PERSONAL_DATA_CLEARED}
      WHERE purged_at IS NULL AND status IN ('resolved', 'closed', 'rejected') AND updated_at < @before
      RETURNING id`).pluck(),
    // The free texts of a purged ticket's timeline (reporter's and operators'); the rest stays.
    purgeEvents: db.prepare(`UPDATE events SET ${TIMELINE_TEXTS_CLEARED}
      WHERE ticket_id IN (SELECT value FROM json_each(?))`),
    deleteTicketAttachments: db.prepare('DELETE FROM attachments WHERE ticket_id IN (SELECT value FROM json_each(?)) RETURNING id').pluck(),
    // No conflict target: a repeated id or a repeated (reporter, client id) both write nothing.
    insertDeflection: db.prepare(`INSERT INTO deflections (id, client_id, reporter_id, article_id, category, at)
      VALUES (@id, @clientId, @reporterId, @articleId, @category, @at) ON CONFLICT DO NOTHING`),
    insertOperatorToken: db.prepare(`INSERT INTO operator_tokens (id, name, token_hash, created_at)
      VALUES (@id, @name, @tokenHash, @createdAt)`),
    selectOperatorToken: db.prepare(
      'SELECT id, name, token_hash, created_at, revoked_at FROM operator_tokens WHERE token_hash = ? AND revoked_at IS NULL',
    ),
    selectOperatorTokens: db.prepare('SELECT id, name, token_hash, created_at, revoked_at FROM operator_tokens ORDER BY created_at, id'),
    revokeOperatorToken: db.prepare(`UPDATE operator_tokens SET revoked_at = ifnull(revoked_at, @at) WHERE id = @id
      RETURNING id, name, token_hash, created_at, revoked_at`),
    selectChanges: db.prepare(`SELECT seq, ticket_id, type, at, actor_type, actor_name FROM events
      WHERE seq > @after ORDER BY seq LIMIT @limit`),
    selectLatestChange: db.prepare('SELECT ifnull(max(seq), 0) FROM events').pluck(),
    selectSettings: db.prepare('SELECT version, body, updated_at, updated_by FROM settings WHERE id = 1'),
    // Guarded by the version read: a concurrent save of the same version updates nothing.
    upsertSettings: db.prepare(`INSERT INTO settings (id, version, body, updated_at, updated_by)
      VALUES (1, @version, @body, @updatedAt, @updatedBy)
      ON CONFLICT (id) DO UPDATE SET version = excluded.version, body = excluded.body,
        updated_at = excluded.updated_at, updated_by = excluded.updated_by
      WHERE settings.version = excluded.version - 1`),
    insertFormVersion: db.prepare(`INSERT INTO form_versions (form_id, version, definition) VALUES (@formId, @version, @definition)
      ON CONFLICT DO NOTHING`),
    selectFormVersion: db.prepare('SELECT definition FROM form_versions WHERE form_id = ? AND version = ?').pluck(),
  };
}


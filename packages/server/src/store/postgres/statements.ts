import { canonicalTime } from '../shared/derived';
import type { CursorPosition } from '../shared/cursor';
import type { StatsTotals } from '../shared/stats-assemble';
import type { TicketFilter } from '../store';
import { WEBHOOK_DELIVERY_COLUMNS } from '../shared/webhook-rows';
import { deliveriesUnnest } from './webhooks';

/**
 * Every SQL statement of the PostgreSQL store. All text is fixed; the only variation is
 * which of the fixed `listTickets` filter fragments are ANDed together (and so the
 * numbers of their placeholders).
 */

const OPEN_STATUSES_SQL = `('submitted', 'acknowledged', 'in_progress', 'reopened')`;
/** The columns a ticket record is read from. */
export const TICKET_COLUMNS = `id, client_id, reporter_id, status, priority, category, subtypes, summary, search_text, keywords,
  form_id, form_version, answers, context, contact, attachments, assignee, submitted_at, created_at, updated_at,
  first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, rating_score, rating_comment,
  rated_at, reopen_count, unread, team, channel`;
/** No conflict target: a repeated id or a repeated (reporter, client id) both write nothing. */
export const RECORD_DEFLECTION_SQL = `INSERT INTO deflections (id, client_id, reporter_id, article_id, category, at)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`;
/** The columns an attachment record is read from (never the bytes). */
export const ATTACHMENT_COLUMNS = 'id, reporter_id, content_type, size, created_at, ticket_id';

/** Adds a value to a query's parameters and answers its placeholder. */
type Bind = (value: unknown) => string;

/**
 * The filters of `listTickets`, each a fixed SQL fragment; only the placeholders' numbers
 * depend on which other filters are present.
 */
const FILTER_SQL: Readonly<Record<keyof TicketFilter, (value: string, bind: Bind) => string>> = {
  reporterId: (value, bind) => `reporter_id = ${bind(value)}`,
  status: (value, bind) => `status = ${bind(value)}`,
  priority: (value, bind) => `priority = ${bind(value)}`,
  category: (value, bind) => `category = ${bind(value)}`,
  assignee: (value, bind) => `assignee = ${bind(value)}`,
  // `team` null (no team) is `team IS NULL` (listTicketsQuery).
  team: (value, bind) => `team = ${bind(value)}`,
  // An array parameter (listTicketsQuery binds `filter.teams` as it is).
  teams: (value, bind) => `team = ANY(${bind(value)}::text[])`,
  // App tickets have no channel (NULL): the partial tickets_by_channel holds only the typed-in ones.
  channel: (value, bind) => (value === 'app' ? 'channel IS NULL' : `channel = ${bind(value)}`),
  // Mirrors core's slaState().overdue; the shape matches the partial tickets_open_unresolved index.
  overdueAt: (value, bind) => {
    const at = bind(canonicalTime(value));
    return `status IN ${OPEN_STATUSES_SQL} AND resolved_at IS NULL
      AND ((first_responded_at IS NULL AND first_response_due_at < ${at}::timestamptz) OR resolution_due_at < ${at}::timestamptz)`;
  },
  // strpos() matches literally: %, _ and \ are ordinary characters here, unlike in LIKE.
  text: (value, bind) => `strpos(search_text, ${bind(value)}) > 0`,
  from: (value, bind) => `created_at >= ${bind(canonicalTime(value))}::timestamptz`,
  to: (value, bind) => `created_at < ${bind(canonicalTime(value))}::timestamptz`,
};
/** The filter names in the fixed order their fragments are joined. */
const FILTER_KEYS = Object.keys(FILTER_SQL) as (keyof TicketFilter)[];

/**
 * The `listTickets` query for a filter, newest first, optionally continuing after a
 * cursor position. Its name (a prepared statement per filter combination) is stable.
 */
export function listTicketsQuery(
  filter: TicketFilter,
  after: CursorPosition | null,
  limit: number,
  order: 'newest' | 'oldest' = 'newest',
): { name: string; text: string; values: unknown[] } {
  const values: unknown[] = [];
  const bind: Bind = (value) => {
    values.push(value);
    return `$${values.length}`;
  };
  const keys = FILTER_KEYS.filter((key) => filter[key] !== undefined);
  const where = keys.map((key) => (key === 'team' && filter.team === null ? 'team IS NULL' : FILTER_SQL[key](filter[key] as string, bind)));
  const oldest = order === 'oldest';
  if (after) where.push(`(created_at, id) ${oldest ? '>' : '<'} (${bind(after.createdAt)}::timestamptz, ${bind(after.id)})`);
  const text = `SELECT ${TICKET_COLUMNS} FROM tickets WHERE ${where.length ? where.join(' AND ') : 'true'}
    ORDER BY ${oldest ? 'created_at ASC, id ASC' : 'created_at DESC, id DESC'} LIMIT ${bind(limit)}`;
  // Values with a text of their own (no team, the app channel) name a statement of their own.
  const names = keys.map((key) => (key === 'team' && filter.team === null ? 'noteam' : key === 'channel' && filter.channel === 'app' ? 'app' : key));
  return { name: `fankui_list_${names.join('_')}${after ? '_after' : ''}${oldest ? '_oldest' : ''}`, text, values };
}

/** A client id's ticket and reporter, on the unique `client_id` index. $1: the client id. */
export const SELECT_BY_CLIENT_ID_SQL = 'SELECT id, reporter_id FROM tickets WHERE client_id = $1';

/**
 * Inserts a ticket with its events and keywords unless its client id (or id) exists.
 * $1..$33: the ticket; $34..$41: its events as parallel arrays; $42: its keywords; $43, $44:
 * its team and channel (`ticketRouteValues`); $45..$56: its outbox rows (`deliveryArrays`),
 * written only with the ticket.
 */
export const CREATE_TICKET_SQL = `WITH ticket AS (
    INSERT INTO tickets (
      id, client_id, reporter_id, status, priority, category, subtypes, summary, search_text, keywords, form_id,
      form_version, answers, context, contact, attachments, assignee, submitted_at, created_at, updated_at,
      first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, rating_score,
      rating_comment, rated_at, reopen_count, unread, resolved_ever, first_response_minutes, resolution_minutes, team, channel)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
      $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $43, $44)
    ON CONFLICT DO NOTHING
    RETURNING id, created_at),
  new_events AS (
    INSERT INTO events (id, ticket_id, at, actor_type, actor_name, type, payload, internal)
    SELECT e.id, e.ticket_id, e.at, e.actor_type, e.actor_name, e.type, e.payload, e.internal
    FROM unnest($34::text[], $35::text[], $36::timestamptz[], $37::text[], $38::text[], $39::text[], $40::jsonb[], $41::boolean[])
      WITH ORDINALITY AS e (id, ticket_id, at, actor_type, actor_name, type, payload, internal, n)
    WHERE EXISTS (SELECT 1 FROM ticket)
    ORDER BY e.n),
  new_keywords AS (
    INSERT INTO ticket_keywords (ticket_id, keyword, created_at)
    SELECT ticket.id, k.keyword, ticket.created_at FROM ticket, unnest($42::text[]) AS k (keyword)),
  new_deliveries AS (
    INSERT INTO webhook_deliveries (${WEBHOOK_DELIVERY_COLUMNS})
    SELECT * FROM ${deliveriesUnnest(45)} WHERE EXISTS (SELECT 1 FROM ticket))
  SELECT id FROM ticket`;

/**
 * Applies a change under the optional status guard and appends events, returning the row.
 * $1 id, $2 expected status or null, $3..$31 the change (flag and value pairs, then
 * counters), $32..$39 events, $40 and $41 the team's flag and value.
 */
export const UPDATE_TICKET_SQL = `WITH updated AS (
    UPDATE tickets SET
      status = CASE WHEN $3 THEN $4 ELSE status END,
      priority = CASE WHEN $5 THEN $6 ELSE priority END,
      category = CASE WHEN $7 THEN $8 ELSE category END,
      assignee = CASE WHEN $9 THEN $10 ELSE assignee END,
      team = CASE WHEN $40 THEN $41 ELSE team END,
      first_response_due_at = CASE WHEN $11 THEN $12::timestamptz ELSE first_response_due_at END,
      resolution_due_at = CASE WHEN $13 THEN $14::timestamptz ELSE resolution_due_at END,
      first_responded_at = CASE WHEN $15 THEN $16::timestamptz ELSE first_responded_at END,
      first_response_minutes = CASE WHEN $15 THEN round(extract(epoch FROM $16::timestamptz - created_at) * 1000)::float8 / 60000
        ELSE first_response_minutes END,
      resolved_at = CASE WHEN $17 THEN $18::timestamptz ELSE resolved_at END,
      resolution_minutes = CASE WHEN $17 THEN round(extract(epoch FROM $18::timestamptz - created_at) * 1000)::float8 / 60000
        ELSE resolution_minutes END,
      resolved_ever = resolved_ever OR ($17 AND $18::timestamptz IS NOT NULL) OR $30,
      closed_at = CASE WHEN $19 THEN $20::timestamptz ELSE closed_at END,
      rating_score = CASE WHEN $21 THEN $22::integer ELSE rating_score END,
      rating_comment = CASE WHEN $23 THEN $24 ELSE rating_comment END,
      rated_at = CASE WHEN $25 THEN $26::timestamptz ELSE rated_at END,
      attachments = CASE WHEN $27 THEN $28::jsonb ELSE attachments END,
      unread = CASE $29 WHEN 'increment' THEN unread + 1 WHEN 'reset' THEN 0 ELSE unread END,
      reopen_count = reopen_count + CASE WHEN $30 THEN 1 ELSE 0 END,
      updated_at = $31::timestamptz
    WHERE id = $1 AND ($2::text IS NULL OR status = $2)
    RETURNING ${TICKET_COLUMNS}),
  new_events AS (
    INSERT INTO events (id, ticket_id, at, actor_type, actor_name, type, payload, internal)
    SELECT e.id, e.ticket_id, e.at, e.actor_type, e.actor_name, e.type, e.payload, e.internal
    FROM unnest($32::text[], $33::text[], $34::timestamptz[], $35::text[], $36::text[], $37::text[], $38::jsonb[], $39::boolean[])
      WITH ORDINALITY AS e (id, ticket_id, at, actor_type, actor_name, type, payload, internal, n)
    WHERE EXISTS (SELECT 1 FROM updated)
    ORDER BY e.n)
  SELECT * FROM updated`;

/** A row of `STATS_GROUPS_SQL`. */
export interface StatsGroupRow extends StatsTotals {
  /** GROUPING(day, category, priority): 1 per day and category, 5 per category, 6 per priority, 7 all. */
  level: number;
  /** Ratings of 1 to 5 stars, in that order. */
  ratingScores: number[];
  day: string | null;
  category: string | null;
  priority: string | null;
}

// One range scan feeds every breakdown. `late` mirrors the embedded store's roll-up trigger.
export const STATS_GROUPS_SQL = `SELECT GROUPING(day, category, priority) AS level, day, category, priority,
    count(*)::int AS total,
    count(*) FILTER (WHERE status IN ${OPEN_STATUSES_SQL})::int AS open,
    count(*) FILTER (WHERE CASE
      WHEN first_responded_at IS NOT NULL AND (resolved_at IS NULL OR first_responded_at <= resolved_at)
        THEN first_responded_at > first_response_due_at
      WHEN resolved_at IS NOT NULL THEN resolved_at > first_response_due_at
      ELSE false END)::int AS late,
    count(rating_score)::int AS ratings,
    coalesce(sum(rating_score), 0)::int AS "ratingSum",
    count(*) FILTER (WHERE rating_score >= 4)::int AS satisfied,
    ARRAY[count(*) FILTER (WHERE rating_score = 1), count(*) FILTER (WHERE rating_score = 2),
      count(*) FILTER (WHERE rating_score = 3), count(*) FILTER (WHERE rating_score = 4),
      count(*) FILTER (WHERE rating_score = 5)]::int[] AS "ratingScores",
    count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
    count(*) FILTER (WHERE resolved_ever)::int AS "resolvedEver",
    count(first_responded_at)::int AS "firstResponses",
    count(resolved_at)::int AS resolutions
  FROM (
    SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, category, priority, status, first_responded_at,
      resolved_at, first_response_due_at, rating_score, reopen_count, resolved_ever
    FROM tickets WHERE created_at >= $1 AND created_at < $2) AS ranged
  GROUP BY GROUPING SETS ((day, category), (category), (priority), ())`;


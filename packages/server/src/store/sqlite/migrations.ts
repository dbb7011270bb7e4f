/**
 * One step of a store's schema. Versions start at 1 and grow by one; a released migration
 * is never edited, only followed by a new one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const OPEN_STATUSES = `('submitted', 'acknowledged', 'in_progress', 'reopened')`;

const TICKET_DAYS_COLUMNS = `day, category_key, category, priority, total, open, late, ratings, rating_sum,
    satisfied, reopened, resolved_ever, first_responses, resolutions`;
const TICKET_DAYS_UPSERT = `ON CONFLICT (day, category_key, priority) DO UPDATE SET
    total = total + excluded.total, open = open + excluded.open, late = late + excluded.late,
    ratings = ratings + excluded.ratings, rating_sum = rating_sum + excluded.rating_sum,
    satisfied = satisfied + excluded.satisfied, reopened = reopened + excluded.reopened,
    resolved_ever = resolved_ever + excluded.resolved_ever, first_responses = first_responses + excluded.first_responses,
    resolutions = resolutions + excluded.resolutions`;

/** The `ticket_days` key of a ticket row (`row`: NEW, OLD or a table alias). */
function dayKey(row: string): string {
  return `substr(${row}.created_at, 1, 10), ifnull('.' || ${row}.category, ''), ${row}.category, ${row}.priority`;
}

/**
 * One ticket row's share of each additive `ticket_days` column, `total` to `resolutions`.
 * `late` mirrors core's slaState(): the first response is the reply or, if earlier or
 * alone, the resolution. Migration 1's triggers and the group commit's roll-up are both
 * built from these terms, so they mean the same: the text is frozen with migration 1, and a
 * change of meaning needs a migration that replaces `ticket_days_update` too.
 */
function dayShareTerms(row: string): string[] {
  return [
    '1',
    `(${row}.status IN ${OPEN_STATUSES})`,
    `(CASE
      WHEN ${row}.first_responded_at IS NOT NULL AND (${row}.resolved_at IS NULL OR ${row}.first_responded_at <= ${row}.resolved_at)
        THEN ${row}.first_responded_at > ${row}.first_response_due_at
      WHEN ${row}.resolved_at IS NOT NULL THEN ${row}.resolved_at > ${row}.first_response_due_at
      ELSE 0 END)`,
    `(${row}.rating_score IS NOT NULL)`,
    `ifnull(${row}.rating_score, 0)`,
    `ifnull(${row}.rating_score >= 4, 0)`,
    `(${row}.reopen_count > 0)`,
    `${row}.resolved_ever`,
    `(${row}.first_responded_at IS NOT NULL)`,
    `(${row}.resolved_at IS NOT NULL)`,
  ];
}

/** Adds (`sign` 1) or removes (-1) one ticket row's share of its `ticket_days` group. Part of migration 1. */
function dayShare(row: 'NEW' | 'OLD', sign: 1 | -1): string {
  const shares = dayShareTerms(row).map((term) => (term === '1' ? `${sign}` : `${sign} * ${term}`));
  return `INSERT INTO ticket_days (${TICKET_DAYS_COLUMNS})
  VALUES (
    ${dayKey(row)},
    ${shares.join(',\n    ')})
  ${TICKET_DAYS_UPSERT};`;
}

/**
 * The select list that aggregates ticket rows (`row`: a table name or alias) into
 * `ticket_days` rows, in its column order; GROUP BY 1, 2, 4 (day, category key, priority).
 * Used by the group commit's roll-up and by statistics for the partial days at a range's
 * edges, so both add up exactly what the roll-up holds.
 */
export function ticketDaysOf(row: string): string {
  return `${dayKey(row)},
    ${dayShareTerms(row)
      .map((term) => `sum(${term})`)
      .join(',\n    ')}`;
}

/**
 * The group commit's roll-up of `ticket_days` (group-commit.ts, since migration 2 dropped
 * the insert triggers): the shares of the tickets it inserted, whose rowids are the JSON
 * array bound to the one `?`, summed per group and added in one upsert per group. (An upsert
 * from a SELECT needs its WHERE clause, or SQLite reads ON CONFLICT as a join constraint.)
 */
export const TICKET_DAYS_ROLL_UP_SQL = `INSERT INTO ticket_days (${TICKET_DAYS_COLUMNS})
  SELECT ${ticketDaysOf('t')}
  FROM tickets AS t WHERE t.rowid IN (SELECT value FROM json_each(?))
  GROUP BY 1, 2, 4
  ${TICKET_DAYS_UPSERT}`;

/**
 * The same for `rating_days` (migration 6), bound to the rowids of the inserted tickets that
 * came with a rating: none on the ingestion path, so it rarely runs.
 */
export const RATING_DAYS_ROLL_UP_SQL = `INSERT INTO rating_days (day, score, ratings)
  SELECT substr(created_at, 1, 10), rating_score, count(*) FROM tickets
  WHERE rowid IN (SELECT value FROM json_each(?)) AND rating_score IS NOT NULL
  GROUP BY 1, 2
  ON CONFLICT (day, score) DO UPDATE SET ratings = ratings + excluded.ratings`;

/**
 * The same for `keyword_days`, bound to a JSON array of `[day, keyword, count]`: the
 * `ticket_keywords` rows the group inserted, counted per UTC day (`substr(created_at, 1, 10)`)
 * and keyword by the group commit, as migration 1's `keyword_days_insert` trigger counted each.
 */
export const KEYWORD_DAYS_ROLL_UP_SQL = `INSERT INTO keyword_days (day, keyword, tickets)
  SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?) WHERE true
  ON CONFLICT (day, keyword) DO UPDATE SET tickets = tickets + excluded.tickets`;

const TICKET_DAYS_TRIGGERS = `
CREATE TRIGGER ticket_days_insert AFTER INSERT ON tickets BEGIN
  ${dayShare('NEW', 1)}
END;
-- Only changes that move a ticket's share: unread counters and replies skip the roll-up.
CREATE TRIGGER ticket_days_update AFTER UPDATE ON tickets
WHEN OLD.status IS NOT NEW.status OR OLD.priority IS NOT NEW.priority OR OLD.category IS NOT NEW.category
  OR OLD.first_responded_at IS NOT NEW.first_responded_at OR OLD.resolved_at IS NOT NEW.resolved_at
  OR OLD.first_response_due_at IS NOT NEW.first_response_due_at OR OLD.rating_score IS NOT NEW.rating_score
  OR OLD.reopen_count IS NOT NEW.reopen_count OR OLD.resolved_ever IS NOT NEW.resolved_ever
  OR OLD.created_at IS NOT NEW.created_at
BEGIN
  ${dayShare('OLD', -1)}
  ${dayShare('NEW', 1)}
END;`;

/**
 * The embedded store's schema, oldest first. Timestamps are `toISOString()` text (which
 * sorts chronologically), arrays and objects JSON text. `first_response_minutes`,
 * `resolution_minutes` and `resolved_ever` are derived by the store when it writes, and
 * daily roll-ups are kept as tickets are written (by the group commit for new tickets, by a
 * trigger for changes), so statistics never do JSON or date work.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE tickets (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE,
  reporter_id TEXT NOT NULL,
  status TEXT NOT NULL,
  priority TEXT NOT NULL,
  category TEXT,
  subtypes TEXT NOT NULL,
  summary TEXT NOT NULL,
  search_text TEXT NOT NULL,
  keywords TEXT NOT NULL,
  form_id TEXT NOT NULL,
  form_version INTEGER NOT NULL,
  answers TEXT NOT NULL,
  context TEXT NOT NULL,
  contact TEXT,
  attachments TEXT NOT NULL,
  assignee TEXT,
  submitted_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  first_response_due_at TEXT NOT NULL,
  resolution_due_at TEXT NOT NULL,
  first_responded_at TEXT,
  resolved_at TEXT,
  closed_at TEXT,
  rating_score INTEGER,
  rating_comment TEXT,
  rated_at TEXT,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  unread INTEGER NOT NULL DEFAULT 0,
  resolved_ever INTEGER NOT NULL DEFAULT 0,
  first_response_minutes REAL,
  resolution_minutes REAL
) STRICT;

-- List orders (newest first, id breaks ties) per scope and per equality filter. The admin
-- order carries search_text so a text search scans this index, not the wide rows
-- (measured on 1M tickets: 3.5 s -> 0.17 s for a search that matches nothing).
CREATE INDEX tickets_by_created ON tickets (created_at DESC, id DESC, search_text);
CREATE INDEX tickets_by_reporter ON tickets (reporter_id, created_at DESC, id DESC);
CREATE INDEX tickets_by_status ON tickets (status, created_at DESC, id DESC);
CREATE INDEX tickets_by_priority ON tickets (priority, created_at DESC, id DESC);
CREATE INDEX tickets_by_category ON tickets (category, created_at DESC, id DESC);
CREATE INDEX tickets_by_assignee ON tickets (assignee, created_at DESC, id DESC) WHERE assignee IS NOT NULL;

-- Overdue lists: every overdue ticket is open and unresolved, which few tickets are; the
-- due times ride along so the filter never reads the table.
CREATE INDEX tickets_open_unresolved ON tickets (
  created_at DESC, id DESC, first_responded_at, first_response_due_at, resolution_due_at
) WHERE status IN ${OPEN_STATUSES} AND resolved_at IS NULL;

-- Unanswered tickets, for the "overdue at now" part of the SLA breach count.
CREATE INDEX tickets_awaiting_response ON tickets (created_at, first_response_due_at)
  WHERE first_responded_at IS NULL AND resolved_at IS NULL;
-- Percentiles: values in order, with created_at to filter the range without the table.
CREATE INDEX tickets_first_response_minutes ON tickets (first_response_minutes, created_at)
  WHERE first_response_minutes IS NOT NULL;
CREATE INDEX tickets_resolution_minutes ON tickets (resolution_minutes, created_at)
  WHERE resolution_minutes IS NOT NULL;

-- Daily roll-up of everything additive that statistics report, kept by triggers so no
-- write path can forget it. A year of statistics reads a few thousand of these rows
-- instead of a million tickets; only the partial days at the range's edges read tickets.
-- category_key stands in for category in the key because NULLs never conflict.
CREATE TABLE ticket_days (
  day TEXT NOT NULL,
  category_key TEXT NOT NULL,
  category TEXT,
  priority TEXT NOT NULL,
  total INTEGER NOT NULL,
  open INTEGER NOT NULL,
  late INTEGER NOT NULL,
  ratings INTEGER NOT NULL,
  rating_sum INTEGER NOT NULL,
  satisfied INTEGER NOT NULL,
  reopened INTEGER NOT NULL,
  resolved_ever INTEGER NOT NULL,
  first_responses INTEGER NOT NULL,
  resolutions INTEGER NOT NULL,
  PRIMARY KEY (day, category_key, priority)
) STRICT, WITHOUT ROWID;
${TICKET_DAYS_TRIGGERS}
-- Clustered by time: a new ticket appends, and a range is one contiguous scan.
CREATE TABLE ticket_keywords (
  ticket_id TEXT NOT NULL REFERENCES tickets (id),
  keyword TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (created_at, keyword, ticket_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE keyword_days (
  day TEXT NOT NULL,
  keyword TEXT NOT NULL,
  tickets INTEGER NOT NULL,
  PRIMARY KEY (day, keyword)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER keyword_days_insert AFTER INSERT ON ticket_keywords BEGIN
  INSERT INTO keyword_days (day, keyword, tickets) VALUES (substr(NEW.created_at, 1, 10), NEW.keyword, 1)
    ON CONFLICT (day, keyword) DO UPDATE SET tickets = tickets + 1;
END;

-- seq keeps insertion order among events of the same instant. Event ids are the server's
-- own and never looked up, so they get no index: one less page written per event.
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  ticket_id TEXT NOT NULL REFERENCES tickets (id),
  at TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_name TEXT,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  internal INTEGER NOT NULL
) STRICT;
CREATE INDEX events_by_ticket ON events (ticket_id, at, seq);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  reporter_id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  ticket_id TEXT REFERENCES tickets (id)
) STRICT;

CREATE TABLE deflections (
  id TEXT PRIMARY KEY,
  reporter_id TEXT NOT NULL,
  article_id TEXT NOT NULL,
  category TEXT,
  at TEXT NOT NULL
) STRICT;
CREATE INDEX deflections_by_at ON deflections (at);

CREATE TABLE operator_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;
`,
  },
  {
    version: 2,
    name: 'roll-ups of new tickets per group',
    // The group commit adds a group's tickets to the roll-ups in one upsert per day and
    // category (TICKET_DAYS_ROLL_UP_SQL, KEYWORD_DAYS_ROLL_UP_SQL) instead of one per ticket
    // and keyword. Changes still go through ticket_days_update.
    sql: `
DROP TRIGGER ticket_days_insert;
DROP TRIGGER keyword_days_insert;
`,
  },
  {
    version: 3,
    name: 'idempotent deflections',
    // The client's idempotency key, unique per reporter. Rows from older clients keep NULL,
    // which the unique index never compares equal, so they stay one row per request.
    sql: `
ALTER TABLE deflections ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX deflections_by_client_id ON deflections (reporter_id, client_id);
`,
  },
  {
    version: 4,
    name: 'console: settings, form versions, revocable operator tokens',
    // Settings operators save from the console: one row, its version guarding concurrent
    // saves. Every saved form version is kept, so submissions queued offline with an older
    // version still validate. The change feed reads events by seq (their primary key).
    sql: `
CREATE TABLE settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT
) STRICT;
CREATE TABLE form_versions (
  form_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  PRIMARY KEY (form_id, version)
) STRICT, WITHOUT ROWID;
ALTER TABLE operator_tokens ADD COLUMN revoked_at TEXT;
`,
  },
  {
    version: 5,
    name: 'upload quota and retention purge',
    // Uploads no ticket refers to, per reporter and in all (the upload quota, the purge of
    // old ones); attachments by ticket (the retention purge). purged_at marks a ticket whose
    // personal data the retention purge removed, so it is done once; the partial index holds
    // only tickets still waiting for it.
    sql: `
CREATE INDEX attachments_unattached ON attachments (reporter_id, created_at, size) WHERE ticket_id IS NULL;
CREATE INDEX attachments_by_ticket ON attachments (ticket_id) WHERE ticket_id IS NOT NULL;
ALTER TABLE tickets ADD COLUMN purged_at TEXT;
CREATE INDEX tickets_retention ON tickets (updated_at)
  WHERE purged_at IS NULL AND status IN ('resolved', 'closed', 'rejected');
`,
  },
  {
    version: 6,
    name: 'ratings per score per day',
    // The dashboard's CSAT distribution: ticket_days sums ratings but cannot tell the scores
    // apart, and counting them from tickets reads every ticket of the range (seconds for a
    // year of a million). A rating is an update (rating_days_update); the rare ticket created
    // already rated (imports, seeds) is added by the group commit (RATING_DAYS_ROLL_UP_SQL):
    // an insert trigger, even one whose WHEN is false, cost every insert ~15 µs of CPU.
    sql: `
CREATE TABLE rating_days (
  day TEXT NOT NULL,
  score INTEGER NOT NULL,
  ratings INTEGER NOT NULL,
  PRIMARY KEY (day, score)
) STRICT, WITHOUT ROWID;
INSERT INTO rating_days (day, score, ratings)
  SELECT substr(created_at, 1, 10), rating_score, count(*) FROM tickets WHERE rating_score IS NOT NULL GROUP BY 1, 2;
CREATE TRIGGER rating_days_update AFTER UPDATE OF rating_score ON tickets
  WHEN OLD.rating_score IS NOT NEW.rating_score BEGIN
  UPDATE rating_days SET ratings = ratings - 1 WHERE day = substr(OLD.created_at, 1, 10) AND score = OLD.rating_score;
  INSERT INTO rating_days (day, score, ratings) SELECT substr(NEW.created_at, 1, 10), NEW.rating_score, 1
    WHERE NEW.rating_score IS NOT NULL
    ON CONFLICT (day, score) DO UPDATE SET ratings = ratings + 1;
END;
`,
  },
  {
    version: 7,
    name: 'webhook outbox',
    // Webhook deliveries waiting to be sent, being sent, sent or given up: one row per
    // endpoint and event, its body fixed when written so every attempt signs the same bytes.
    // A sender claims a due row by moving next_attempt_at to the end of its lease and naming
    // itself in claimed_by; the row is due again only when the lease runs out.
    sql: `
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  endpoint TEXT NOT NULL,
  event TEXT NOT NULL,
  ticket_id TEXT,
  body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  claimed_by TEXT,
  last_error TEXT,
  last_status INTEGER,
  created_at TEXT NOT NULL,
  delivered_at TEXT
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (created_at, id);
`,
  },
  {
    version: 8,
    name: 'teams and channels',
    // The team routing gave a ticket (or an operator moved it to), and the channel an operator
    // typed it in from: NULL for the app, so the channel index holds only the typed-in few
    // (which the list filter reads with channel = ?). Until now the channel lived only in the
    // reporter id, channel:<channel>:<ticket id>, which the retention purge anonymises.
    sql: `
ALTER TABLE tickets ADD COLUMN team TEXT;
ALTER TABLE tickets ADD COLUMN channel TEXT;
UPDATE tickets SET channel = substr(reporter_id, 9, instr(substr(reporter_id, 9), ':') - 1)
  WHERE reporter_id LIKE 'channel:%:%';
CREATE INDEX tickets_by_team ON tickets (team, created_at DESC, id DESC);
CREATE INDEX tickets_by_channel ON tickets (channel, created_at DESC, id DESC) WHERE channel IS NOT NULL;
`,
  },
  {
    version: 9,
    name: 'spike alerts and SLA breach marks',
    // One open alert per kind and subject (the partial unique index), so several processes
    // raise it once; a notice stays with its alert. A breach mark per ticket, kind and due
    // time makes ticket.sla_breached go out once per due time.
    sql: `
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('category', 'keyword')),
  subject TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  count INTEGER NOT NULL,
  baseline REAL NOT NULL,
  window_minutes INTEGER NOT NULL,
  opened_at TEXT NOT NULL,
  closed_at TEXT,
  closed_by TEXT,
  notice TEXT,
  notice_published_at TEXT,
  notice_published_by TEXT
) STRICT;
CREATE UNIQUE INDEX alerts_open_subject ON alerts (kind, subject) WHERE status = 'open';
CREATE INDEX alerts_by_opened ON alerts (opened_at, id);
CREATE TABLE sla_breaches (
  ticket_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('first_response', 'resolution')),
  due_at TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (ticket_id, kind, due_at)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 10,
    name: 'wechat subscribe-message subscriptions',
    // Which subscribe-message templates a reporter accepted for a ticket, with the openid to
    // send to: kept only for that (never answered), deleted with the ticket's personal data.
    // A subscription is used once: taken (queued) for one message, then sent or failed.
    sql: `
CREATE TABLE wechat_subscriptions (
  id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  openid TEXT NOT NULL,
  template_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('replied', 'status_changed')),
  status TEXT NOT NULL CHECK (status IN ('accepted', 'queued', 'sent', 'failed')),
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX wechat_subscriptions_by_ticket ON wechat_subscriptions (ticket_id, kind, status);
`,
  },
];

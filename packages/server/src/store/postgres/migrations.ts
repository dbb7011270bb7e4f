import type { Migration } from '../sqlite/migrations';

const OPEN_STATUSES = `('submitted', 'acknowledged', 'in_progress', 'reopened')`;

/**
 * The PostgreSQL store's schema, oldest first. Identifiers and other compared text use
 * `COLLATE "C"` so ordering is byte order whatever the database's locale, exactly like
 * SQLite. Timestamps are timestamptz; answers, context and payloads jsonb. Bytes of
 * attachments live in the table (bytea), so a database backup is the whole state.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE tickets (
  id text COLLATE "C" PRIMARY KEY,
  client_id text COLLATE "C" NOT NULL UNIQUE,
  reporter_id text COLLATE "C" NOT NULL,
  status text NOT NULL,
  priority text NOT NULL,
  category text COLLATE "C",
  subtypes jsonb NOT NULL,
  summary text NOT NULL,
  search_text text NOT NULL,
  keywords jsonb NOT NULL,
  form_id text NOT NULL,
  form_version integer NOT NULL,
  answers jsonb NOT NULL,
  context jsonb NOT NULL,
  contact jsonb,
  attachments jsonb NOT NULL,
  assignee text COLLATE "C",
  submitted_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  first_response_due_at timestamptz NOT NULL,
  resolution_due_at timestamptz NOT NULL,
  first_responded_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  rating_score integer,
  rating_comment text,
  rated_at timestamptz,
  reopen_count integer NOT NULL DEFAULT 0,
  unread integer NOT NULL DEFAULT 0,
  resolved_ever boolean NOT NULL DEFAULT false,
  first_response_minutes double precision,
  resolution_minutes double precision
);

-- List orders (newest first, id breaks ties) per scope and per equality filter.
CREATE INDEX tickets_by_created ON tickets (created_at DESC, id DESC);
CREATE INDEX tickets_by_reporter ON tickets (reporter_id, created_at DESC, id DESC);
CREATE INDEX tickets_by_status ON tickets (status, created_at DESC, id DESC);
CREATE INDEX tickets_by_priority ON tickets (priority, created_at DESC, id DESC);
CREATE INDEX tickets_by_category ON tickets (category, created_at DESC, id DESC);
CREATE INDEX tickets_by_assignee ON tickets (assignee, created_at DESC, id DESC) WHERE assignee IS NOT NULL;
-- Overdue lists: every overdue ticket is open and unresolved, which few tickets are.
CREATE INDEX tickets_open_unresolved ON tickets (created_at DESC, id DESC)
  INCLUDE (first_responded_at, first_response_due_at, resolution_due_at)
  WHERE status IN ${OPEN_STATUSES} AND resolved_at IS NULL;
-- Unanswered tickets, for the "overdue at now" part of the SLA breach count.
CREATE INDEX tickets_awaiting_response ON tickets (created_at) INCLUDE (first_response_due_at)
  WHERE first_responded_at IS NULL AND resolved_at IS NULL;
-- Statistics: one index-only range scan feeds every grouped count.
CREATE INDEX tickets_stats ON tickets (created_at)
  INCLUDE (category, priority, status, first_response_due_at, first_responded_at, resolved_at, rating_score,
    reopen_count, resolved_ever);
-- Percentiles: values in order, with created_at to filter the range without the table.
CREATE INDEX tickets_first_response_minutes ON tickets (first_response_minutes, created_at)
  WHERE first_response_minutes IS NOT NULL;
CREATE INDEX tickets_resolution_minutes ON tickets (resolution_minutes, created_at)
  WHERE resolution_minutes IS NOT NULL;

CREATE TABLE ticket_keywords (
  ticket_id text COLLATE "C" NOT NULL REFERENCES tickets (id),
  keyword text COLLATE "C" NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (ticket_id, keyword)
);
CREATE INDEX ticket_keywords_by_created ON ticket_keywords (created_at) INCLUDE (keyword);

-- seq keeps insertion order among events of the same instant; a ticket's events are
-- written under its row lock, so its seqs grow in the order they were written.
CREATE TABLE events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL,
  ticket_id text COLLATE "C" NOT NULL REFERENCES tickets (id),
  at timestamptz NOT NULL,
  actor_type text NOT NULL,
  actor_name text,
  type text NOT NULL,
  payload jsonb NOT NULL,
  internal boolean NOT NULL
);
CREATE INDEX events_by_ticket ON events (ticket_id, at, seq);

CREATE TABLE attachments (
  id text COLLATE "C" PRIMARY KEY,
  reporter_id text COLLATE "C" NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  created_at timestamptz NOT NULL,
  ticket_id text COLLATE "C" REFERENCES tickets (id),
  bytes bytea NOT NULL
);

CREATE TABLE deflections (
  id text COLLATE "C" PRIMARY KEY,
  reporter_id text COLLATE "C" NOT NULL,
  article_id text NOT NULL,
  category text COLLATE "C",
  at timestamptz NOT NULL
);
CREATE INDEX deflections_by_at ON deflections (at);

CREATE TABLE operator_tokens (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  token_hash text COLLATE "C" NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);
`,
  },
  {
    version: 2,
    name: 'idempotent deflections',
    // The client's idempotency key, unique per reporter. Rows from older clients keep NULL,
    // which the unique index never compares equal, so they stay one row per request.
    sql: `
ALTER TABLE deflections ADD COLUMN client_id text COLLATE "C";
CREATE UNIQUE INDEX deflections_by_client_id ON deflections (reporter_id, client_id);
`,
  },
  {
    version: 3,
    name: 'console: settings, form versions, revocable operator tokens',
    // As the embedded store's migration 4.
    sql: `
CREATE TABLE settings (
  id integer PRIMARY KEY CHECK (id = 1),
  version integer NOT NULL,
  body jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text
);
CREATE TABLE form_versions (
  form_id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  definition jsonb NOT NULL,
  PRIMARY KEY (form_id, version)
);
ALTER TABLE operator_tokens ADD COLUMN revoked_at timestamptz;
`,
  },
  {
    version: 4,
    name: 'change feed in commit-safe order',
    // The change feed's order: the writing transaction, then the sequence (a sequence alone
    // can be overtaken by a slower commit). Events already written share this migration's
    // transaction and keep their sequence order.
    sql: `
ALTER TABLE events ADD COLUMN xact bigint NOT NULL DEFAULT txid_current();
CREATE INDEX events_by_xact ON events (xact, seq);
`,
  },
  {
    version: 5,
    name: 'upload quota and retention purge',
    // As the embedded store's migration 5.
    sql: `
CREATE INDEX attachments_unattached ON attachments (reporter_id, created_at) INCLUDE (size) WHERE ticket_id IS NULL;
CREATE INDEX attachments_by_ticket ON attachments (ticket_id) WHERE ticket_id IS NOT NULL;
ALTER TABLE tickets ADD COLUMN purged_at timestamptz;
CREATE INDEX tickets_retention ON tickets (updated_at)
  WHERE purged_at IS NULL AND status IN ('resolved', 'closed', 'rejected');
`,
  },
  {
    version: 6,
    name: 'webhook outbox',
    // As the embedded store's migration 7; senders claim due rows with FOR UPDATE SKIP LOCKED.
    sql: `
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  endpoint text NOT NULL,
  event text NOT NULL,
  ticket_id text,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  claimed_by text,
  last_error text,
  last_status integer,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (created_at, id);
`,
  },
  {
    version: 7,
    name: 'teams and channels',
    // As the embedded store's migration 8: the ticket's team, and the channel an operator typed
    // it in from (NULL for the app, so the partial index holds only those).
    sql: `
ALTER TABLE tickets ADD COLUMN team text COLLATE "C", ADD COLUMN channel text COLLATE "C";
UPDATE tickets SET channel = split_part(reporter_id, ':', 2) WHERE reporter_id LIKE 'channel:%:%';
CREATE INDEX tickets_by_team ON tickets (team, created_at DESC, id DESC);
CREATE INDEX tickets_by_channel ON tickets (channel, created_at DESC, id DESC) WHERE channel IS NOT NULL;
`,
  },
  {
    version: 8,
    name: 'spike alerts and SLA breach marks',
    // As the embedded store's migration 9.
    sql: `
CREATE TABLE alerts (
  id text COLLATE "C" PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('category', 'keyword')),
  subject text COLLATE "C" NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  count integer NOT NULL,
  baseline double precision NOT NULL,
  window_minutes integer NOT NULL,
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by text,
  notice text,
  notice_published_at timestamptz,
  notice_published_by text
);
CREATE UNIQUE INDEX alerts_open_subject ON alerts (kind, subject) WHERE status = 'open';
CREATE INDEX alerts_by_opened ON alerts (opened_at, id);
CREATE TABLE sla_breaches (
  ticket_id text COLLATE "C" NOT NULL,
  kind text NOT NULL CHECK (kind IN ('first_response', 'resolution')),
  due_at timestamptz NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (ticket_id, kind, due_at)
);
`,
  },
  {
    version: 9,
    name: 'wechat subscribe-message subscriptions',
    // As the embedded store's migration 10.
    sql: `
CREATE TABLE wechat_subscriptions (
  id text COLLATE "C" PRIMARY KEY,
  ticket_id text COLLATE "C" NOT NULL,
  openid text NOT NULL,
  template_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('replied', 'status_changed')),
  status text NOT NULL CHECK (status IN ('accepted', 'queued', 'sent', 'failed')),
  error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX wechat_subscriptions_by_ticket ON wechat_subscriptions (ticket_id, kind, status);
`,
  },
];

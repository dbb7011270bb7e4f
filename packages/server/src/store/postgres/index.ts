import pg from 'pg';
import type { Priority } from '@fankui/core';
import { InvalidCursorError, checkLimit, decodeCursor, toPage, type CursorPosition } from '../shared/cursor';
import { canonicalTime } from '../shared/derived';
import { TICKET_PERSONAL_DATA_CLEARED, TIMELINE_TEXTS_CLEARED, postgresPrivacy } from './erase';
import { POSTGRES_MIGRATIONS } from './migrations';
import { postgresSubscriptions } from './subscriptions';
import { deliveryArrays, insertDeliveries, postgresWebhookOutbox } from './webhooks';
import { postgresAlerts } from './alerts';
import { startPostgresGroupCommit } from './group-commit';
import { changeValues, eventArrays, teamChangeValues, ticketRouteValues, ticketValues, toAttachment, toEvent, toTicket, type AttachmentRow, type EventRow, type TicketRow } from './rows';
import {
  ATTACHMENT_COLUMNS,
  CREATE_TICKET_SQL,
  RECORD_DEFLECTION_SQL,
  SELECT_BY_CLIENT_ID_SQL,
  STATS_GROUPS_SQL,
  TICKET_COLUMNS,
  UPDATE_TICKET_SQL,
  listTicketsQuery,
  type StatsGroupRow,
} from './statements';
import { HOT_KEYWORDS_LIMIT, assembleStats, percentileOffset, type StatsTotals } from '../shared/stats-assemble';
import { ClientIdConflictError, type ChangeRecord, type EventRecord, type OperatorTokenRecord, type Store, type TicketFilter, type TicketOutbox, type TicketRecord } from '../store';

/** Options of `createPostgresStore`. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`; `?options=-c search_path=…` picks a schema. */
  connectionString: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /**
   * How long a query waits for a connection (a free one in the pool, or a new one to the
   * server) before it fails as unavailable. Default 5000 ms; without it a request would
   * hang as long as the database does.
   */
  connectTimeoutMs?: number;
}

/** The PostgreSQL store, with its pool open for diagnostics and tests. */
export interface PostgresStore extends Store {
  readonly kind: 'postgres';
  readonly pool: pg.Pool;
}

// Any fixed number works; it only has to be the same in every Fankui server.
const MIGRATION_LOCK_KEY = '7379468920553177';
const ITERATE_CHUNK = 500;

/**
 * The PostgreSQL store, for more than one server process or more than one machine's worth
 * of tickets. Same behaviour as the embedded store (one contract suite). Nothing touches
 * the database until the first call; run `migrate()` once at start-up.
 *
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * await store.migrate();
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  // node-postgres parses timestamps in the ISO output style only; a server or role
  // configured otherwise would read as null. Set as a startup option of every connection,
  // so no extra query races the connection's first one.
  const pool = new pg.Pool({
    ...withIsoDateStyle(options.connectionString),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
  });
  // An idle connection dropped by the server must not crash the process; the next query
  // gets a fresh connection, or fails and reports it.
  pool.on('error', () => {});

  const query = <Row extends pg.QueryResultRow>(name: string, text: string, values: unknown[] = []) =>
    pool.query<Row>({ name, text, values });

  async function transaction<T>(begin: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async function listPage(filter: TicketFilter, after: CursorPosition | null, limit: number, order: 'newest' | 'oldest' = 'newest'): Promise<TicketRecord[]> {
    const { name, text, values } = listTicketsQuery(filter, after, limit, order);
    const result = await query<TicketRow>(name, text, values);
    return result.rows.map(toTicket);
  }

  // One ticket in one statement, so one round trip and atomic without BEGIN/COMMIT. The
  // speculative insert makes concurrent calls with one client id wait for the first and then
  // do nothing. The group commit sends the tickets of one turn of the event loop together.
  // Its outbox rows are in the statement too, inserted only with the ticket.
  async function createOne(ticket: TicketRecord, events: readonly EventRecord[], outbox?: TicketOutbox): Promise<{ created: boolean; ticketId: string }> {
    const inserted = await query<{ id: string }>('fankui_create_ticket', CREATE_TICKET_SQL, [
      ...ticketValues(ticket),
      ...eventArrays(events),
      [...new Set(ticket.keywords)],
      ...ticketRouteValues(ticket),
      ...deliveryArrays(outbox ? outbox(ticket) : []),
    ]);
    if (inserted.rows.length === 1) return { created: true, ticketId: ticket.id };
    const existing = await query<{ id: string; reporter_id: string }>('fankui_ticket_by_client_id', SELECT_BY_CLIENT_ID_SQL, [ticket.clientId]);
    const row = existing.rows[0];
    // The insert hit another unique key (the ticket id) without a client-id row behind it.
    if (!row) throw new Error(`Ticket id ${ticket.id} is already taken`);
    if (row.reporter_id !== ticket.reporterId) throw new ClientIdConflictError(`Client id ${ticket.clientId} belongs to another reporter`);
    return { created: false, ticketId: row.id };
  }
  const groupCommit = startPostgresGroupCommit(pool, createOne);

  return {
    kind: 'postgres',
    pool,
    ...postgresWebhookOutbox(pool),
    ...postgresSubscriptions(pool),
    ...postgresAlerts(pool),
    ...postgresPrivacy(pool),

    async migrate() {
      await transaction('BEGIN', async (client) => {
        // Held until COMMIT: a second server starting now waits here, then finds nothing to do.
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        await client.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
        );
        const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
        const newest = Math.max(0, ...applied);
        const known = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;
        if (newest > known) throw new Error(`The database schema (version ${newest}) is newer than this server knows (${known})`);
        for (const migration of POSTGRES_MIGRATIONS) {
          if (applied.has(migration.version)) continue;
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
            migration.version,
            migration.name,
          ]);
        }
      });
    },

    async ping() {
      await pool.query('SELECT 1');
    },

    async close() {
      await pool.end();
    },

    createTicket(ticket, events, outbox) {
      return groupCommit.create(ticket, events, outbox);
    },

    async findTicketIdByClientId(clientId) {
      const result = await query<{ id: string; reporter_id: string }>('fankui_ticket_by_client_id', SELECT_BY_CLIENT_ID_SQL, [clientId]);
      const row = result.rows[0];
      return row ? { ticketId: row.id, reporterId: row.reporter_id } : null;
    },

    async getTicket(id) {
      const result = await query<TicketRow>('fankui_get_ticket', `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = $1`, [id]);
      const row = result.rows[0];
      return row ? toTicket(row) : null;
    },

    async updateTicket(id, change, events, expectedStatus, outbox) {
      // One statement: the row lock serialises concurrent updates, and after waiting
      // PostgreSQL re-checks the status guard on the newest row version.
      const values = [id, expectedStatus ?? null, ...changeValues(change), ...eventArrays(events), ...teamChangeValues(change)];
      const update = { name: 'fankui_update_ticket', text: UPDATE_TICKET_SQL, values };
      if (!outbox) {
        const row = (await pool.query<TicketRow>(update)).rows[0];
        return row ? toTicket(row) : null;
      }
      // The outbox rows are made from the row as written, then go in the same transaction.
      return transaction('BEGIN', async (client) => {
        const row = (await client.query<TicketRow>(update)).rows[0];
        if (!row) return null;
        const ticket = toTicket(row);
        await insertDeliveries(client, outbox(ticket));
        return ticket;
      });
    },

    async listEvents(ticketId, { includeInternal }) {
      const result = await query<EventRow>(
        'fankui_list_events',
        `SELECT id, ticket_id, at, actor_type, actor_name, type, payload, internal FROM events
         WHERE ticket_id = $1 AND (internal = false OR $2) ORDER BY at, seq`,
        [ticketId, includeInternal],
      );
      return result.rows.map(toEvent);
    },

    async listTickets(filter, page) {
      checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
      return toPage(await listPage(filter, after, page.limit + 1, page.order ?? 'newest'), page.limit);
    },

    async *iterateTickets(filter, order = 'newest') {
      let after: CursorPosition | null = null;
      for (;;) {
        const rows = await listPage(filter, after, ITERATE_CHUNK, order);
        yield* rows;
        const last = rows.at(-1);
        if (rows.length < ITERATE_CHUNK || !last) return;
        after = { createdAt: last.createdAt, id: last.id };
      }
    },

    async stats(range, nowInput) {
      const from = canonicalTime(range.from);
      const to = canonicalTime(range.to);
      const now = canonicalTime(nowInput);
      // One snapshot for every figure.
      return transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async (client) => {
        const groups = (await client.query<StatsGroupRow>({ name: 'fankui_stats_groups', text: STATS_GROUPS_SQL, values: [from, to] })).rows;
        const totalsRow = groups.find((row) => row.level === 7);
        const totals: StatsTotals = totalsRow ?? emptyTotals();
        const percentiles = async (name: string, text: string, count: number) => {
          const at = async (p: number) => {
            const offset = percentileOffset(p, count);
            if (offset === null) return null;
            const result = await client.query<{ minutes: number }>({ name, text, values: [from, to, offset] });
            return result.rows[0]?.minutes ?? null;
          };
          return { count, p50Minutes: await at(50), p90Minutes: await at(90) };
        };
        const count = async (name: string, text: string, values: unknown[]) =>
          (await client.query<{ count: number }>({ name, text, values })).rows[0]?.count ?? 0;
        return assembleStats({
          totals,
          byDay: groups.filter((row) => row.level === 1).map((row) => ({ day: row.day as string, category: row.category, count: row.total })),
          byCategory: groups.filter((row) => row.level === 5).map((row) => ({ category: row.category, count: row.total })),
          byPriority: groups.filter((row) => row.level === 6).map((row) => ({ priority: row.priority as Priority, count: row.total })),
          unansweredOverdue: await count(
            'fankui_stats_unanswered',
            `SELECT count(*)::int AS count FROM tickets
             WHERE first_responded_at IS NULL AND resolved_at IS NULL AND created_at >= $1 AND created_at < $2
               AND first_response_due_at < $3`,
            [from, to, now],
          ),
          firstResponse: await percentiles(
            'fankui_stats_first_response',
            `SELECT first_response_minutes AS minutes FROM tickets
             WHERE first_response_minutes IS NOT NULL AND created_at >= $1 AND created_at < $2
             ORDER BY first_response_minutes OFFSET $3 LIMIT 1`,
            totals.firstResponses,
          ),
          resolution: await percentiles(
            'fankui_stats_resolution',
            `SELECT resolution_minutes AS minutes FROM tickets
             WHERE resolution_minutes IS NOT NULL AND created_at >= $1 AND created_at < $2
             ORDER BY resolution_minutes OFFSET $3 LIMIT 1`,
            totals.resolutions,
          ),
          deflections: await count(
            'fankui_stats_deflections',
            'SELECT count(*)::int AS count FROM deflections WHERE at >= $1 AND at < $2',
            [from, to],
          ),
          hotKeywords: (
            await client.query<{ keyword: string; count: number }>({
              name: 'fankui_stats_keywords',
              text: `SELECT keyword, count(*)::int AS count FROM ticket_keywords WHERE created_at >= $1 AND created_at < $2
                     GROUP BY keyword ORDER BY count(*) DESC, keyword LIMIT $3`,
              values: [from, to, HOT_KEYWORDS_LIMIT],
            })
          ).rows,
          ratingScores: (totalsRow ? totalsRow.ratingScores : []).map((count, index) => ({ score: index + 1, count })),
        });
      });
    },

    async putAttachment(record, bytes) {
      if (record.size !== bytes.byteLength) throw new RangeError(`Attachment size ${record.size} ≠ ${bytes.byteLength} bytes`);
      await query(
        'fankui_put_attachment',
        `INSERT INTO attachments (id, reporter_id, content_type, size, created_at, ticket_id, bytes)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [record.id, record.reporterId, record.contentType, record.size, canonicalTime(record.createdAt), record.ticketId, Buffer.from(bytes)],
      );
    },

    async getAttachment(id) {
      const result = await query<AttachmentRow & { bytes: Buffer }>(
        'fankui_get_attachment',
        `SELECT ${ATTACHMENT_COLUMNS}, bytes FROM attachments WHERE id = $1`,
        [id],
      );
      const row = result.rows[0];
      return row ? { record: toAttachment(row), bytes: new Uint8Array(row.bytes) } : null;
    },

    async getAttachmentRecords(ids) {
      // In the order asked, once each.
      const result = await query<AttachmentRow>(
        'fankui_get_attachment_records',
        `SELECT a.id, a.reporter_id, a.content_type, a.size, a.created_at, a.ticket_id
         FROM unnest($1::text[]) WITH ORDINALITY AS asked (id, n) JOIN attachments AS a ON a.id = asked.id
         GROUP BY a.id ORDER BY min(asked.n)`,
        [ids],
      );
      return result.rows.map(toAttachment);
    },

    async linkAttachments(ids, ticketId) {
      if (ids.length === 0) return;
      await query('fankui_link_attachments', 'UPDATE attachments SET ticket_id = $2 WHERE id = ANY ($1::text[])', [ids, ticketId]);
    },

    async unattachedBytes(reporterId) {
      const result = await query<{ reporter: string; total: string }>(
        'fankui_unattached_bytes',
        `SELECT (SELECT coalesce(sum(size), 0) FROM attachments WHERE ticket_id IS NULL AND reporter_id = $1) AS reporter,
                (SELECT coalesce(sum(size), 0) FROM attachments WHERE ticket_id IS NULL) AS total`,
        [reporterId],
      );
      const row = result.rows[0]!;
      return { reporter: Number(row.reporter), total: Number(row.total) };
    },

    async purgeUnattachedAttachments(before) {
      // Read committed re-checks ticket_id on a row linked meanwhile, which is then kept.
      const result = await query('fankui_purge_unattached', 'DELETE FROM attachments WHERE ticket_id IS NULL AND created_at < $1', [
        canonicalTime(before),
      ]);
      return result.rowCount ?? 0;
    },

    async purgeTicketPersonalData(before, at) {
      // One statement: the tickets, their timelines' texts and their attachments (bytes are
      // in the row) go together or not at all. As the embedded store's purgeTickets.
      const result = await query<{ id: string }>(
        'fankui_purge_tickets',
        `WITH purged AS (
           UPDATE tickets SET ${TICKET_PERSONAL_DATA_CLEARED}
           WHERE purged_at IS NULL AND status IN ('resolved', 'closed', 'rejected') AND updated_at < $1
           RETURNING id),
         events_purged AS (
           UPDATE events SET ${TIMELINE_TEXTS_CLEARED}
           WHERE ticket_id IN (SELECT id FROM purged)),
         attachments_purged AS (DELETE FROM attachments WHERE ticket_id IN (SELECT id FROM purged))
         SELECT id FROM purged`,
        [canonicalTime(before), canonicalTime(at)],
      );
      return result.rows.map((row) => row.id);
    },

    async recordDeflection(record) {
      await query('fankui_record_deflection', RECORD_DEFLECTION_SQL, [
        record.id,
        record.clientId ?? null,
        record.reporterId,
        record.articleId,
        record.category,
        canonicalTime(record.at),
      ]);
    },

    async addOperatorToken(record) {
      await query('fankui_add_operator_token', 'INSERT INTO operator_tokens (id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)', [
        record.id,
        record.name,
        record.tokenHash,
        canonicalTime(record.createdAt),
      ]);
    },

    async findOperatorToken(tokenHash) {
      const result = await query<OperatorTokenRow>(
        'fankui_find_operator_token',
        `SELECT ${OPERATOR_TOKEN_COLUMNS} FROM operator_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
        [tokenHash],
      );
      const row = result.rows[0];
      return row ? toOperatorToken(row) : null;
    },

    async listOperatorTokens() {
      const result = await query<OperatorTokenRow>(
        'fankui_list_operator_tokens',
        `SELECT ${OPERATOR_TOKEN_COLUMNS} FROM operator_tokens ORDER BY created_at, id`,
      );
      return result.rows.map(toOperatorToken);
    },

    async revokeOperatorToken(id, at) {
      const result = await query<OperatorTokenRow>(
        'fankui_revoke_operator_token',
        `UPDATE operator_tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING ${OPERATOR_TOKEN_COLUMNS}`,
        [id, canonicalTime(at)],
      );
      const row = result.rows[0];
      return row ? toOperatorToken(row) : null;
    },

    async listChanges(after, limit) {
      checkLimit(limit);
      const [xact, seq] = parseChangeCursor(after);
      // Ordered by writing transaction, then sequence, and only transactions older than every
      // one still running: whatever commits later sorts after every position handed out now.
      // (A sequence alone could be overtaken by a slower commit of a smaller number.)
      const result = await query<{ xact: string; seq: string; ticket_id: string; type: ChangeRecord['type']; at: Date; actor_type: ChangeRecord['actorType']; actor_name: string | null }>(
        'fankui_list_changes',
        `SELECT xact, seq, ticket_id, type, at, actor_type, actor_name FROM events
         WHERE (xact, seq) > ($1::bigint, $2::bigint) AND xact < txid_snapshot_xmin(txid_current_snapshot())
         ORDER BY xact, seq LIMIT $3`,
        [xact, seq, limit],
      );
      return result.rows.map((row) => ({
        cursor: `${row.xact}.${row.seq}`,
        ticketId: row.ticket_id,
        type: row.type,
        at: row.at.toISOString(),
        actorType: row.actor_type,
        actorName: row.actor_name,
      }));
    },

    async latestChange() {
      // Before the oldest running transaction: what it and later ones write comes after.
      const result = await query<{ xmin: string }>('fankui_latest_change', 'SELECT txid_snapshot_xmin(txid_current_snapshot()) - 1 AS xmin');
      return `${result.rows[0]?.xmin ?? '0'}.${MAX_SEQ}`;
    },

    async getSettings() {
      const result = await query<{ version: number; body: Record<string, unknown>; updated_at: Date; updated_by: string | null }>(
        'fankui_get_settings',
        'SELECT version, body, updated_at, updated_by FROM settings WHERE id = 1',
      );
      const row = result.rows[0];
      return row ? { version: row.version, body: row.body, updatedAt: row.updated_at.toISOString(), updatedBy: row.updated_by } : null;
    },

    async saveSettings(record, form) {
      // One statement: the insert's conflict makes concurrent first saves wait for the
      // winner, and the guarded update then finds the version moved on.
      const result = await query<{ version: number }>(
        'fankui_save_settings',
        `WITH saved AS (
           INSERT INTO settings (id, version, body, updated_at, updated_by)
           SELECT 1, $1::integer, $2::jsonb, $3::timestamptz, $4::text WHERE $1::integer = 1 OR EXISTS (SELECT 1 FROM settings)
           ON CONFLICT (id) DO UPDATE SET version = excluded.version, body = excluded.body,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by
           WHERE settings.version = excluded.version - 1
           RETURNING version),
         kept AS (
           INSERT INTO form_versions (form_id, version, definition)
           SELECT $5::text, $6::integer, $7::jsonb FROM saved WHERE $5::text IS NOT NULL
           ON CONFLICT DO NOTHING)
         SELECT version FROM saved`,
        [record.version, JSON.stringify(record.body), canonicalTime(record.updatedAt), record.updatedBy, form?.id ?? null, form?.version ?? null, form ? JSON.stringify(form.definition) : null],
      );
      return result.rows.length === 1;
    },

    async getFormVersion(formId, version) {
      const result = await query<{ definition: unknown }>(
        'fankui_get_form_version',
        'SELECT definition FROM form_versions WHERE form_id = $1 AND version = $2',
        [formId, version],
      );
      return result.rows[0]?.definition ?? null;
    },
  };
}

/** Above any event sequence number: a cursor at "everything of this transaction". */
const MAX_SEQ = '9223372036854775807';

/** A PostgreSQL change cursor, `<transaction>.<sequence>`, as the two bigints it names. */
function parseChangeCursor(cursor: string): [string, string] {
  const match = /^(\d{1,19})\.(\d{1,19})$/.exec(cursor);
  if (!match || BigInt(match[1]!) > BigInt(MAX_SEQ) || BigInt(match[2]!) > BigInt(MAX_SEQ)) throw new InvalidCursorError('not a change cursor');
  return [match[1]!, match[2]!];
}

const OPERATOR_TOKEN_COLUMNS = 'id, name, token_hash, created_at, revoked_at';
type OperatorTokenRow = { id: string; name: string; token_hash: string; created_at: Date; revoked_at: Date | null };

function toOperatorToken(row: OperatorTokenRow): OperatorTokenRecord {
  return { id: row.id, name: row.name, tokenHash: row.token_hash, createdAt: row.created_at.toISOString(), revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null };
}

function emptyTotals(): StatsTotals {
  return { total: 0, open: 0, late: 0, ratings: 0, ratingSum: 0, satisfied: 0, reopened: 0, resolvedEver: 0, firstResponses: 0, resolutions: 0 };
}

const ISO_DATE_STYLE = '-c DateStyle=ISO';

/**
 * Pool settings that start every session with `DateStyle=ISO`. Options in the connection
 * string take precedence over the config object in node-postgres, so they are extended
 * there when present.
 */
function withIsoDateStyle(connectionString: string): { connectionString: string; options?: string } {
  try {
    const url = new URL(connectionString);
    const existing = url.searchParams.get('options');
    if (existing !== null) {
      url.searchParams.set('options', `${existing} ${ISO_DATE_STYLE}`);
      return { connectionString: url.toString() };
    }
  } catch {
    // Not a URL (e.g. key=value pairs): the options field below applies.
  }
  return { connectionString, options: ISO_DATE_STYLE };
}

import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Priority, TicketStatus } from '@fankui/core';
import { directoryBlobs, isSafeAttachmentId, memoryBlobs, type AttachmentBlobs } from '../shared/attachment-files';
import { InvalidCursorError, checkLimit, decodeCursor, toPage, type CursorPosition } from '../shared/cursor';
import { canonicalTime, utcDay } from '../shared/derived';
import { SQLITE_MIGRATIONS } from './migrations';
import { sqliteSubscriptions } from './subscriptions';
import { prepareDeliveryInsert, sqliteWebhookOutbox } from './webhooks';
import { sqliteAlerts } from './alerts';
import { startGroupCommit } from './group-commit';
import {
  attachmentParams,
  eventParams,
  toAttachment,
  toEvent,
  toTicket,
  updateParams,
  type AttachmentRow,
  type EventRow,
  type TicketRow,
} from './rows';
import { FILTER_KEYS, filterKeys, listTicketsSql, prepareStatements } from './statements';
import { HOT_KEYWORDS_LIMIT, assembleStats, percentileOffset, type StatsTotals } from '../shared/stats-assemble';
import type { ChangeRecord, EventRecord, OperatorTokenRecord, SettingsRecord, Store, TicketChange, TicketFilter, TicketOutbox, TicketRecord } from '../store';
import { prepareEraseStatements, prepareReporterRecordStatements } from './erase';

/** Options of `createSqliteStore`. Give either `dataDir` or `memory: true`. */
export interface SqliteStoreOptions {
  /** Directory for `fankui.sqlite3` and `attachments/`; created on first start. */
  dataDir?: string;
  /** A private in-memory database and attachment map (tests, benchmarks). */
  memory?: boolean;
  /**
   * `normal` (default): in WAL mode a commit survives a crash of the process but the last
   * commits may be lost on power failure. `full`: every commit is fsynced.
   */
  synchronous?: 'normal' | 'full';
  /**
   * How long a write waits for another connection's lock (a forced checkpoint's, another
   * process's). Default 5000 ms.
   */
  busyTimeoutMs?: number;
  /**
   * How often the WAL is checkpointed into the database (PASSIVE, from a background thread).
   * Commits never checkpoint themselves (`wal_autocheckpoint` is off), so this bounds the
   * WAL to about this long of writes while load lets a pass finish. Default 1000 ms; ignored
   * with `memory: true`.
   */
  checkpointIntervalMs?: number;
  /**
   * The WAL file's cap in bytes. Under sustained writes a PASSIVE pass never finds every
   * frame copied, so the WAL never starts over and grows; past this size the background
   * checkpoint completes the copy and truncates the WAL (TRUNCATE, waiting up to the busy
   * timeout for the lock), which holds new writes for as long as that takes (tens to
   * hundreds of ms: docs/benchmarks.md). Checked on each pass. Default 256 MiB; 0: no cap.
   */
  walCapBytes?: number;
}

/** The embedded store, with its connection open for diagnostics, tests and benchmarks. */
export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  /** The connection. Read freely; writing behind the store's back breaks its derived columns. */
  readonly database: Database.Database;
}

/** The database file's name inside `dataDir`. */
export const SQLITE_FILE_NAME = 'fankui.sqlite3';

// Rows per chunk of `iterateTickets`: large enough to amortise the query, small enough to stream.
const ITERATE_CHUNK = 500;

/**
 * Opens (creating and migrating if needed) the embedded store: one SQLite database in WAL
 * mode with attachments as files beside it. Zero set-up; one process at a time should
 * serve from a data directory.
 *
 * @example
 * const store = createSqliteStore({ dataDir: './data' });
 * await store.createTicket(ticket, events);
 * await store.close();
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  if (options.memory !== true && options.dataDir === undefined) {
    throw new TypeError('createSqliteStore needs { dataDir } or { memory: true }');
  }
  let db: Database.Database;
  let blobs: AttachmentBlobs;
  const timeout = options.busyTimeoutMs ?? 5000;
  if (options.memory === true) {
    db = new Database(':memory:', { timeout });
    blobs = memoryBlobs();
  } else {
    const dataDir = options.dataDir as string;
    mkdirSync(dataDir, { recursive: true });
    db = new Database(join(dataDir, SQLITE_FILE_NAME), { timeout });
    blobs = directoryBlobs(join(dataDir, 'attachments'));
  }
  db.pragma('journal_mode = WAL');
  const checkpointMs = options.memory === true ? null : (options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_MS);
  const writePragmas = [
    options.synchronous === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL',
    'foreign_keys = ON',
    // Statement and savepoint journals (the group commit's per-ticket savepoints after a
    // failure, updates that fire the roll-up trigger) stay in memory instead of a temp file
    // created and deleted for every transaction.
    'temp_store = MEMORY',
    // Deleted and overwritten content is zeroed, not left in free space: after a reporter's
    // erasure no copy of their text stays in the file. Costs little: deletes are rare here.
    'secure_delete = ON',
    ...(checkpointMs === null
      ? []
      : [
          // Checkpoints leave the commit path: a background thread copies the WAL back (below).
          'wal_autocheckpoint = 0',
          // A WAL that grew under a burst is cut back to this size when it restarts.
          `journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`,
        ]),
  ];
  for (const pragma of writePragmas) db.pragma(pragma);
  migrateSqlite(db);
  // SQLite's advice for long-lived connections: bounded ANALYZE where statistics are missing
  // or stale, so list queries pick their indexes well on large databases.
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
  // An in-memory database cannot be opened from another thread: not checkpointed.
  if (checkpointMs === null) return openStore(db, blobs, null);
  const walCapBytes = options.walCapBytes ?? DEFAULT_WAL_CAP_BYTES;
  if (!Number.isSafeInteger(walCapBytes) || walCapBytes < 0) throw new RangeError(`walCapBytes must be a whole number of bytes ≥ 0, not ${walCapBytes}`);
  const file = join(options.dataDir as string, SQLITE_FILE_NAME);
  return openStore(db, blobs, startCheckpointer(db, { file, intervalMs: checkpointMs, busyTimeoutMs: timeout, walCapBytes }));
}

/** Stops the background checkpoints; resolves once nothing of them touches the database. */
type Checkpointer = { stop(): Promise<void> };

/** `workerData` of the checkpoint worker. */
interface CheckpointSettings {
  file: string;
  intervalMs: number;
  busyTimeoutMs: number;
  /** 0: no cap. */
  walCapBytes: number;
}

/**
 * The background checkpoint, in a worker thread with its own connection: PASSIVE copies
 * committed WAL frames into the database without blocking the serving connection's writers
 * or readers, and its I/O (including the fsync of the database file) stays off the event
 * loop. When the WAL file has grown past its cap (sustained writes: a PASSIVE pass never
 * catches up, so the WAL never starts over), TRUNCATE completes the copy and empties it,
 * holding new writes meanwhile. Should the worker not start, the same passes run on a timer
 * on the serving connection between requests instead.
 */
function startCheckpointer(db: Database.Database, settings: CheckpointSettings): Checkpointer {
  const wal = `${settings.file}-wal`;
  let timer: NodeJS.Timeout | null = null;
  const onMainConnection = () => {
    if (timer) return;
    let last = 0;
    timer = setInterval(() => {
      try {
        const over = settings.walCapBytes > 0 && statSync(wal).size > settings.walCapBytes;
        if (!over && Date.now() - last < settings.intervalMs) return;
        last = Date.now();
        db.pragma('wal_checkpoint(PASSIVE)');
        if (over) db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Busy or I/O trouble: the next tick tries again; commits are unaffected.
      }
    }, Math.min(settings.intervalMs, WAL_CAP_CHECK_MS));
    timer.unref();
  };
  let worker: Worker | null = null;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(CHECKPOINT_WORKER, { eval: true, workerData: { driver, capCheckMs: WAL_CAP_CHECK_MS, ...settings } });
    worker.unref();
    worker.on('error', () => {
      worker = null;
      onMainConnection();
    });
  } catch {
    onMainConnection();
  }
  return {
    async stop() {
      if (timer) clearInterval(timer);
      const running = worker;
      worker = null;
      if (running) await stopWorker(running);
    },
  };
}

// Plain CommonJS, evaluated in the worker: no file to locate in source or build output.
// The same passes as onMainConnection above, and before TRUNCATE a second PASSIVE pass
// (without blocking anyone) copies what was committed during the first, so TRUNCATE, which
// holds writers, has little left to copy.
const CHECKPOINT_WORKER = `
const { statSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
const wal = workerData.file + '-wal';
let last = 0;
const timer = setInterval(() => {
  try {
    const over = workerData.walCapBytes > 0 && statSync(wal).size > workerData.walCapBytes;
    if (!over && Date.now() - last < workerData.intervalMs) return;
    last = Date.now();
    db.pragma('wal_checkpoint(PASSIVE)');
    if (!over) return;
    db.pragma('wal_checkpoint(PASSIVE)');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy, I/O trouble, or no WAL file yet: the next tick tries again.
  }
}, Math.min(workerData.intervalMs, workerData.capCheckMs));
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Asks the checkpoint worker to close its connection and end, and waits until it has; it is
 * terminated if it has not within a second.
 */
async function stopWorker(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage('stop');
  const timeout = setTimeout(() => void worker.terminate(), 1000);
  await exited;
  clearTimeout(timeout);
}

/** Default period of the background WAL checkpoint. */
const DEFAULT_CHECKPOINT_MS = 1000;
/** What the WAL file is truncated to after a checkpoint when it grew larger. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** How often the WAL file's size is compared with its cap (a stat, between the checkpoint passes). */
const WAL_CAP_CHECK_MS = 100;
/** Default `walCapBytes`: past it, a checkpoint that completes is forced. */
export const DEFAULT_WAL_CAP_BYTES = 256 * 1024 * 1024;

/**
 * Applies the pending migrations in one immediate transaction, so a second process
 * starting at the same time waits (busy timeout) and then finds nothing to do.
 */
function migrateSqlite(db: Database.Database): void {
  const apply = db.transaction(() => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
    );
    const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const newest = Math.max(0, ...applied);
    const known = SQLITE_MIGRATIONS.at(-1)?.version ?? 0;
    if (newest > known) throw new Error(`The database schema (version ${newest}) is newer than this server knows (${known})`);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of SQLITE_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  });
  apply.immediate();
}

function openStore(db: Database.Database, blobs: AttachmentBlobs, checkpointer: Checkpointer | null): SqliteStore {
  const sql = prepareStatements(db);
  const insertDeliveries = prepareDeliveryInsert(db);
  const groupCommit = startGroupCommit(db, sql, insertDeliveries);
  const listStatements = new Map<string, Database.Statement>();
  const pendingWrites = new Set<Promise<unknown>>();
  let closed = false;

  const insertEvents = (events: readonly EventRecord[]): void => {
    for (const event of events) sql.insertEvent.run(eventParams(event));
  };

  // Run IMMEDIATE: it reads before it writes, and a deferred transaction whose snapshot
  // another connection committed past could not upgrade to a write (SQLITE_BUSY, no waiting).
  const updateTicket = db.transaction(
    (id: string, change: TicketChange, events: readonly EventRecord[], expectedStatus: TicketStatus | undefined, outbox: TicketOutbox | undefined) => {
      const current = sql.selectGuard.get(id) as { created_at: string; status: TicketStatus } | undefined;
      if (!current || (expectedStatus !== undefined && current.status !== expectedStatus)) return null;
      const row = sql.updateTicket.get(updateParams(id, current.created_at, change)) as TicketRow;
      insertEvents(events);
      const ticket = toTicket(row);
      if (outbox) insertDeliveries(outbox(ticket));
      return ticket;
    },
  );

  // First save: no row yet, so the insert is the guard (version 1 only); later saves update
  // only from the version before. The form version is kept in the same transaction.
  const saveSettings = db.transaction((record: SettingsRecord, form: { id: string; version: number; definition: unknown } | null) => {
    const current = sql.selectSettings.get() as { version: number } | undefined;
    if ((current?.version ?? 0) !== record.version - 1) return false;
    const changes = sql.upsertSettings.run({
      version: record.version,
      body: JSON.stringify(record.body),
      updatedAt: canonicalTime(record.updatedAt),
      updatedBy: record.updatedBy,
    }).changes;
    if (changes !== 1) return false;
    if (form) sql.insertFormVersion.run({ formId: form.id, version: form.version, definition: JSON.stringify(form.definition) });
    return true;
  });

  const linkAttachments = db.transaction((ids: string[], ticketId: string) => {
    sql.linkAttachments.run({ ids: JSON.stringify(ids), ticketId });
  });

  const purgeTickets = db.transaction((before: string, at: string) => {
    const ids = sql.purgeTickets.all({ before, at }) as string[];
    if (ids.length === 0) return { ids, attachments: [] as string[] };
    sql.purgeEvents.run(JSON.stringify(ids));
    return { ids, attachments: sql.deleteTicketAttachments.all(JSON.stringify(ids)) as string[] };
  });

  const erase = prepareEraseStatements(db);
  const reporterRecords = prepareReporterRecordStatements(db);
  const eraseReporter = db.transaction((reporter: string, at: string) => {
    const tickets = erase.tickets.all({ reporter, at }) as string[];
    const params = { reporter, tickets: JSON.stringify(tickets) };
    const files = erase.attachments.all(params) as string[];
    for (const step of erase.rest) step.run(params);
    return { tickets, files };
  });

  // Rows go first (one transaction), files after: a crash between leaves files no row names,
  // never a row whose file is missing.
  const removeFiles = async (ids: readonly string[]) => {
    for (const id of ids) await blobs.remove(id);
  };

  // One read transaction: every figure comes from the same snapshot.
  const statsSnapshot = db.transaction((from: string, to: string, now: string) => {
    const range = { from, to, ...dayWindows(from, to) };
    const totals = sql.statsTotals.get(range) as StatsTotals;
    const percentiles = (statement: Database.Statement, count: number) => {
      const at = (p: number) => {
        const offset = percentileOffset(p, count);
        return offset === null ? null : (statement.get({ from, to, offset }) as number);
      };
      return { count, p50Minutes: at(50), p90Minutes: at(90) };
    };
    return assembleStats({
      totals,
      byDay: (sql.statsByDay.raw().all(range) as [string, string | null, number][]).map(([day, category, count]) => ({
        day,
        category,
        count,
      })),
      byCategory: sql.statsByCategory.all(range) as { category: string | null; count: number }[],
      byPriority: sql.statsByPriority.all(range) as { priority: Priority; count: number }[],
      unansweredOverdue: sql.countUnansweredOverdue.get({ from, to, now }) as number,
      firstResponse: percentiles(sql.firstResponsePercentile, totals.firstResponses),
      resolution: percentiles(sql.resolutionPercentile, totals.resolutions),
      deflections: sql.countDeflections.get({ from, to }) as number,
      hotKeywords: sql.hotKeywords.all({ ...range, limit: HOT_KEYWORDS_LIMIT }) as { keyword: string; count: number }[],
      ratingScores: sql.statsRatingScores.all(range) as { score: number; count: number }[],
    });
  });

  function listStatement(filter: TicketFilter, withCursor: boolean, order: Order): Database.Statement {
    const keys = filterKeys(filter);
    const cacheKey = `${keys.join(',')}|${withCursor}|${order}`;
    let statement = listStatements.get(cacheKey);
    if (!statement) {
      statement = db.prepare(listTicketsSql(keys, withCursor, order));
      listStatements.set(cacheKey, statement);
    }
    return statement;
  }

  function listPage(filter: TicketFilter, after: CursorPosition | null, limit: number, order: Order = 'newest'): TicketRecord[] {
    const params: Record<string, string | number | null> = { limit };
    for (const key of FILTER_KEYS) {
      const value = filter[key];
      if (value === undefined) continue;
      if (Array.isArray(value)) params[key] = JSON.stringify(value);
      else params[key] = value !== null && (key === 'from' || key === 'to' || key === 'overdueAt') ? canonicalTime(value) : value;
    }
    if (after) {
      params.cursorCreatedAt = after.createdAt;
      params.cursorId = after.id;
    }
    return (listStatement(filter, after !== null, order).all(params) as TicketRow[]).map(toTicket);
  }

  function track<T>(work: Promise<T>): Promise<T> {
    pendingWrites.add(work);
    const forget = () => pendingWrites.delete(work);
    work.then(forget, forget);
    return work;
  }

  const store: SqliteStore = {
    kind: 'sqlite',
    database: db,
    ...sqliteWebhookOutbox(db),
    ...sqliteSubscriptions(db),
    ...sqliteAlerts(db),

    async migrate() {
      migrateSqlite(db);
    },

    async ping() {
      sql.ping.get();
    },

    async close() {
      if (closed) return;
      closed = true;
      await groupCommit.close();
      await Promise.allSettled([...pendingWrites]);
      db.pragma('optimize');
      // Everything back into the database file and the WAL emptied: a clean directory to copy.
      if (checkpointer) {
        await checkpointer.stop();
        try {
          db.pragma('wal_checkpoint(TRUNCATE)');
        } catch {
          // Another process holds the database: closing checkpoints what it can anyway.
        }
      }
      db.close();
    },

    createTicket(ticket, events, outbox) {
      if (closed) return Promise.reject(new Error('The store is closed'));
      return groupCommit.create(ticket, events, outbox);
    },

    async findTicketIdByClientId(clientId) {
      const row = sql.selectByClientId.get(clientId) as { id: string; reporter_id: string } | undefined;
      return row ? { ticketId: row.id, reporterId: row.reporter_id } : null;
    },

    async getTicket(id) {
      const row = sql.selectTicket.get(id) as TicketRow | undefined;
      return row ? toTicket(row) : null;
    },

    async updateTicket(id, change, events, expectedStatus, outbox) {
      return updateTicket.immediate(id, change, events, expectedStatus, outbox);
    },

    async listEvents(ticketId, { includeInternal }) {
      const statement = includeInternal ? sql.selectEvents : sql.selectPublicEvents;
      return (statement.all(ticketId) as EventRow[]).map(toEvent);
    },

    async listTickets(filter, page) {
      checkLimit(page.limit);
      const after = page.cursor === undefined ? null : decodeCursor(page.cursor);
      const rows = listPage(filter, after, page.limit + 1, page.order ?? 'newest');
      return toPage(rows, page.limit);
    },

    async *iterateTickets(filter, order = 'newest') {
      let after: CursorPosition | null = null;
      for (;;) {
        const rows = listPage(filter, after, ITERATE_CHUNK, order);
        yield* rows;
        const last = rows.at(-1);
        if (rows.length < ITERATE_CHUNK || !last) return;
        after = { createdAt: last.createdAt, id: last.id };
      }
    },

    async stats(range, now) {
      return statsSnapshot(canonicalTime(range.from), canonicalTime(range.to), canonicalTime(now));
    },

    async putAttachment(record, bytes) {
      if (!isSafeAttachmentId(record.id)) throw new TypeError(`Unsafe attachment id: ${JSON.stringify(record.id)}`);
      if (record.size !== bytes.byteLength) throw new RangeError(`Attachment size ${record.size} ≠ ${bytes.byteLength} bytes`);
      // Checked first so a repeated id cannot replace the bytes of an existing attachment.
      if (sql.selectAttachment.get(record.id)) throw new Error(`Attachment ${record.id} already exists`);
      await track(
        (async () => {
          await blobs.write(record.id, bytes);
          try {
            sql.insertAttachment.run(attachmentParams(record));
          } catch (error) {
            await blobs.remove(record.id);
            throw error;
          }
        })(),
      );
    },

    async getAttachment(id) {
      const row = sql.selectAttachment.get(id) as AttachmentRow | undefined;
      if (!row) return null;
      const bytes = await blobs.read(row.id);
      if (!bytes) throw new Error(`Attachment ${id} has a record but its file is missing`);
      return { record: toAttachment(row), bytes };
    },

    async getAttachmentRecords(ids) {
      return (sql.selectAttachments.all(JSON.stringify(ids)) as AttachmentRow[]).map(toAttachment);
    },

    async linkAttachments(ids, ticketId) {
      if (ids.length > 0) linkAttachments(ids, ticketId);
    },

    async unattachedBytes(reporterId) {
      return sql.unattachedBytes.get(reporterId) as { reporter: number; total: number };
    },

    async purgeUnattachedAttachments(before) {
      const ids = sql.deleteUnattached.all(canonicalTime(before)) as string[];
      await track(removeFiles(ids));
      return ids.length;
    },

    async purgeTicketPersonalData(before, at) {
      const { ids, attachments } = purgeTickets.immediate(canonicalTime(before), canonicalTime(at));
      await track(removeFiles(attachments));
      return ids;
    },

    async reporterRecords(reporterId) {
      return {
        attachments: (reporterRecords.attachments.all(reporterId) as AttachmentRow[]).map(toAttachment),
        deflections: (reporterRecords.deflections.all(reporterId) as DeflectionRow[]).map((row) => ({
          id: row.id,
          ...(row.client_id === null ? {} : { clientId: row.client_id }),
          reporterId: row.reporter_id,
          articleId: row.article_id,
          category: row.category,
          at: row.at,
        })),
      };
    },

    async eraseReporter(reporterId, at) {
      const { tickets, files } = eraseReporter.immediate(reporterId, canonicalTime(at));
      await track(removeFiles(files));
      // The WAL still holds the pages as they were before: copied back and emptied, so the
      // erased text is in no file of the data directory (secure_delete zeroed the database's copy).
      db.pragma('wal_checkpoint(TRUNCATE)');
      return { tickets };
    },

    async recordDeflection(record) {
      sql.insertDeflection.run({ ...record, clientId: record.clientId ?? null, at: canonicalTime(record.at) });
    },

    async addOperatorToken(record) {
      sql.insertOperatorToken.run({ id: record.id, name: record.name, tokenHash: record.tokenHash, createdAt: canonicalTime(record.createdAt) });
    },

    async findOperatorToken(tokenHash) {
      const row = sql.selectOperatorToken.get(tokenHash) as OperatorTokenRow | undefined;
      return row ? toOperatorToken(row) : null;
    },

    async listOperatorTokens() {
      return (sql.selectOperatorTokens.all() as OperatorTokenRow[]).map(toOperatorToken);
    },

    async revokeOperatorToken(id, at) {
      const row = sql.revokeOperatorToken.get({ id, at: canonicalTime(at) }) as OperatorTokenRow | undefined;
      return row ? toOperatorToken(row) : null;
    },

    async listChanges(after, limit) {
      checkLimit(limit);
      // Writes are serialised, so sequence order is commit order.
      if (!/^\d{1,18}$/.test(after)) throw new InvalidCursorError('not a change cursor');
      const rows = sql.selectChanges.all({ after: Number(after), limit }) as {
        seq: number;
        ticket_id: string;
        type: ChangeRecord['type'];
        at: string;
        actor_type: ChangeRecord['actorType'];
        actor_name: string | null;
      }[];
      return rows.map((row) => ({ cursor: String(row.seq), ticketId: row.ticket_id, type: row.type, at: row.at, actorType: row.actor_type, actorName: row.actor_name }));
    },

    async latestChange() {
      return String(sql.selectLatestChange.get() as number);
    },

    async getSettings() {
      const row = sql.selectSettings.get() as { version: number; body: string; updated_at: string; updated_by: string | null } | undefined;
      return row ? { version: row.version, body: JSON.parse(row.body) as Record<string, unknown>, updatedAt: row.updated_at, updatedBy: row.updated_by } : null;
    },

    async saveSettings(record, form) {
      return saveSettings.immediate(record, form);
    },

    async getFormVersion(formId, version) {
      const definition = sql.selectFormVersion.get(formId, version) as string | undefined;
      return definition === undefined ? null : (JSON.parse(definition) as unknown);
    },
  };
  return store;
}

type Order = 'newest' | 'oldest';

type DeflectionRow = { id: string; client_id: string | null; reporter_id: string; article_id: string; category: string | null; at: string };
type OperatorTokenRow = { id: string; name: string; token_hash: string; created_at: string; revoked_at: string | null };

const toOperatorToken = (row: OperatorTokenRow): OperatorTokenRecord => ({
  id: row.id,
  name: row.name,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

const DAY_MS = 86_400_000;

/**
 * Splits [from, to) into whole UTC days [fullFrom, fullTo), read from the roll-ups, and
 * the partial days at its edges, [from, edgeEnd) and [edgeStart, to), read from tickets.
 * A range without a whole day is all edge.
 */
function dayWindows(from: string, to: string) {
  const firstMidnight = Math.ceil(Date.parse(from) / DAY_MS) * DAY_MS;
  const lastMidnight = Math.floor(Date.parse(to) / DAY_MS) * DAY_MS;
  if (firstMidnight >= lastMidnight) return { fullFrom: '', fullTo: '', edgeEnd: to, edgeStart: to };
  const edgeEnd = new Date(firstMidnight).toISOString();
  const edgeStart = new Date(lastMidnight).toISOString();
  return { fullFrom: utcDay(edgeEnd), fullTo: utcDay(edgeStart), edgeEnd, edgeStart };
}

/**
 * A server under test, run in its own process by bench/server.ts so that the load generator
 * and the server do not share one event loop (on 2 cores: one for each). It reads its spec
 * from BENCH_TARGET (JSON), answers `{ type: 'ready', url, details }` over IPC once it
 * listens, answers `{ type: 'cpu' }` with its CPU time so far, and on `{ type: 'stop' }`
 * closes, answers `{ type: 'stopped', details }` and exits.
 *
 * Kinds:
 * - `ceiling`: a minimal Hono app on @hono/node-server (the real server's stack) that only
 *   validates — the batch with core's `parseSubmissionBatch`, each item's answers against
 *   the active (default) form with `validateAnswers`, as the real server must before it
 *   accepts — and keeps the items in a Map;
 * - `durable-sqlite` / `durable-postgres`: the same app, keeping each accepted submission
 *   as ONE JSON row — the durable ceiling. SQLite: on a connection the embedded store opened
 *   (WAL, `synchronous` NORMAL, its background checkpoint), the submissions of one turn of the
 *   event loop in one immediate transaction (the store's group commit). PostgreSQL: through the
 *   store's own pool, one multi-row INSERT per request;
 * - `sqlite` / `postgres`: the real server (`startServer`) on the given store;
 * - `stats`: the real server on an embedded store of generated tickets (generated first
 *   when asked), with its clock fixed at the end of the data.
 */
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { DEFAULT_FORM, resolveLocale, validateAnswers, type Submission } from '@fankui/core';
import { parseSubmissionBatch } from '@fankui/core/schema';
import { createPostgresStore, createSqliteStore, silentLogger, startServer, type Store } from '../../packages/server/src/index';
import { newId } from '../../packages/server/src/ids';
import { BENCH_CONFIG, type TargetMessage, type TargetSpec } from './bench-config';
import { generateTickets } from './generate-tickets';

const send = (message: TargetMessage) => process.send?.(message);
const spec = JSON.parse(process.env.BENCH_TARGET ?? 'null') as TargetSpec | null;
if (!spec || !process.send) throw new Error('bench/support/target.ts runs as a child of bench/server.ts');

/** Per accepted submission, in order: its ticket id, and false when it was already kept. */
type Kept = { ticketId: string; created: boolean }[];

/**
 * The ceilings: the same HTTP stack and core's validation (shape + answers) as the real
 * server, then `keep` instead of the application and its store.
 */
async function startCeiling(keep: (submissions: Submission[]) => Promise<Kept>, stop: () => Promise<Record<string, unknown>>) {
  const app = new Hono();
  app.post('/v1/submissions', async (c) => {
    const parsed = parseSubmissionBatch(await c.req.json());
    if (!parsed.ok) return c.json({ error: { code: 'invalid_body', message: 'The batch envelope is invalid', details: parsed.issues } }, 400);
    const accepted: Submission[] = [];
    const results: Record<string, unknown>[] = parsed.items.map((item) => {
      if (!item.ok) return { status: 'rejected', id: item.id, reason: { code: 'invalid_submission', details: item.issues } };
      // What decides "accepted" is the protocol shape AND the answers against the active
      // form; a ceiling that skipped the second would accept what the server must refuse.
      const { form } = item.submission;
      if (form.id !== DEFAULT_FORM.id || form.version !== DEFAULT_FORM.version) return { status: 'rejected', id: item.submission.id, reason: { code: 'unknown_form' } };
      const checked = validateAnswers(DEFAULT_FORM, item.submission, { locale: resolveLocale(item.submission.context.locale) });
      if (!checked.ok) return { status: 'rejected', id: item.submission.id, reason: { code: 'invalid_answers', details: checked.errors } };
      accepted.push(item.submission);
      return { status: 'accepted', id: item.submission.id };
    });
    const kept = accepted.length > 0 ? await keep(accepted) : [];
    let next = 0;
    for (const result of results) {
      if (result.status !== 'accepted') continue;
      const { ticketId, created } = kept[next++]!;
      result.ticketId = ticketId;
      if (!created) result.status = 'duplicate';
    }
    return c.json({ results });
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    listening.once('error', reject);
    listening.once('listening', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    details: {},
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      return stop();
    },
  };
}

function startMemoryCeiling() {
  const items = new Map<string, string>();
  return startCeiling(
    async (submissions) =>
      submissions.map((submission) => {
        const existing = items.get(submission.id);
        if (existing) return { ticketId: existing, created: false };
        const ticketId = `tk_${items.size.toString(36)}`;
        items.set(submission.id, ticketId);
        return { ticketId, created: true };
      }),
    async () => ({ items: items.size }),
  );
}

/**
 * SQLite's durable ceiling: one JSON row per submission on a connection the embedded store
 * opened (so the same pragmas and background checkpoint), grouped per turn of the event loop
 * into one immediate transaction as the store's group commit does.
 */
function startSqliteDurableCeiling(dataDir: string) {
  const store = createSqliteStore({ dataDir, synchronous: 'normal' });
  const db = store.database;
  db.exec('CREATE TABLE durable_submissions (id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, body TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO durable_submissions (id, ticket_id, body) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const existing = db.prepare('SELECT ticket_id FROM durable_submissions WHERE id = ?').pluck();
  const writeGroup = db.transaction((submissions: Submission[]) =>
    submissions.map((submission) => {
      const ticketId = newId('tk');
      if (insert.run(submission.id, ticketId, JSON.stringify(submission)).changes === 1) return { ticketId, created: true };
      return { ticketId: existing.get(submission.id) as string, created: false };
    }),
  );
  let queued: { submissions: Submission[]; resolve(kept: Kept): void; reject(error: unknown): void }[] = [];
  const write = () => {
    const group = queued;
    queued = [];
    try {
      const kept = writeGroup.immediate(group.flatMap((request) => request.submissions));
      let at = 0;
      for (const request of group) {
        request.resolve(kept.slice(at, at + request.submissions.length));
        at += request.submissions.length;
      }
    } catch (error) {
      for (const request of group) request.reject(error);
    }
  };
  return startCeiling(
    (submissions) =>
      new Promise((resolve, reject) => {
        if (queued.length === 0) setImmediate(write);
        queued.push({ submissions, resolve, reject });
      }),
    async () => {
      const rows = db.prepare('SELECT count(*) FROM durable_submissions').pluck().get() as number;
      await store.close();
      return { tickets: rows };
    },
  );
}

/** PostgreSQL's durable ceiling: one JSON row per submission, one INSERT per request, through the store's pool. */
async function startPostgresDurableCeiling(databaseUrl: string) {
  const store = createPostgresStore({ connectionString: databaseUrl });
  await store.migrate();
  await store.pool.query('CREATE TABLE IF NOT EXISTS durable_submissions (id text PRIMARY KEY, ticket_id text NOT NULL, body jsonb NOT NULL)');
  return startCeiling(
    async (submissions) => {
      const ticketIds = submissions.map(() => newId('tk'));
      const inserted = await store.pool.query<{ id: string }>({
        name: 'durable_insert',
        text: `INSERT INTO durable_submissions (id, ticket_id, body)
          SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[]) ON CONFLICT (id) DO NOTHING RETURNING id`,
        values: [submissions.map((submission) => submission.id), ticketIds, submissions.map((submission) => JSON.stringify(submission))],
      });
      const created = new Set(inserted.rows.map((row) => row.id));
      return submissions.map((submission, index) => ({ ticketId: ticketIds[index]!, created: created.has(submission.id) }));
    },
    async () => {
      const rows = Number((await store.pool.query<{ count: string }>('SELECT count(*) FROM durable_submissions')).rows[0]!.count);
      await store.close();
      return { tickets: rows };
    },
  );
}

async function startReal(store: Store, now?: () => Date, details: Record<string, unknown> = {}) {
  const running = await startServer(BENCH_CONFIG, { store, logger: silentLogger, ...(now ? { now } : {}) });
  return {
    url: running.url,
    details,
    async stop() {
      const counted = store.kind === 'sqlite' ? (createdCount(store) ?? null) : null;
      await running.close();
      return counted === null ? {} : { tickets: counted };
    },
  };
}

function createdCount(store: Store): number | undefined {
  return 'database' in store ? ((store as ReturnType<typeof createSqliteStore>).database.prepare('SELECT count(*) FROM tickets').pluck().get() as number) : undefined;
}

async function startStats(target: Extract<TargetSpec, { kind: 'stats' }>) {
  const details: Record<string, unknown> = {};
  if (target.generate !== null) {
    rmSync(target.dataDir, { recursive: true, force: true });
    const loader = createSqliteStore({ dataDir: target.dataDir });
    details.generated = generateTickets(loader, { count: target.generate, endMs: Date.now(), events: target.events });
    await loader.close();
  }
  // A new connection with the store's own settings serves, as after a restart.
  const store = createSqliteStore({ dataDir: target.dataDir });
  const newest = store.database.prepare('SELECT max(created_at) FROM tickets').pluck().get() as string | null;
  const nowMs = (newest ? Date.parse(newest) : Date.now()) + 1;
  details.now = new Date(nowMs).toISOString();
  details.tickets = store.database.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
  details.databaseBytes = (store.database.prepare('SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()').pluck().get() as number);
  // The store alone, without HTTP, for comparison with the endpoint's time.
  const direct: Record<string, number[]> = {};
  for (const days of [30, 365]) {
    const range = { from: new Date(nowMs - days * 86_400_000).toISOString(), to: new Date(nowMs).toISOString() };
    direct[days] = [];
    for (let run = 0; run < 3; run += 1) {
      const started = performance.now();
      await store.stats(range, range.to);
      direct[days].push(performance.now() - started);
    }
  }
  details.direct = direct;
  return startReal(store, () => new Date(nowMs), details);
}

async function main(target: TargetSpec) {
  switch (target.kind) {
    case 'ceiling':
      return startMemoryCeiling();
    case 'durable-sqlite':
      return startSqliteDurableCeiling(target.dataDir);
    case 'durable-postgres':
      return startPostgresDurableCeiling(target.databaseUrl);
    case 'sqlite': {
      const store = createSqliteStore({ dataDir: target.dataDir, synchronous: target.synchronous });
      // Only to compare with the old setting: statement journals in temp files.
      if (target.tempStoreFile) store.database.pragma('temp_store = DEFAULT');
      return startReal(store);
    }
    case 'postgres': {
      const store = createPostgresStore({ connectionString: target.databaseUrl });
      await store.migrate();
      return startReal(store);
    }
    case 'stats':
      return startStats(target);
  }
}

try {
  const running = await main(spec);
  process.on('message', async (message: { type?: string }) => {
    if (message?.type === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', microseconds: usage.user + usage.system });
      return;
    }
    if (message?.type !== 'stop') return;
    const details = await running.stop();
    send({ type: 'stopped', details });
    process.disconnect();
    // Let a --cpu-prof profile be written by a normal exit; never hang the benchmark.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
  send({ type: 'ready', url: running.url, details: running.details });
} catch (error) {
  send({ type: 'failed', message: (error as Error).stack ?? String(error) });
  process.exitCode = 1;
  process.disconnect();
}

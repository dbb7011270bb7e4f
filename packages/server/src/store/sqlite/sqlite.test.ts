import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME, createSqliteStore, type SqliteStore } from './index';
import { SQLITE_MIGRATIONS } from './migrations';
import { eventParams, ticketParams } from './rows';
import { CREATE_TICKET_SQL } from './statements';
import { ClientIdConflictError, type EventRecord, type TicketRecord } from '../store';
import { describeStoreContract, referenceStats } from '../contract/store.contract';
import { openingEvents, testId, ticketRecord } from '../../../tests/support/tickets';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fankui-sqlite-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const STATS_NOW = '2026-03-05T00:00:00.000Z';

/**
 * The roll-ups hold exactly the store's tickets: whole-day statistics (read from them) equal
 * the reference computation, partial-day ones (read from tickets) too, and their totals match.
 */
async function expectRollUpsRight(store: SqliteStore): Promise<void> {
  const tickets: TicketRecord[] = [];
  for await (const ticket of store.iterateTickets({})) tickets.push(ticket);
  for (const range of [
    { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
    { from: '2026-03-01T08:30:00.000Z', to: '2026-03-03T09:30:00.000Z' },
  ]) {
    expect(await store.stats(range, STATS_NOW), JSON.stringify(range)).toEqual(referenceStats(tickets, [], range, STATS_NOW));
  }
  const sum = (sql: string) => store.database.prepare(sql).pluck().get();
  expect(sum('SELECT sum(total) FROM ticket_days')).toBe(tickets.length);
  expect(sum('SELECT ifnull(sum(tickets), 0) FROM keyword_days')).toBe(sum('SELECT count(*) FROM ticket_keywords'));
  expect(sum('SELECT ifnull(sum(ratings), 0) FROM rating_days')).toBe(tickets.filter((ticket) => ticket.ratingScore !== null).length);
}

describeStoreContract('sqlite (memory)', async () => createSqliteStore({ memory: true }));

describeStoreContract('sqlite (data directory)', async () => createSqliteStore({ dataDir: tempDir() }), {
  persistent: async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    return {
      open: async () => createSqliteStore({ dataDir }),
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  },
});

describe('createSqliteStore', () => {
  it('creates the data directory with the database and an attachments folder', async () => {
    const dataDir = join(tempDir(), 'a', 'b');
    const store = createSqliteStore({ dataDir });
    await store.close();
    expect(readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['attachments', SQLITE_FILE_NAME]));
  });

  it('runs in WAL mode with foreign keys on, synchronous NORMAL by default', async () => {
    const store = createSqliteStore({ dataDir: tempDir() });
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.database.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.database.pragma('busy_timeout', { simple: true })).toBe(5000);
    await store.close();
  });

  it('honours synchronous: full and a custom busy timeout', async () => {
    const store = createSqliteStore({ dataDir: tempDir(), synchronous: 'full', busyTimeoutMs: 1234 });
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.database.pragma('busy_timeout', { simple: true })).toBe(1234);
    await store.close();
  });

  it('needs a data directory or memory: true', () => {
    expect(() => createSqliteStore({})).toThrow(TypeError);
  });

  it('records each migration once, however often it migrates', async () => {
    const dataDir = tempDir();
    const store = createSqliteStore({ dataDir });
    await store.migrate();
    await store.migrate();
    const again = createSqliteStore({ dataDir });
    await again.migrate();
    const versions = store.database.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(SQLITE_MIGRATIONS.map((migration) => migration.version));
    await again.close();
    await store.close();
  });

  it('refuses a database migrated by a newer server', async () => {
    const dataDir = tempDir();
    await createSqliteStore({ dataDir }).close();
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')").run();
    db.close();
    expect(() => createSqliteStore({ dataDir })).toThrow(/newer/);
  });

  it('keeps statement journals in memory and checkpoints off the commit path, with a bounded WAL', async () => {
    const dataDir = tempDir();
    const store = createSqliteStore({ dataDir, checkpointIntervalMs: 20 });
    expect(store.database.pragma('temp_store', { simple: true })).toBe(2);
    expect(store.database.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const wal = join(dataDir, `${SQLITE_FILE_NAME}-wal`);
    const sizes: number[] = [];
    // ~6,000 tickets: far more than one WAL's worth without the background checkpoint.
    for (let round = 0; round < 60; round += 1) {
      const tickets = Array.from({ length: 100 }, () => ticketRecord());
      await Promise.all(tickets.map((ticket) => store.createTicket(ticket, openingEvents(ticket))));
      await new Promise((resolve) => setTimeout(resolve, 25));
      sizes.push(statSync(wal).size);
    }
    const pageSize = store.database.pragma('page_size', { simple: true }) as number;
    // One round writes a few hundred pages; without checkpoints the WAL would hold them all.
    expect(Math.max(...sizes) / pageSize).toBeLessThan(5_000);
    expect((store.database.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!.log).toBeLessThan(5_000);
    await store.close();
    // Closing checkpoints everything: the database file alone holds the tickets.
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const reopened = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    expect(reopened.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(6_000);
    reopened.close();
  });

  it('forces a checkpoint that completes once the WAL passes its cap: the WAL shrinks back under it while writes go on', async () => {
    const dataDir = tempDir();
    // Far more than one group writes (~0.1 MiB), far less than writes between two passes.
    const cap = 4 * 1024 * 1024;
    const store = createSqliteStore({ dataDir, checkpointIntervalMs: 150, walCapBytes: cap });
    const wal = join(dataDir, `${SQLITE_FILE_NAME}-wal`);
    let peak = 0;
    let shrunk = false;
    // Without the cap the file never gets smaller than its largest size (the WAL starts over
    // inside it; only journal_size_limit, 64 MiB, cuts it back).
    for (const deadline = Date.now() + 15_000; Date.now() < deadline && !shrunk; ) {
      const tickets = Array.from({ length: 10 }, () => ticketRecord());
      await Promise.all(tickets.map((ticket) => store.createTicket(ticket, openingEvents(ticket))));
      const size = statSync(wal).size;
      if (peak > cap && size < cap) shrunk = true;
      peak = Math.max(peak, size);
    }
    expect(peak).toBeGreaterThan(cap);
    expect(shrunk).toBe(true);
    await store.close();
  });

  it('refuses a WAL cap that is not a whole number of bytes', () => {
    expect(() => createSqliteStore({ dataDir: tempDir(), walCapBytes: -1 })).toThrow(RangeError);
    expect(() => createSqliteStore({ dataDir: tempDir(), walCapBytes: 1.5 })).toThrow(/walCapBytes/);
  });

  it.each([
    ['memory', () => createSqliteStore({ memory: true })],
    ['data directory', () => createSqliteStore({ dataDir: tempDir() })],
  ] as const)('writes the other tickets of a group when one fails half-way, leaving no trace of it (%s)', async (_kind, open) => {
    const store = open();
    const first = ticketRecord();
    await store.createTicket(first, openingEvents(first));
    const tickets = Array.from({ length: 5 }, () => ticketRecord());
    // Its ticket row and first event go in, then its second event breaks a NOT NULL column.
    const broken = ticketRecord();
    const brokenEvents = openingEvents(broken);
    brokenEvents[1] = { ...brokenEvents[1]!, type: null as never };
    const outcomes = await Promise.allSettled([
      ...tickets.slice(0, 2).map((ticket) => store.createTicket(ticket, openingEvents(ticket))),
      store.createTicket(broken, brokenEvents),
      ...tickets.slice(2).map((ticket) => store.createTicket(ticket, openingEvents(ticket))),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(outcomes[2]).toMatchObject({ reason: expect.any(Database.SqliteError) });
    expect(outcomes[2]).toMatchObject({ reason: { code: 'SQLITE_CONSTRAINT_NOTNULL', message: expect.stringMatching(/NOT NULL/) } });
    expect(await store.getTicket(broken.id)).toBeNull();
    for (const ticket of tickets) expect(await store.listEvents(ticket.id, { includeInternal: true })).toHaveLength(2);
    const days = store.database.prepare('SELECT sum(total) FROM ticket_days').pluck().get();
    expect(days).toBe(6);
    await store.close();
  });

  it.each([
    ['memory', () => createSqliteStore({ memory: true })],
    ['data directory', () => createSqliteStore({ dataDir: tempDir() })],
  ] as const)('rolls up only what a group created: not its duplicates, its failures or its conflicts (%s)', async (_kind, open) => {
    const store = open();
    const at = (index: number) => `2026-03-0${1 + (index % 3)}T${String(8 + (index % 4)).padStart(2, '0')}:00:00.000Z`;
    const make = (index: number, overrides: Partial<TicketRecord> = {}) =>
      ticketRecord({
        createdAt: at(index),
        category: (['payment', 'crash', null] as const)[index % 3],
        priority: index % 2 ? 'high' : 'low',
        firstRespondedAt: index % 4 === 0 ? at(index).replace('T0', 'T1') : null,
        ratingScore: index % 5 === 0 ? 4 : null,
        keywords: index % 2 ? ['扣款', '闪退'] : ['卡顿'],
        ...overrides,
      });
    const earlier = Array.from({ length: 8 }, (_, index) => make(index));
    await Promise.all(earlier.map((ticket) => store.createTicket(ticket, openingEvents(ticket))));
    const fresh = Array.from({ length: 12 }, (_, index) => make(index + 8));
    const repeatOf = (ticket: TicketRecord) => make(1, { clientId: ticket.clientId, reporterId: ticket.reporterId });
    // Its ticket row, events and first keyword go in, then its second keyword breaks a NOT NULL
    // column: the group is written again ticket by ticket, in savepoints.
    const broken = make(3, { keywords: ['扣款', null as never] });
    const brokenEvents = openingEvents(broken);
    const calls: [TicketRecord, EventRecord[]][] = [
      ...fresh.slice(0, 6).map((ticket): [TicketRecord, EventRecord[]] => [ticket, openingEvents(ticket)]),
      [repeatOf(earlier[2]!), []],
      [repeatOf(fresh[1]!), []],
      [broken, brokenEvents],
      [make(5, { clientId: earlier[5]!.clientId, reporterId: 'intruder' }), []],
      [make(6, { firstResponseDueAt: 'not a date' }), []],
      ...fresh.slice(6).map((ticket): [TicketRecord, EventRecord[]] => [ticket, openingEvents(ticket)]),
      [repeatOf(fresh[9]!), []],
    ];
    const outcomes = await Promise.allSettled(calls.map(([ticket, events]) => store.createTicket(ticket, events)));
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.created : outcome.reason.constructor.name))).toEqual([
      ...fresh.slice(0, 6).map(() => true),
      false,
      false,
      'SqliteError',
      'ClientIdConflictError',
      'RangeError',
      ...fresh.slice(6).map(() => true),
      false,
    ]);
    expect(store.database.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(20);
    await expectRollUpsRight(store);
    await store.close();
  });

  it('keeps the roll-ups of a database written by schema version 1 when it migrates', async () => {
    const dataDir = tempDir();
    // Version 1 alone, its tickets rolled up by its insert triggers.
    const v1 = new Database(join(dataDir, SQLITE_FILE_NAME));
    v1.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    v1.exec(SQLITE_MIGRATIONS[0]!.sql);
    v1.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(SQLITE_MIGRATIONS[0]!.name, new Date().toISOString());
    const at = (index: number) => `2026-03-0${1 + (index % 4)}T${String(index % 24).padStart(2, '0')}:15:00.000Z`;
    const make = (index: number) =>
      ticketRecord({
        createdAt: at(index),
        category: (['payment', 'crash', null, 'account'] as const)[index % 4],
        priority: (['high', 'medium', 'low'] as const)[index % 3],
        status: index % 3 ? 'in_progress' : 'submitted',
        firstRespondedAt: index % 3 ? new Date(Date.parse(at(index)) + index * 600_000).toISOString() : null,
        resolvedAt: index % 6 === 1 ? new Date(Date.parse(at(index)) + 900 * 60_000).toISOString() : null,
        ratingScore: index % 6 === 1 ? 1 + (index % 5) : null,
        reopenCount: index % 7 === 0 ? 1 : 0,
        keywords: [['扣款', '闪退', '卡顿'][index % 3] as string, ...(index % 2 ? ['登录'] : [])],
      });
    // Version 1 has no team or channel (migration 8).
    const insertTicket = v1.prepare(CREATE_TICKET_SQL.insertTicket.replace(', team, channel)', ')').replace(', @team, @channel)', ')'));
    const insertEvent = v1.prepare(CREATE_TICKET_SQL.insertEvent);
    const insertKeyword = v1.prepare(CREATE_TICKET_SQL.insertKeyword);
    v1.transaction(() => {
      for (let index = 0; index < 40; index += 1) {
        const ticket = make(index);
        const params = ticketParams(ticket);
        insertTicket.run(params);
        for (const event of openingEvents(ticket)) insertEvent.run(eventParams(event));
        for (const keyword of ticket.keywords) insertKeyword.run(ticket.id, keyword, params.createdAt);
      }
    })();
    expect(v1.prepare('SELECT sum(total) FROM ticket_days').pluck().get()).toBe(40);
    v1.close();

    const store = createSqliteStore({ dataDir });
    const triggers = store.database.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all();
    expect(triggers).toEqual(['ticket_days_update', 'rating_days_update']);
    await expectRollUpsRight(store);
    const more = Array.from({ length: 40 }, (_, index) => make(index + 40));
    await Promise.all(more.map((ticket) => store.createTicket(ticket, openingEvents(ticket))));
    // Updates of tickets from either version still move their shares (the update trigger).
    for await (const ticket of store.iterateTickets({})) {
      if (ticket.id.endsWith('3')) await store.updateTicket(ticket.id, { priority: 'low', category: 'crash', updatedAt: ticket.updatedAt }, []);
    }
    await expectRollUpsRight(store);
    await store.close();
  });

  it('gives tickets of a version 7 database their channel from the reporter id when it migrates to teams (8)', async () => {
    const dataDir = tempDir();
    const v7 = new Database(join(dataDir, SQLITE_FILE_NAME));
    v7.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    for (const migration of SQLITE_MIGRATIONS.filter((item) => item.version <= 7)) {
      v7.exec(migration.sql);
      v7.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
    }
    const insert = v7.prepare(CREATE_TICKET_SQL.insertTicket.replace(', team, channel)', ')').replace(', @team, @channel)', ')'));
    const phone = ticketRecord({ reporterId: 'channel:phone:tk_phone' });
    const email = ticketRecord({ reporterId: 'channel:email:tk_email' });
    const app = ticketRecord({ reporterId: 'a'.repeat(64) });
    for (const ticket of [phone, email, app]) insert.run(ticketParams(ticket));
    v7.close();

    const store = createSqliteStore({ dataDir });
    expect(await store.getTicket(phone.id)).toEqual({ ...phone, channel: 'phone', team: null });
    expect((await store.getTicket(email.id))?.channel).toBe('email');
    expect((await store.getTicket(app.id))?.channel).toBe('app');
    expect((await store.listTickets({ channel: 'phone' }, { limit: 10 })).items.map((ticket) => ticket.id)).toEqual([phone.id]);
    const plan = store.database.prepare("EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE channel = 'phone' ORDER BY created_at DESC, id DESC").all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join()).toContain('tickets_by_channel');
    // One statement serves a team and "no team" (IS), on the team index either way.
    const byTeam = store.database.prepare('EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE team IS ? ORDER BY created_at DESC, id DESC').all(null) as { detail: string }[];
    expect(byTeam.map((row) => row.detail).join()).toContain('tickets_by_team');
    await store.close();
  });

  it('writes attachments as files, leaving no temp files behind', async () => {
    const dataDir = tempDir();
    const store = createSqliteStore({ dataDir });
    const record = { id: 'att_1', reporterId: 'r', contentType: 'image/png', size: 2, createdAt: '2026-03-01T08:00:00.000Z', ticketId: null } as const;
    await store.putAttachment(record, new Uint8Array([1, 2]));
    await expect(store.putAttachment(record, new Uint8Array([3, 4]))).rejects.toThrow(/exists/);
    await expect(store.putAttachment({ ...record, id: '../escape' }, new Uint8Array([1, 2]))).rejects.toThrow(TypeError);
    await expect(store.putAttachment({ ...record, id: 'att_2' }, new Uint8Array([1]))).rejects.toThrow(RangeError);
    expect(readdirSync(join(dataDir, 'attachments'))).toEqual(['att_1']);
    expect([...((await store.getAttachment('att_1'))?.bytes ?? [])]).toEqual([1, 2]);
    await store.close();
  });
});

describe('the group commit', () => {
  const create = (store: SqliteStore, ticket: TicketRecord) => store.createTicket(ticket, openingEvents(ticket));
  const count = (store: SqliteStore, table: string) => store.database.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
  // Lets the queued calls go out as a group (written on setImmediate), without waiting for the answer.
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('answers 200 concurrent creates with 20 repeated client ids: the first of each creates', async () => {
    const store = createSqliteStore({ dataDir: tempDir() });
    const originals = Array.from({ length: 180 }, (_, index) => ticketRecord({ reporterId: `r${index % 7}` }));
    // Every ninth original is sent again under a new ticket id: half of them in the same
    // group as the original, half some 60 calls later (a later group).
    type Call = { ticket: TicketRecord; expected: { created: boolean; ticketId: string } };
    const order: Call[] = [];
    const later: { at: number; call: Call }[] = [];
    for (const [index, original] of originals.entries()) {
      order.push({ ticket: original, expected: { created: true, ticketId: original.id } });
      if (index % 9 === 0) {
        const call = { ticket: ticketRecord({ clientId: original.clientId, reporterId: original.reporterId }), expected: { created: false, ticketId: original.id } };
        if (index % 18 === 0) order.push(call);
        else later.push({ at: order.length + 60, call });
      }
      while (later[0] && later[0].at <= order.length) order.push(later.shift()!.call);
    }
    order.push(...later.map(({ call }) => call));
    expect(order).toHaveLength(200);
    // Four waves: a group being written while the next one queues.
    const results: Promise<{ created: boolean; ticketId: string }>[] = [];
    for (let wave = 0; wave < 4; wave += 1) {
      for (const { ticket } of order.slice(wave * 50, wave * 50 + 50)) results.push(create(store, ticket));
      await nextTurn();
    }
    expect(await Promise.all(results)).toEqual(order.map(({ expected }) => expected));
    expect(count(store, 'tickets')).toBe(180);
    expect(count(store, 'events')).toBe(360);
    const intruder = ticketRecord({ clientId: originals[1]!.clientId, reporterId: 'intruder' });
    await expect(create(store, intruder)).rejects.toBeInstanceOf(ClientIdConflictError);
    await store.close();
  });

  it('loses nothing when closed with groups queued and in flight', async () => {
    const dataDir = tempDir();
    const store = createSqliteStore({ dataDir });
    const tickets = Array.from({ length: 300 }, () => ticketRecord());
    const results: Promise<unknown>[] = [];
    for (let wave = 0; wave < 3; wave += 1) {
      for (const ticket of tickets.slice(wave * 100, wave * 100 + 100)) results.push(create(store, ticket));
      if (wave < 2) await nextTurn();
    }
    const closed = store.close();
    await expect(create(store, ticketRecord())).rejects.toThrow(/closed/);
    await closed;
    expect(await Promise.all(results)).toEqual(tickets.map((ticket) => ({ created: true, ticketId: ticket.id })));
    const reopened = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    expect(reopened.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(300);
    expect(reopened.prepare('SELECT count(*) FROM events').pluck().get()).toBe(600);
    reopened.close();
  });

  it('interleaves updates with group commits, without SQLITE_BUSY', async () => {
    const store = createSqliteStore({ dataDir: tempDir(), busyTimeoutMs: 5000 });
    const existing = Array.from({ length: 20 }, () => ticketRecord());
    await Promise.all(existing.map((ticket) => create(store, ticket)));
    for (let round = 0; round < 30; round += 1) {
      const creates = Array.from({ length: 60 }, () => create(store, ticketRecord()));
      await nextTurn();
      // Reads then writes between the groups queued before and after it.
      const ticket = existing[round % existing.length]!;
      const updated = await store.updateTicket(ticket.id, { priority: round % 2 ? 'high' : 'low', updatedAt: ticket.updatedAt }, []);
      expect(updated?.priority).toBe(round % 2 ? 'high' : 'low');
      await store.recordDeflection({ id: testId('d'), reporterId: 'r', articleId: 'a', category: null, at: ticket.createdAt });
      await store.linkAttachments([testId('att')], ticket.id);
      await Promise.all(creates);
    }
    expect(count(store, 'tickets')).toBe(20 + 30 * 60);
    await store.close();
  });
});

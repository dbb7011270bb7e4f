import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME, createSqliteStore } from './sqlite';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';
import { describeStoreContract } from './store.contract';
import { openingEvents, ticketRecord } from '../../tests/support/tickets';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fankui-sqlite-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

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

  it('writes the other tickets of a group when one fails half-way, leaving no trace of it', async () => {
    const store = createSqliteStore({ memory: true });
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
    expect(await store.getTicket(broken.id)).toBeNull();
    for (const ticket of tickets) expect(await store.listEvents(ticket.id, { includeInternal: true })).toHaveLength(2);
    const days = store.database.prepare('SELECT sum(total) FROM ticket_days').pluck().get();
    expect(days).toBe(6);
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

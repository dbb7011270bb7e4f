import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { POSTGRES_HINT, startPostgres, type TestPostgres } from '../../../tests/support/postgres';
import { createPostgresStore } from './index';
import { POSTGRES_MIGRATIONS } from './migrations';
import { describeStoreContract } from '../contract/store.contract';

/**
 * The run's shared cluster (vitest global setup), else one of our own when this file runs
 * without that setup; null only when PostgreSQL is not installed outside CI.
 */
async function adminUrl(): Promise<{ url: string; own: TestPostgres | null } | null> {
  const provided = inject('postgresUrl');
  if (typeof provided === 'string') return { url: provided, own: null };
  if (provided === null) return null;
  const own = await startPostgres();
  return own ? { url: own.url, own } : null;
}

const admin = await adminUrl();
if (!admin) console.warn(`Skipping the PostgreSQL store tests. ${POSTGRES_HINT}`);

// A database per test file so files run in parallel; a schema per store so every test starts empty.
const database = `fankui_${process.pid}_${randomBytes(4).toString('hex')}`;
let databaseUrl = '';
let adminPool: pg.Pool | null = null;
if (admin) {
  const server = new pg.Client({ connectionString: admin.url });
  await server.connect();
  await server.query(`CREATE DATABASE ${database}`);
  await server.end();
  databaseUrl = withDatabase(admin.url, database);
  adminPool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
}

afterAll(async () => {
  await adminPool?.end();
  if (admin) {
    const server = new pg.Client({ connectionString: admin.url });
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await server.end();
    await admin.own?.stop();
  }
});

let schemas = 0;
/** A connection string whose search_path is a new, empty schema. */
async function freshSchema(): Promise<string> {
  schemas += 1;
  const schema = `s${schemas}`;
  await adminPool?.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function openStore(connectionString: string) {
  const store = createPostgresStore({ connectionString });
  await store.migrate();
  return store;
}

describe.skipIf(!admin)('postgres', () => {
  describeStoreContract('postgres', async () => openStore(await freshSchema()), {
    persistent: async () => {
      const connectionString = await freshSchema();
      return { open: () => openStore(connectionString), dispose: async () => {} };
    },
  });

  describe('createPostgresStore', () => {
    it('migrates safely when servers start at the same time, recording each migration once', async () => {
      const connectionString = await freshSchema();
      const stores = Array.from({ length: 4 }, () => createPostgresStore({ connectionString, poolSize: 2 }));
      await Promise.all(stores.map((store) => store.migrate()));
      await stores[0]?.migrate();
      const versions = await stores[0]?.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions?.rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.version));
      await Promise.all(stores.map((store) => store.close()));
    });

    it('returns timestamps in toISOString() form whatever the session time zone', async () => {
      const url = new URL(await freshSchema());
      url.searchParams.set('options', `${url.searchParams.get('options')} -c TimeZone=Asia/Shanghai -c DateStyle=SQL,DMY`);
      const store = await openStore(url.toString());
      await store.recordDeflection({ id: 'd1', reporterId: 'r', articleId: 'a', category: null, at: '2026-03-01T23:30:00+08:00' });
      await store.addOperatorToken({ id: 'o1', name: 'n', tokenHash: 'h', createdAt: '2026-03-01T23:30:00.5+08:00' });
      expect(await store.findOperatorToken('h')).toEqual({ id: 'o1', name: 'n', tokenHash: 'h', createdAt: '2026-03-01T15:30:00.500Z', revokedAt: null });
      const stats = await store.stats({ from: '2026-03-01T15:00:00.000Z', to: '2026-03-01T16:00:00.000Z' }, '2026-03-02T00:00:00.000Z');
      expect(stats.deflections).toBe(1);
      await store.close();
    });

    it('fails ping once closed', async () => {
      const store = await openStore(await freshSchema());
      await store.ping();
      await store.close();
      await expect(store.ping()).rejects.toThrow();
    });
  });
});

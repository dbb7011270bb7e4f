import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres';
import type { OpenStore } from './harness';
import { startPostgres, type TestPostgres } from './postgres';

/** PostgreSQL stores for one test file: its own database, a fresh schema per store. */
export interface PostgresStores {
  open: OpenStore;
  cleanup(): Promise<void>;
}

/**
 * The run's cluster (the vitest global setup's `postgresUrl`), or one of our own when the
 * file runs without that setup. Null only when PostgreSQL is not installed and CI is not
 * set; under `CI=true` a missing PostgreSQL throws (see `startPostgres`), so it fails.
 *
 * @example const postgres = await postgresStores(); describe.skipIf(!postgres)(…)
 */
export async function postgresStores(): Promise<PostgresStores | null> {
  const provided = inject('postgresUrl');
  let own: TestPostgres | null = null;
  let adminUrl: string | null = typeof provided === 'string' ? provided : null;
  if (provided === undefined) {
    own = await startPostgres();
    adminUrl = own?.url ?? null;
  }
  if (!adminUrl) {
    if (process.env.CI) throw new Error('PostgreSQL is required under CI=true but the test run has none');
    return null;
  }
  const database = `fankui_http_${process.pid}_${randomBytes(4).toString('hex')}`;
  const server = new pg.Client({ connectionString: adminUrl });
  await server.connect();
  await server.query(`CREATE DATABASE ${database}`);
  await server.end();
  const databaseUrl = new URL(adminUrl);
  databaseUrl.pathname = `/${database}`;
  const pool = new pg.Pool({ connectionString: databaseUrl.toString(), max: 2 });
  let schemas = 0;

  return {
    async open() {
      const schema = `http_${++schemas}`;
      await pool.query(`CREATE SCHEMA ${schema}`);
      const url = new URL(databaseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const store = createPostgresStore({ connectionString: url.toString() });
      await store.migrate();
      return { store, location: { databaseUrl: url.toString() } };
    },
    async cleanup() {
      await pool.end();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      await own?.stop();
    },
  };
}

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../src/logger';
import { startServer } from '../src/server';
import { isStoreUnavailable } from '../src/store/shared/unavailable';
import { newReporterSecret, paymentSubmission } from './support/harness';
import { POSTGRES_HINT } from './support/postgres';
import { postgresStores } from './support/postgres-stores';
import { startTcpProxy } from './support/tcp-proxy';

const postgres = await postgresStores();
if (!postgres) console.warn(`Skipping the database-outage tests over PostgreSQL. ${POSTGRES_HINT}`);
afterAll(() => postgres?.cleanup());

const submit = (url: string) =>
  fetch(`${url}/v1/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${newReporterSecret()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ submissions: [paymentSubmission()] }),
  });

describe.skipIf(!postgres)('postgres: the database goes away', () => {
  it('answers 503 unavailable with Retry-After while it is down, and serves again once it is back', async () => {
    const { store, location } = await postgres!.open();
    await store.close();
    const direct = new URL((location as { databaseUrl: string }).databaseUrl);
    const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) });
    const viaProxy = new URL(direct);
    viaProxy.port = String(proxy.port);
    const logs: unknown[] = [];
    const logger: Logger = { log: (...entry) => void logs.push(entry) };
    const server = await startServer({ port: 0, databaseUrl: viaProxy.toString(), storeRetryAfterSeconds: 7 }, { logger });
    try {
      expect((await submit(server.url)).status, JSON.stringify(logs)).toBe(200);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

      await proxy.down();
      const refused = await submit(server.url);
      expect(refused.status, JSON.stringify(logs)).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('7');
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).not.toContain('postgres');
      const notReady = await fetch(`${server.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(notReady.headers.get('retry-after')).toBe('7');
      expect(((await notReady.json()) as { error: { code: string } }).error.code).toBe('unavailable');

      await proxy.up();
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect((await submit(server.url)).status, JSON.stringify(logs)).toBe(200);
      expect(logs).toContainEqual(['warn', 'store unavailable', expect.objectContaining({ route: '/v1/submissions' })]);
    } finally {
      await server.close();
      await proxy.close();
    }
  });

  it('classifies a backend terminated by the administrator (57P01) as unavailable, and a broken statement not', async () => {
    const { store, location } = await postgres!.open();
    await store.close();
    const url = (location as { databaseUrl: string }).databaseUrl;
    const victim = new pg.Client({ connectionString: url });
    victim.on('error', () => {});
    await victim.connect();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const pid = ((await victim.query('SELECT pg_backend_pid() AS pid')).rows[0] as { pid: number }).pid;
      const sleeping = victim.query('SELECT pg_sleep(10)').then(
        () => null,
        (error: unknown) => error,
      );
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const terminated = await sleeping;
      expect((terminated as { code?: string }).code).toBe('57P01');
      expect(isStoreUnavailable(terminated)).toBe(true);

      const integrity = await admin.query('SELECT 1 / 0').then(
        () => null,
        (error: unknown) => error,
      );
      expect((integrity as { code?: string }).code).toBe('22012');
      expect(isStoreUnavailable(integrity)).toBe(false);
    } finally {
      await admin.end();
      await victim.end().catch(() => {});
    }
  });
});

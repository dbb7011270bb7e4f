import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../src/logger';
import { startServer } from '../src/server';
import { SQLITE_FILE_NAME, createSqliteStore } from '../src/store/sqlite';
import { newReporterSecret, paymentSubmission } from './support/harness';

const dir = mkdtempSync(join(tmpdir(), 'fankui-unavailable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const submit = (url: string) =>
  fetch(`${url}/v1/submissions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${newReporterSecret()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ submissions: [paymentSubmission()] }),
  });

describe('sqlite: the database is locked by another process', () => {
  it('answers 503 unavailable with Retry-After while the lock outlasts the busy timeout, then serves again', async () => {
    const logs: unknown[] = [];
    const logger: Logger = { log: (...entry) => void logs.push(entry) };
    const store = createSqliteStore({ dataDir: dir, busyTimeoutMs: 50 });
    await store.migrate();
    const server = await startServer({ port: 0, storeRetryAfterSeconds: 3 }, { store, logger });
    // Another process (a backup tool, a second server by mistake) holding the write lock.
    const other = new Database(join(dir, SQLITE_FILE_NAME));
    try {
      expect((await submit(server.url)).status, JSON.stringify(logs)).toBe(200);
      other.exec('BEGIN EXCLUSIVE');
      const refused = await submit(server.url);
      expect(refused.status, JSON.stringify(logs)).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('3');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unavailable');
      expect(logs).toContainEqual(['warn', 'store unavailable', expect.objectContaining({ code: expect.stringMatching(/^SQLITE_BUSY/) })]);

      other.exec('COMMIT');
      expect((await submit(server.url)).status, JSON.stringify(logs)).toBe(200);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await server.close();
    }
  });
});

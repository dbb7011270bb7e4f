import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../src/store/sqlite';
import type { OpenStore } from './harness';

/**
 * Opens SQLite stores in fresh temporary directories; `cleanup` removes them all.
 *
 * @example const sqlite = tempSqliteStores(); afterAll(sqlite.cleanup);
 */
export function tempSqliteStores(): { open: OpenStore; cleanup: () => void } {
  const dirs: string[] = [];
  return {
    async open() {
      const dataDir = mkdtempSync(join(tmpdir(), 'fankui-server-test-'));
      dirs.push(dataDir);
      return { store: createSqliteStore({ dataDir }), location: { dataDir } };
    },
    cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

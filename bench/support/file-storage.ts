/**
 * A `StorageAdapter` that really writes: one file per key under a directory, written whole
 * with `fs.promises.writeFile` on every `set`, the way a phone's file-backed `wx` storage
 * rewrites a key. It counts what it is asked to do, so a benchmark can tell how many keys
 * and bytes a piece of client code rewrites.
 */
import { mkdir, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StorageAdapter } from '../../packages/client/src/index';

export interface StorageCounters {
  /** `set` calls. */
  writes: number;
  /** UTF-8 bytes passed to `set`. */
  bytesWritten: number;
  /** `remove` calls. */
  removes: number;
  /** `get` calls. */
  reads: number;
  /** Bytes written per key prefix (the part before the second `:`), e.g. `fankui:q` vs `fankui:q:<id>`. */
  byKey: Map<string, { writes: number; bytes: number }>;
}

const fileOf = (key: string) => encodeURIComponent(key);

/** Groups `fankui:q:0192…` as `fankui:q:*`, `fankui:tickets` as itself. */
const keyKind = (key: string) => key.split(':').slice(0, 2).join(':') + (key.split(':').length > 2 ? ':*' : '');

export async function fileStorage(dir: string): Promise<StorageAdapter & { counters: StorageCounters; reset(): void; bytesUnder(prefix: string): Promise<number>; destroy(): Promise<void> }> {
  await mkdir(dir, { recursive: true });
  const fresh = (): StorageCounters => ({ writes: 0, bytesWritten: 0, removes: 0, reads: 0, byKey: new Map() });
  let counters = fresh();
  const adapter = {
    get counters() {
      return counters;
    },
    reset() {
      counters = fresh();
    },
    async get(key: string) {
      counters.reads++;
      try {
        return await readFile(join(dir, fileOf(key)), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async set(key: string, value: string) {
      const bytes = Buffer.byteLength(value, 'utf8');
      counters.writes++;
      counters.bytesWritten += bytes;
      const kind = counters.byKey.get(keyKind(key)) ?? { writes: 0, bytes: 0 };
      counters.byKey.set(keyKind(key), { writes: kind.writes + 1, bytes: kind.bytes + bytes });
      await writeFile(join(dir, fileOf(key)), value, 'utf8');
    },
    async remove(key: string) {
      counters.removes++;
      await unlink(join(dir, fileOf(key))).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
    async keys() {
      return (await readdir(dir)).map((name) => decodeURIComponent(name));
    },
    /** UTF-8 bytes stored under keys starting with `prefix`. */
    async bytesUnder(prefix: string) {
      let total = 0;
      for (const key of await adapter.keys()) if (key.startsWith(prefix)) total += Buffer.byteLength((await adapter.get(key))!, 'utf8');
      return total;
    },
    destroy: () => rm(dir, { recursive: true, force: true }),
  };
  return adapter;
}

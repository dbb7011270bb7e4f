/**
 * Storage wrappers that record what the client asks of storage, and make it fail the way a
 * phone does: a write torn by a kill or a full disk, or a process that dies between two
 * writes. They wrap any `StorageAdapter` (the memory one, or `wxStorage` over the fake wx).
 */
import { ClientError, type StorageAdapter } from '../../src/index';

export interface StorageCall {
  op: 'set' | 'remove';
  key: string;
  bytes?: number;
}

/** Records every `set` and `remove`, in order (`calls`); `reset()` starts a new count. */
export function recording(storage: StorageAdapter) {
  const calls: StorageCall[] = [];
  return {
    ...storage,
    calls,
    reset: () => void calls.splice(0),
    /** `set` calls to keys for which `match` is true. */
    writes: (match: (key: string) => boolean) => calls.filter((call) => call.op === 'set' && match(call.key)).length,
    async set(key: string, value: string) {
      calls.push({ op: 'set', key, bytes: Buffer.byteLength(value) });
      await storage.set(key, value);
    },
    async remove(key: string) {
      calls.push({ op: 'remove', key });
      await storage.remove(key);
    },
  } satisfies StorageAdapter & Record<string, unknown>;
}

/**
 * Tears writes: for each `set` to a key that `tear` picks, only the first half of the value
 * lands (the kill came mid-write); the call still resolves, as the process never learnt.
 * `torn` lists the keys torn so far.
 */
export function tearing(storage: StorageAdapter, tear: (key: string, value: string) => boolean) {
  const torn: string[] = [];
  return {
    ...storage,
    torn,
    async set(key: string, value: string) {
      if (!tear(key, value)) return storage.set(key, value);
      torn.push(key);
      return storage.set(key, value.slice(0, Math.floor(value.length / 2)));
    },
  } satisfies StorageAdapter & Record<string, unknown>;
}

/**
 * A process that dies after `mutations` writes or removes: from then on every storage call
 * fails (nothing more reaches the disk). `dead()` says whether it died.
 */
export function dyingAfter(storage: StorageAdapter, mutations: number) {
  let left = mutations;
  const died = () => Promise.reject(new ClientError('storage_error', 'the process was killed'));
  const mutate = <A extends unknown[]>(call: (...args: A) => Promise<void>) => (...args: A) => (left-- > 0 ? call(...args) : died());
  return {
    get: (key: string) => (left >= 0 ? storage.get(key) : died()),
    keys: () => (left >= 0 ? storage.keys() : died()),
    set: mutate((key: string, value: string) => storage.set(key, value)),
    remove: mutate((key: string) => storage.remove(key)),
    dead: () => left < 0,
  };
}

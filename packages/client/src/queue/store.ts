import type { StorageAdapter } from '../adapters/types';
import { ClientError, StorageFullError } from '../errors';
import { isObject } from '../guards';
import { utf8Length } from '../ids';
import { corrupt, idsUnder, KEYS, parseStored, readList } from '../storage-keys';
import { createSerial } from '../promises';
import { isQueuedItem, type QueuedItem } from './item';

/** One queued item in the index. */
export interface IndexEntry {
  id: string;
  /** UTF-8 bytes of its stored JSON. */
  bytes: number;
  /** When it was queued (ms). */
  at: number;
}

export type QueueStore = ReturnType<typeof createQueueStore>;

const isEntry = (value: unknown): value is IndexEntry =>
  isObject(value) && typeof value.id === 'string' && typeof value.bytes === 'number' && typeof value.at === 'number';

/**
 * The queue's persistence: one key per item plus an index. The in-memory index is the
 * truth while the client runs; on load it is reconciled with the keys actually present,
 * so a crash between writing an item and writing the index loses nothing.
 */
export function createQueueStore(storage: StorageAdapter, report: (error: ClientError) => void) {
  let entries: IndexEntry[] = [];
  const keyOf = (id: string) => KEYS.itemPrefix + id;

  // Index writes are chained: a slow early write must never land after a later one.
  const serially = createSerial();
  let dirty = false;
  const saveIndex = () => {
    dirty = false;
    return serially(() =>
      storage.set(KEYS.index, JSON.stringify(entries)).catch((error: unknown) => {
        dirty = true; // written again by the next save
        throw error;
      }),
    );
  };

  const store = {
    /** Oldest first. */
    entries: () => entries,
    bytes: () => entries.reduce((sum, entry) => sum + entry.bytes, 0),
    has: (id: string) => entries.some((entry) => entry.id === id),

    async load(): Promise<void> {
      const [listed, damaged] = readList(await storage.get(KEYS.index), isEntry);
      // Rebuilt below from the items' own keys: reported, as nothing may change in silence.
      if (damaged) report(corrupt(KEYS.index));
      const present = await idsUnder(storage, KEYS.itemPrefix);
      const loaded = listed.filter((entry, index) => present.includes(entry.id) && listed.findIndex((other) => other.id === entry.id) === index);
      // Items written just before a crash, whose index write never happened.
      for (const id of present) {
        if (loaded.some((entry) => entry.id === id)) continue;
        const raw = await storage.get(keyOf(id));
        const item = parseStored(raw);
        const at = isQueuedItem(item, id) ? Date.parse(String(item.submission.createdAt)) : NaN;
        if (raw !== null) loaded.push({ id, bytes: utf8Length(raw), at: at || Date.now() });
      }
      loaded.sort((a, b) => a.at - b.at);
      const changed = loaded.length !== listed.length || loaded.some((entry, index) => entry !== listed[index]);
      entries = loaded;
      if (changed) await saveIndex();
    },

    /**
     * The item, or undefined when it is gone or corrupt. A corrupt item (not JSON, wrong
     * shape) is reported and removed: it can never be sent. A failed read throws.
     */
    async read(id: string): Promise<QueuedItem | undefined> {
      const raw = await storage.get(keyOf(id));
      const item = parseStored(raw);
      if (isQueuedItem(item, id)) return item;
      if (raw !== null) report(new ClientError('corrupt_item', `${id} removed`, { localId: id }));
      await store.remove([id]);
      return undefined;
    },

    /**
     * Writes a new item, then the index. On `StorageFullError` nothing is left behind.
     * Rewriting a queued item (an upload's server id) writes only its own key: the index
     * entry changes in memory and is written with the next batch's index write (until then
     * the stored index only holds a slightly stale size, which the budget tolerates).
     */
    async put(item: QueuedItem, at: number): Promise<void> {
      const { id } = item.submission;
      const raw = JSON.stringify(item);
      const previous = entries.find((entry) => entry.id === id);
      await storage.set(keyOf(id), raw);
      const entry = { id, bytes: utf8Length(raw), at: previous ? previous.at : at };
      if (previous) {
        entries = entries.map((other) => (other === previous ? entry : other));
        dirty = true;
        return;
      }
      entries = [...entries, entry];
      try {
        await saveIndex();
      } catch (error) {
        if (error instanceof StorageFullError) {
          entries = entries.filter((other) => other !== entry);
          await storage.remove(keyOf(id));
        }
        throw error;
      }
    },

    /**
     * Removes items: their own keys, then one index write for all of them. A crash between
     * the two leaves the index naming missing items, which `load()` drops.
     */
    async remove(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      entries = entries.filter((entry) => !ids.includes(entry.id));
      await Promise.all(ids.map((id) => storage.remove(keyOf(id))));
      await saveIndex();
    },

    /** Writes the index when an item was rewritten since the last index write. */
    async saveIndex(): Promise<void> {
      if (dirty) await saveIndex();
    },
  };
  return store;
}

import type { StorageAdapter } from './adapters/types';
import { ClientError } from './errors';
import { isObject } from './guards';
import { parseJsonBody } from './transport/types';

/**
 * The client's storage layout, version 1. Every key starts with `fankui:` so the client
 * can tell its own keys apart and an app can wipe them. Each queued submission has its own
 * key (WeChat caps one key at 1 MB); the index keeps their order and sizes.
 */
export const KEYS = {
  /** `{ v: 1 }`: the layout version, for migrations. */
  meta: 'fankui:meta',
  /** The queue's index: `[{ id, bytes, at }]`, oldest first. */
  index: 'fankui:q',
  /** One queued submission: `fankui:q:<local id>`. */
  itemPrefix: 'fankui:q:',
  /** The reporter secret as SDK versions before kept it (64 hex characters, one copy): read, never written. */
  secret: 'fankui:id',
  /**
   * The reporter secret, kept twice and written in this order: `{ secret, weak, check }`
   * (64 hex characters, whether it was minted without a cryptographic random source, and a
   * checksum of both).
   */
  secretCopies: ['fankui:id:a', 'fankui:id:b'] as const,
  /** The first page of "我的反馈", for offline viewing. */
  tickets: 'fankui:tickets',
  /** The last remote config and its ETag. */
  config: 'fankui:config',
  /** Ticket ids whose details are cached, most recently opened first. */
  details: 'fankui:detail',
  /** One ticket's detail (timeline included), for offline viewing: `fankui:detail:<ticket id>`. */
  detailPrefix: 'fankui:detail:',
  /** Deflections not yet recorded by the server: `[{ id, articleId, category? }]`, oldest first (`id`: the idempotency key). */
  deflections: 'fankui:deflections',
} as const;

export const STORAGE_VERSION = 1;

/** The ids of the keys under `prefix` (`fankui:q:<id>` → `<id>`). */
export const idsUnder = async (storage: StorageAdapter, prefix: string): Promise<string[]> =>
  (await storage.keys()).filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));

/** Parses stored JSON; undefined when it is not JSON at all (or there is none: `null`). */
export const parseStored: (raw: string | null) => unknown = parseJsonBody;

/**
 * A stored list read with a check: its items that pass `guard`, and whether it was damaged
 * (torn by a kill mid-write or a full disk, or otherwise unreadable). Of a damaged list the
 * items of the longest prefix that still parses are kept: only item boundaries (`},`,
 * `",`) are tried, from the end, a bounded number of times. `items` reads the list out of
 * an object (`{ "items": [ … ] }`, closed with `]}`) instead of a bare list.
 */
export function readList<T>(raw: string | null, guard: (value: unknown) => value is T, items?: 'items'): [list: T[], damaged: boolean] {
  const value = parseStored(raw);
  const list: unknown = items ? isObject(value) && value.items : value;
  let found: unknown[] = Array.isArray(list) ? list : [];
  for (let end = raw ? raw.length - 1 : 0, tries = 64; !Array.isArray(list) && end > 0 && tries > 0; end--) {
    if (raw![end] !== ',' || (raw![end - 1] !== '}' && raw![end - 1] !== '"')) continue;
    tries--;
    const prefix = parseStored(raw!.slice(0, end) + (items ? ']}' : ']'));
    const salvaged: unknown = items ? isObject(prefix) && prefix.items : prefix;
    if (Array.isArray(salvaged)) {
      found = salvaged;
      break;
    }
  }
  const kept = found.filter(guard);
  return [kept, raw !== null && (!Array.isArray(list) || kept.length !== list.length)];
}

/** What the `error` event carries for a damaged key that was rebuilt from what remained. */
export const corrupt = (key: string, kept?: number) => new ClientError('corrupt_cache', `${key} damaged`, { key, kept });

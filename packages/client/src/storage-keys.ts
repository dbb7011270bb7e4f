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

/** Parses stored JSON; undefined when it is not JSON at all. */
export function parseStored(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * What a stored list still holds after a torn write (a kill mid-write, a full disk): the
 * items of the longest prefix that parses once closed with `close` (`]` for a list,
 * `]}` for `{ "items": [ … ] }`). Only item boundaries (`},` and `",`) are tried, from the
 * end, a bounded number of times. Empty when nothing is left.
 */
export function salvageList(raw: string, close: ']' | ']}'): unknown[] {
  let tries = 64;
  for (let end = raw.length - 1; end > 0 && tries > 0; end--) {
    if (raw[end] !== ',' || (raw[end - 1] !== '}' && raw[end - 1] !== '"')) continue;
    tries--;
    const value = parseStored(raw.slice(0, end) + close);
    const list = close === ']' ? value : (value as { items?: unknown } | undefined)?.items;
    if (Array.isArray(list)) return list;
  }
  return [];
}

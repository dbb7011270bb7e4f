import { randomFillSync } from 'node:crypto';

/** Crockford's base32 in lower case: no i, l, o, u, so ids read aloud without confusion. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** 48 bits of Unix milliseconds as 10 base32 characters (good until the year 10889). */
const TIME_CHARS = 10;
/** 80 random bits as 16 base32 characters. */
const RANDOM_CHARS = 16;
// Random bytes drawn 4 KiB at a time (one system call per 256 ids), each byte used once.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

/** What an id names; the prefix makes a pasted id recognisable in logs and support chats. */
export type IdKind = 'tk' | 'ev' | 'at' | 'op' | 'df' | 'wh' | 'al' | 'sb';

/**
 * A new server id: the kind's prefix and a ULID in lower case — 10 characters of creation
 * time (milliseconds) then 16 random ones (80 bits), e.g. `tk_01kaq3v7zd5w0q8m3zk1c9x7n2`.
 * Ids sort by creation time, so the store appends to its indexes instead of writing all
 * over them; the time they carry is shown beside every ticket anyway. The random part
 * makes them unguessable, so an attachment URL leaks nothing by itself (access is still
 * checked on every read).
 *
 * @example newId('tk') // 'tk_01kaq3v7zd…'
 */
export function newId(kind: IdKind, nowMs: number = Date.now()): string {
  if (poolOffset + RANDOM_CHARS > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let time = '';
  for (let i = 0, rest = Math.max(0, Math.floor(nowMs)); i < TIME_CHARS; i++, rest = Math.floor(rest / 32)) time = ALPHABET[rest % 32] + time;
  let out = `${kind}_${time}`;
  // 256 is a multiple of 32, so the low 5 bits of a random byte are uniform.
  for (let i = poolOffset, end = poolOffset + RANDOM_CHARS; i < end; i++) out += ALPHABET[pool[i]! & 31];
  poolOffset += RANDOM_CHARS;
  return out;
}

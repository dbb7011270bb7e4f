import { randomFillSync } from 'node:crypto';

/** Crockford's base32 in lower case: no i, l, o, u, so ids read aloud without confusion. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

const ID_CHARS = 26;
// Random bytes drawn 4 KiB at a time (one system call per ~157 ids), each byte used once.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

/** What an id names; the prefix makes a pasted id recognisable in logs and support chats. */
export type IdKind = 'tk' | 'ev' | 'at' | 'op' | 'df';

/**
 * A new random server id: the kind's prefix and 26 base32 characters (130 random bits),
 * e.g. `tk_5w0q8m3zk1c9x7n2b4v6r8t0ya`. Ids are not guessable, so an attachment URL leaks
 * nothing by itself; access is still checked on every read.
 *
 * @example newId('tk') // 'tk_…'
 */
export function newId(kind: IdKind): string {
  if (poolOffset + ID_CHARS > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  let out = `${kind}_`;
  // 256 is a multiple of 32, so the low 5 bits of a random byte are uniform.
  for (let i = poolOffset, end = poolOffset + ID_CHARS; i < end; i++) out += ALPHABET[pool[i]! & 31];
  poolOffset += ID_CHARS;
  return out;
}


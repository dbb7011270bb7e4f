import { randomBytes } from 'node:crypto';

/** Crockford's base32 in lower case: no i, l, o, u, so ids read aloud without confusion. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

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
  const bytes = randomBytes(26);
  let out = `${kind}_`;
  // 256 is a multiple of 32, so the low 5 bits of a random byte are uniform.
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

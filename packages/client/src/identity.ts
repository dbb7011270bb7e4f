import type { RandomSource, StorageAdapter } from './adapters/types';
import { ClientError } from './errors';
import { toHex, weakRandom } from './ids';
import { onceUnlessFailed } from './promises';
import { corrupt, KEYS } from './storage-keys';

/**
 * A stored copy: `<secret>:<weak>:<secret>`, the 64 hex characters twice around the flag
 * (`1`: minted without a cryptographic random source, see `insecure_random`). The repeat is
 * the copy's check: a torn write or a damaged character breaks it.
 */
const WHOLE = /^([0-9a-f]{64}):[01]:\1$/;
const copyOf = (secret: string, weak: string) => `${secret}:${weak}:${secret}`;
const isWhole = (raw: string | null) => WHOLE.test(raw || '');

/**
 * The reporter secret: 32 random bytes as hex, created on first use and kept. It is the
 * reporter's identity (the server stores only its hash): losing it loses "我的反馈". So it
 * is kept twice (`fankui:id:a`, then `fankui:id:b`, each `<secret>:<weak 0|1>:<secret>`), read with the
 * check, and a damaged copy is rewritten from the good one: one torn write never loses it.
 * The single copy of SDK versions before (`fankui:id`, bare hex) is read when neither new
 * copy exists, and left where it is. Nothing here is ever replaced silently:
 * - minted without a cryptographic random source: `insecure_random` (and again at every
 *   start while that weaker secret is in use);
 * - both copies unreadable although this reporter existed (the second copy, the old single
 *   copy, or cached tickets are there): `identity_lost`, then a new secret is minted so
 *   submissions still go, under a new identity.
 */
export function createIdentity(storage: StorageAdapter, random: RandomSource, report: (error: ClientError) => void) {
  async function load(): Promise<string> {
    const raws = await Promise.all(KEYS.secretCopies.map((key) => storage.get(key)));
    let kept = raws.filter(isWhole)[0];
    let minted = false;
    if (!kept) {
      const legacy = await storage.get(KEYS.secret);
      // Bare hex: whole when, written as a copy, it passes the same check.
      if (legacy !== null && isWhole(copyOf(legacy, '0'))) kept = copyOf(legacy, '0');
      else {
        let weak = '0';
        const bytes = await random(32).catch(() => ((weak = '1'), weakRandom(32)));
        kept = copyOf(toHex(bytes), weak);
        minted = true;
        // This reporter existed: the second copy (written once the first was whole), the old
        // single copy, or tickets cached. A first copy torn before the second was ever written
        // is no evidence: that mint never finished, its secret was never sent.
        const keys = await storage.keys();
        if (raws[1] !== null || legacy !== null || keys.some((key) => key === KEYS.tickets || key.startsWith(KEYS.detailPrefix))) {
          report(new ClientError('identity_lost', 'Reporter secret lost'));
        }
      }
    }
    // One copy after the other: a kill tears at most one of them.
    for (const [index, key] of KEYS.secretCopies.entries()) {
      if (raws[index] === kept) continue;
      if (!minted && raws[index] !== null) report(corrupt(key));
      await storage.set(key, kept);
    }
    // Said at every start while such a secret is in use, so that it is never forgotten.
    if (kept[65] === '1') report(new ClientError('insecure_random', 'Weak reporter secret', { minted }));
    return kept.slice(0, 64);
  }

  const identity = {
    /** The secret, loaded (and repaired) or minted once per client; a failed storage read is retried next time. */
    secret: onceUnlessFailed(load),
    /** Forgets the loaded secret once its copies were removed (an erasure): the next use mints a new one. */
    forget() {
      identity.secret = onceUnlessFailed(load);
    },
  };
  return identity;
}

export type Identity = ReturnType<typeof createIdentity>;

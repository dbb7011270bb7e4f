import type { RandomSource, StorageAdapter } from './adapters/types';
import { ClientError } from './errors';
import { isObject } from './guards';
import { toHex, weakRandom } from './ids';
import { KEYS, parseStored } from './storage-keys';

/** One stored copy of the reporter secret. `check` guards it against a torn or damaged write. */
interface SecretRecord {
  secret: string;
  /** True when it was minted without a cryptographic random source (see `insecure_random`). */
  weak: boolean;
  check: string;
}

const HEX_64 = /^[0-9a-f]{64}$/;

/** FNV-1a (32 bits) of the text, as 8 hex digits: enough to tell a damaged copy from a good one. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash + 0x100000000).toString(16).slice(1);
}

const record = (secret: string, weak: boolean): SecretRecord => ({ secret, weak, check: checksum(`${secret}:${weak ? 1 : 0}`) });

/** A copy that passes its check, or undefined. */
function readCopy(raw: string | null): SecretRecord | undefined {
  const stored = parseStored(raw);
  if (!isObject(stored) || typeof stored.secret !== 'string' || !HEX_64.test(stored.secret) || typeof stored.weak !== 'boolean') return undefined;
  return stored.check === record(stored.secret, stored.weak).check ? record(stored.secret, stored.weak) : undefined;
}

/**
 * The reporter secret: 32 random bytes as hex, created on first use and kept. It is the
 * reporter's identity (the server stores only its hash): losing it loses "我的反馈". So it
 * is kept twice (`fankui:id:a`, then `fankui:id:b`, each with a checksum), read with the
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
  let secret: Promise<string> | undefined;

  const write = async (kept: SecretRecord, damaged: readonly string[]) => {
    // One after the other: a kill tears at most one of them.
    for (const key of damaged) await storage.set(key, JSON.stringify(kept));
  };

  const weakReport = (minted: boolean) =>
    report(
      new ClientError(
        'insecure_random',
        minted
          ? 'No cryptographic random source (wx.getRandomValues missing or failing): the reporter secret was made from Math.random. Pass getUserToken (a signed user token) instead.'
          : 'The reporter secret in use was made without a cryptographic random source. Pass getUserToken (a signed user token) instead.',
        { minted },
      ),
    );

  /** Whether this device has been a reporter before: then a missing secret is a lost one. */
  async function existed(copyB: string | null, legacy: string | null): Promise<string[]> {
    const evidence: string[] = [];
    if (copyB !== null) evidence.push(KEYS.secretCopies[1]);
    if (legacy !== null) evidence.push(KEYS.secret);
    for (const key of await storage.keys()) if (key === KEYS.tickets || key.startsWith(KEYS.detailPrefix)) evidence.push(key);
    return evidence;
  }

  async function load(): Promise<string> {
    const [rawA, rawB] = await Promise.all(KEYS.secretCopies.map((key) => storage.get(key)));
    const copies = [readCopy(rawA!), readCopy(rawB!)];
    let kept = copies[0] ?? copies[1];
    let minted = false;
    if (!kept) {
      const legacy = await storage.get(KEYS.secret);
      if (legacy !== null && HEX_64.test(legacy)) kept = record(legacy, false);
      else {
        // A first copy torn before the second was ever written: the mint never finished, the
        // secret was never sent. Anything else means this reporter existed.
        const evidence = await existed(rawB!, legacy);
        let bytes: Uint8Array;
        let weak = false;
        try {
          bytes = await random(32);
        } catch {
          bytes = weakRandom(32);
          weak = true;
        }
        kept = record(toHex(bytes), weak);
        minted = true;
        if (evidence.length > 0) {
          report(new ClientError('identity_lost', 'The reporter secret was lost (both stored copies unreadable); a new one was made: earlier tickets are no longer visible', { evidence }));
        }
      }
    }
    const damaged = KEYS.secretCopies.filter((_, index) => copies[index]?.check !== kept!.check);
    // A copy that is there but unreadable beside a good one was torn or damaged: say so, even when repaired.
    for (const [index, key] of KEYS.secretCopies.entries()) {
      if (!minted && damaged.includes(key) && [rawA, rawB][index] !== null) report(new ClientError('corrupt_cache', `Reporter secret copy ${key} damaged; rewritten from a good copy`, { key }));
    }
    await write(kept, damaged);
    if (kept.weak) weakReport(minted);
    return kept.secret;
  }

  return {
    /** The secret, loaded (and repaired) or minted once per client; a failed storage read is retried next time. */
    secret(): Promise<string> {
      secret ??= load();
      return secret.catch((error: unknown) => {
        secret = undefined;
        throw error;
      });
    },
  };
}

export type Identity = ReturnType<typeof createIdentity>;

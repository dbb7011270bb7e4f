import type { RandomSource, StorageAdapter } from './adapters/types';
import { ClientError, HttpError } from './errors';
import { isObject } from './guards';
import type { Http } from './http';
import { uuidv7 } from './ids';
import { asClientError, isItemFault } from './queue/queue';
import { corrupt, KEYS, readList } from './storage-keys';
import { isOk } from './transport/types';

/** What `POST /v1/deflections` records: the self-help article that solved the problem. */
export interface Deflection {
  /** The article's id (1–64 characters), e.g. the `id` of core's `suggestSelfHelp` result. */
  articleId: string;
  /** The category the reporter had picked (≤ 64 characters), e.g. `payment`. */
  category?: string;
}

/** A deflection as stored and sent: `id` is its idempotency key, a UUIDv7 like a submission's. */
type PendingDeflection = Deflection & { id: string };

/** "已解决" on a self-help suggestion: a problem solved without a ticket. */
export interface Deflections {
  /**
   * Records a deflection. Resolves once it is stored (`fankui:deflections`), then sends it
   * with the reporter's identity, now or at a later flush (start, network back, app shown,
   * `flush()`). It never rejects for network reasons: a deflection waits until the server
   * has it. At most {@link DEFLECTIONS_MAX} wait; beyond that the oldest is dropped with an
   * `error` event coded `deflection_dropped` (`details.reason: 'overflow'`), as is one the
   * server refuses for good (`'refused'`, a 400). Rejects with `ClientError`
   * `invalid_deflection` when `articleId` is not 1–64 characters or `category` is over 64.
   * Each deflection gets a UUIDv7 `id`, stored with it and sent with every attempt, so a
   * resend after a lost answer is recorded once (the server dedupes per reporter and id).
   *
   * @example
   * const article = suggestSelfHelp({ category: 'payment', subtypes: ['payment_failed'] });
   * await client.deflections.record({ articleId: article.id, category: 'payment' }); // "已解决"
   */
  record(deflection: Deflection): Promise<void>;
}

/** Deflections kept at most while the server cannot be reached. */
export const DEFLECTIONS_MAX = 50;

const isText = (value: unknown, min: number) => typeof value === 'string' && value.length >= min && value.length <= 64;
/** A deflection's shape; `id` is checked apart (older versions stored none). */
const isDeflection = (value: unknown): value is Deflection & { id?: unknown } =>
  isObject(value) && isText(value.articleId, 1) && (value.category === undefined || isText(value.category, 0));

/**
 * The stored list of deflections the server has not yet recorded, and its sending: one at
 * a time, oldest first, stopping at the first failure that is not the deflection's fault.
 */
export function createDeflections(
  http: Http,
  storage: StorageAdapter,
  random: RandomSource,
  canSend: () => boolean,
  report: (error: ClientError) => void,
) {
  let waiting: PendingDeflection[] = [];
  let sending: Promise<void> | undefined;
  const save = () => storage.set(KEYS.deflections, JSON.stringify(waiting));
  const saveOrReport = () => save().catch((error: unknown) => report(asClientError(error)));
  // Rebuilt field by field: what is stored and sent is exactly the protocol's shape.
  const pending = async ({ id, articleId, category }: Deflection & { id?: unknown }): Promise<PendingDeflection> => ({
    id: typeof id === 'string' ? id : uuidv7(Date.now(), await random(10)),
    articleId,
    category, // when undefined, JSON leaves it out
  });
  const drop = (deflection: PendingDeflection, reason: 'overflow' | 'refused') =>
    report(new ClientError('deflection_dropped', `Dropped (${reason})`, { id: deflection.id, articleId: deflection.articleId, category: deflection.category, reason }));

  async function send(): Promise<void> {
    while (waiting.length > 0 && canSend()) {
      const next = waiting[0]!;
      const { status, json } = await http.send('POST', '/v1/deflections', { json: next });
      const refused = isItemFault(status);
      // 401, 404, 429, 5xx…: not this deflection's fault; it waits for the next flush.
      if (!isOk(status) && !refused) throw new HttpError(status, json);
      waiting = waiting.filter((entry) => entry !== next);
      if (refused) drop(next, 'refused');
      await save();
    }
  }

  /** Sends what waits; never rejects (failures are reported). Concurrent calls share one run. */
  const flush = (): Promise<void> =>
    sending ||
    (sending = send()
      .catch((error: unknown) => report(asClientError(error)))
      .then(() => {
        sending = undefined;
      }));

  return {
    flush,
    /**
     * Reads the stored list at start; of a damaged one (a torn write), what still parses is
     * kept, saved again, and the damage reported (`corrupt_cache`). One stored by an older
     * version has no id: it gets one now, saved, so that its resends dedupe from here on.
     */
    async load(): Promise<void> {
      const [kept, damaged] = readList(await storage.get(KEYS.deflections), isDeflection);
      waiting = [];
      for (const deflection of kept) waiting.push(await pending(deflection));
      if (damaged) report(corrupt(KEYS.deflections, kept.length));
      if (damaged || kept.some((deflection) => typeof deflection.id !== 'string')) await saveOrReport();
    },
    /** Stores a deflection (dropping the oldest beyond the bound) and starts sending. */
    async add({ articleId, category }: Deflection): Promise<void> {
      const given = { articleId, category }; // only the protocol's fields
      if (!isDeflection(given)) throw new ClientError('invalid_deflection', 'articleId: 1–64 characters, category: ≤ 64', given);
      const deflection = await pending(given); // before reading `waiting`: a send may change it meanwhile
      waiting = [...waiting, deflection];
      while (waiting.length > DEFLECTIONS_MAX) drop(waiting.shift()!, 'overflow');
      // Unsaved, it is still sent while the app runs: a storage failure is only reported.
      await saveOrReport();
      void flush();
    },
  };
}

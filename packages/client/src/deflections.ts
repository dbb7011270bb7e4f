import type { StorageAdapter } from './adapters/types';
import { ClientError, HttpError } from './errors';
import { isObject } from './guards';
import type { Http } from './http';
import { asClientError, isItemFault } from './queue/queue';
import { KEYS, parseStored } from './storage-keys';

/** What `POST /v1/deflections` records: the self-help article that solved the problem. */
export interface Deflection {
  /** The article's id (1–64 characters), e.g. the `id` of core's `suggestSelfHelp` result. */
  articleId: string;
  /** The category the reporter had picked (≤ 64 characters), e.g. `payment`. */
  category?: string;
}

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
   * Delivery is at least once: an answer lost after the server recorded it means a resend.
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
const isDeflection = (value: unknown): value is Deflection =>
  isObject(value) && isText(value.articleId, 1) && (value.category === undefined || isText(value.category, 0));

/**
 * The stored list of deflections the server has not yet recorded, and its sending: one at
 * a time, oldest first, stopping at the first failure that is not the deflection's fault.
 */
export function createDeflections(http: Http, storage: StorageAdapter, canSend: () => boolean, report: (error: ClientError) => void) {
  let waiting: Deflection[] = [];
  let sending: Promise<void> | undefined;
  const save = () => storage.set(KEYS.deflections, JSON.stringify(waiting));
  const drop = (deflection: Deflection, reason: 'overflow' | 'refused') =>
    report(new ClientError('deflection_dropped', `Deflection of ${deflection.articleId} dropped (${reason})`, { ...deflection, reason }));

  async function send(): Promise<void> {
    while (waiting.length > 0 && canSend()) {
      const next = waiting[0]!;
      const { status, json } = await http.send('POST', '/v1/deflections', { json: next });
      const refused = isItemFault(status);
      // 401, 404, 429, 5xx…: not this deflection's fault; it waits for the next flush.
      if ((status < 200 || status >= 300) && !refused) throw new HttpError(status, json);
      waiting = waiting.filter((entry) => entry !== next);
      if (refused) drop(next, 'refused');
      await save();
    }
  }

  /** Sends what waits; never rejects (failures are reported). Concurrent calls share one run. */
  const flush = (): Promise<void> =>
    (sending ??= send().then(
      () => void (sending = undefined),
      (error: unknown) => {
        sending = undefined;
        report(asClientError(error));
      },
    ));

  return {
    flush,
    /** Reads the stored list at start; a damaged one is forgotten. */
    async load(): Promise<void> {
      const stored = parseStored(await storage.get(KEYS.deflections));
      waiting = Array.isArray(stored) ? stored.filter(isDeflection) : [];
    },
    /** Stores a deflection (dropping the oldest beyond the bound) and starts sending. */
    async add({ articleId, category }: Deflection): Promise<void> {
      const deflection = category === undefined ? { articleId } : { articleId, category };
      if (!isDeflection(deflection)) {
        throw new ClientError('invalid_deflection', 'Invalid deflection: articleId 1–64 characters, category ≤ 64', { articleId, category });
      }
      waiting = [...waiting, deflection];
      while (waiting.length > DEFLECTIONS_MAX) drop(waiting.shift()!, 'overflow');
      // Unsaved, it is still sent while the app runs: a storage failure is only reported.
      await save().catch((error: unknown) => report(asClientError(error)));
      void flush();
    },
  };
}

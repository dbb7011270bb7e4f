import type { RejectionReason, SubmissionInput } from '@fankui/core';
import type { FileAdapter } from '../adapters/types';
import { backoffDelay, parseRetryAfter, type RetryPolicy } from '../backoff';
import { ClientError, HttpError, InvalidResponseError, StorageFullError } from '../errors';
import type { ClientEvents } from '../events';
import { isAcknowledgement, isBatchResults, isCreated } from '../guards';
import { utf8Length } from '../ids';
import { isOk, type TransportResponse } from '../transport/types';
import { toWire, withoutFile, type QueuedItem } from './item';
import type { QueueStore } from './store';

/** The queue's limits, after `createClient` filled in the defaults. */
export interface QueueSettings {
  /** Bytes of queued submissions kept at most; the oldest are dropped first. Default 5 MB. */
  maxBytes: number;
  /** Age after which a queued submission is dropped. Default 7 days. */
  maxAgeMs: number;
  retry: RetryPolicy;
  /** Items per request. Default and maximum `LIMITS.batchMaxItems` (50). */
  batchMaxItems: number;
  /** Bytes per request body. Default and maximum `LIMITS.batchMaxBytes`. */
  batchMaxBytes: number;
}

/** What one flush did. */
export interface FlushSummary {
  /** Acknowledged (`accepted` or `duplicate`) and removed. */
  sent: number;
  /** Rejected by the server and removed. */
  rejected: number;
  /** Dropped for age or budget. */
  dropped: number;
  /** Still queued. */
  pending: number;
  /** When the next automatic attempt is due (ms since epoch), when one is scheduled. */
  retryAt: number | null;
  /** Why the flush stopped early, when it did. */
  error?: ClientError;
}

/** What the queue needs from the client around it. */
export interface QueueDeps {
  store: QueueStore;
  settings: QueueSettings;
  files: FileAdapter | undefined;
  emit: <K extends keyof ClientEvents>(type: K, payload: ClientEvents[K]) => void;
  online: () => boolean;
  sendBatch: (submissions: SubmissionInput[]) => Promise<TransportResponse>;
  upload: (fileId: string) => Promise<TransportResponse>;
  /**
   * Called once per batch with the items the server holds, before they leave storage (the
   * local ticket cache: one write per batch, whatever its size).
   */
  delivered: (delivered: Delivered[]) => Promise<void>;
}

/** An item the server holds: its ticket and, for a first `accepted`, its acknowledgement. */
export interface Delivered {
  item: QueuedItem;
  ticketId: string;
  ack: unknown;
}

/** An item the server settled for good: delivered (`ticketId`) or rejected (`reason`). */
type Settled = { item: QueuedItem; ticketId?: string; ack?: unknown; reason?: RejectionReason };

/** Why a flush stopped: the error, and the server's `Retry-After` when it gave one. */
type Stop = [error: ClientError, retryAfterMs?: number];

interface Prepared {
  item: QueuedItem;
  wire: SubmissionInput;
}

// 401 (credentials) and 404/405 (a wrong endpoint) cannot be caused by one item: rejecting
// items for them would silently lose everything a misconfiguration touches.
const NOT_ITEM_FAULTS = [401, 404, 405, 408, 425, 429];

/** A 4xx that one of the items in the request caused: find it by splitting, then reject it. */
export const isItemFault = (status: number) => status >= 400 && status < 500 && !NOT_ITEM_FAULTS.includes(status);

const serverFailure = (response: TransportResponse): Stop => [
  new HttpError(response.status, response.json),
  parseRetryAfter(response.headers('retry-after'), Date.now()),
];

/** A flush that sent nothing: what a closed queue (or a client that could not start) answers. */
export const idleSummary = (pending: number): FlushSummary => ({ sent: 0, rejected: 0, dropped: 0, pending, retryAt: null });

export const asClientError = (error: unknown) => (error instanceof ClientError ? error : new ClientError('storage_error', String(error)));

export type Queue = ReturnType<typeof createQueue>;

/**
 * The offline queue: keeps the six promises of the design. Items leave storage only
 * when the server acknowledged or rejected them; one flush runs at a time; failures back
 * off exponentially with full jitter and honour `Retry-After`.
 */
export function createQueue({ store, settings, files, emit, online, sendBatch, upload, delivered: deliveredTo }: QueueDeps) {
  let running: Promise<FlushSummary> | undefined;
  let again = false;
  let attempt = 0;
  let notBefore = 0;
  let retryAt: number | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  // Eviction must not drop what is being uploaded or sent: it may already be at the server.
  const inFlight = new Set<string>();
  let summary = idleSummary(0);

  const removeFiles = (item: QueuedItem) => Promise.all(Object.keys(item.files).map((fileId) => files && files.remove(fileId).catch(() => undefined)));

  /** Removes items unsent, with one `dropped` event each (one index write for all). */
  async function drop(ids: string[], reason: ClientEvents['dropped']['reason']): Promise<void> {
    const items: QueuedItem[] = [];
    for (const id of ids) {
      const item = await store.read(id).catch(() => undefined);
      if (item) items.push(item);
    }
    await store.remove(ids.filter(store.has));
    for (const id of ids) emit('dropped', { localId: id, reason });
    await Promise.all(items.map(removeFiles));
  }

  /** Drops the oldest item not being sent; false when there is none. */
  async function dropOldest(reason: 'budget' | 'storage_full'): Promise<boolean> {
    const victim = store.entries().find((entry) => !inFlight.has(entry.id));
    if (victim) await drop([victim.id], reason);
    return !!victim;
  }

  /**
   * Takes settled items out of the queue, a whole batch at a time: the ticket cache learns
   * the delivered ones (one write), the items' keys go, then the index (one write). A crash
   * in between only ever leaves an item queued that the server already holds: resent, it
   * comes back `duplicate` with the same ticket.
   */
  async function settle(settled: Settled[]): Promise<void> {
    const delivered = settled.filter((entry): entry is Delivered => !!entry.ticketId);
    // The local ticket cache is a convenience: failing to write it must not cause a resend.
    if (delivered.length > 0) await deliveredTo(delivered).catch((error) => emit('error', { error: asClientError(error) }));
    await store.remove(settled.map(({ item }) => item.submission.id));
    for (const { item, ticketId, ack, reason } of settled) {
      const localId = item.submission.id;
      if (ticketId) {
        summary.sent++;
        const sent: ClientEvents['sent'] = { localId, ticketId };
        if (isAcknowledgement(ack)) sent.ack = { message: ack.message, priority: ack.priority };
        emit('sent', sent);
      } else {
        summary.rejected++;
        emit('rejected', { localId, reason: reason! });
      }
    }
    await Promise.all(settled.map(({ item }) => removeFiles(item)));
  }

  /** Uploads the item's files not yet uploaded, persisting each server id as it comes. */
  async function uploadFiles(item: QueuedItem): Promise<Stop | undefined> {
    for (const [fileId, serverId] of Object.entries(item.files)) {
      if (serverId) continue;
      let refusal: ClientError | undefined;
      try {
        const response = await upload(fileId);
        const created = response.json;
        if (isOk(response.status)) {
          if (!isCreated(created)) return [new InvalidResponseError('AttachmentCreated')];
          item.files[fileId] = created.id;
        } else if (isItemFault(response.status)) {
          refusal = new ClientError('attachment_refused', `${fileId} refused`, { localId: item.submission.id, fileId, status: response.status });
        } else return serverFailure(response);
      } catch (error) {
        if ((error as ClientError).code !== 'attachment_missing') return [asClientError(error)];
        refusal = error as ClientError;
      }
      if (refusal) {
        // The words matter more than one picture: the submission goes without it.
        withoutFile(item, fileId);
        emit('error', { error: refusal });
        if (files) files.remove(fileId).catch(() => undefined);
      }
      await store.put(item, 0);
    }
    return undefined;
  }

  async function send(batch: Prepared[]): Promise<Stop | undefined> {
    const response = await sendBatch(batch.map(({ wire }) => wire));
    if (closed) return undefined;
    if (isOk(response.status)) {
      if (!isBatchResults(response.json, batch.map(({ item }) => item.submission.id))) return [new InvalidResponseError('SubmissionBatchResponse')];
      await settle(
        response.json.results.map((result, index) => {
          const { item } = batch[index]!;
          return result.status === 'rejected' ? { item, reason: result.reason } : { item, ticketId: result.ticketId, ack: result.status === 'accepted' && result.ack };
        }),
      );
    } else if (!isItemFault(response.status)) {
      return serverFailure(response);
    } else if (batch.length === 1) {
      const { message, details } = new HttpError(response.status, response.json);
      await settle([{ item: batch[0]!.item, reason: { code: 'invalid_submission', message, details } }]);
    } else {
      // A request-level 4xx: some item is bad. Halve until each bad one stands alone.
      const half = Math.ceil(batch.length / 2);
      return (await send(batch.slice(0, half))) || (await send(batch.slice(half)));
    }
    return undefined;
  }

  async function drain(): Promise<Stop | undefined> {
    const ids = store.entries().map((entry) => entry.id);
    let next = 0;
    while (next < ids.length && !closed) {
      const batch: Prepared[] = [];
      let bytes = 20; // {"submissions":[…]}
      for (; next < ids.length && batch.length < settings.batchMaxItems; next++) {
        const id = ids[next]!;
        const item = store.has(id) ? await store.read(id) : undefined;
        if (!item) continue;
        inFlight.add(id);
        const stop = await uploadFiles(item);
        if (stop) return stop;
        const wire = toWire(item);
        const size = utf8Length(JSON.stringify(wire)) + 1;
        if (batch.length > 0 && bytes + size > settings.batchMaxBytes) break;
        batch.push({ item, wire });
        bytes += size;
      }
      const stop = batch.length > 0 ? await send(batch) : undefined;
      if (stop) return stop;
    }
    return undefined;
  }

  function schedule([error, retryAfterMs]: Stop): void {
    const delay = retryAfterMs === undefined ? backoffDelay(attempt, settings.retry) : Math.max(retryAfterMs, settings.retry.startMs);
    attempt++;
    if (retryAfterMs !== undefined) notBefore = Date.now() + retryAfterMs;
    retryAt = Date.now() + delay;
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), delay);
    // Node: a pending retry must not keep a script alive (mini-programs return a number).
    const nodeTimer = timer as { unref?: () => void };
    if (nodeTimer.unref) nodeTimer.unref();
    summary.error = error;
    emit('error', { error });
  }

  async function run(): Promise<FlushSummary> {
    summary = idleSummary(0);
    let stop: Stop | undefined;
    // A flush asked for during this run (a submit, the network back) gets a pass of its own.
    do {
      again = false;
      try {
        const oldest = Date.now() - settings.maxAgeMs;
        const expired = store.entries().filter((entry) => entry.at < oldest).map((entry) => entry.id);
        if (expired.length > 0) await drop(expired, 'expired');
        summary.dropped += expired.length;
        if (online() && Date.now() >= notBefore) {
          stop = await drain();
          if (!stop) {
            attempt = 0;
            retryAt = null;
            clearTimeout(timer);
          }
        }
      } catch (error) {
        stop = [asClientError(error)];
      }
      inFlight.clear();
      // An upload's server id rewrote an item whose batch did not go: keep the index's sizes right.
      if (!closed) await store.saveIndex().catch(() => undefined);
    } while (!stop && again && !closed);
    // In the same synchronous step as the last look at `again`: no flush asked for is lost.
    running = undefined;
    if (stop && !closed) schedule(stop);
    const pending = store.entries().length;
    emit('status', { online: online(), pending });
    return Object.assign({}, summary, { pending, retryAt });
  }

  /**
   * Sends what is queued, oldest first, in batches. Concurrent calls share one run; items
   * queued during a run are sent by it too.
   */
  function flush(): Promise<FlushSummary> {
    if (closed) return Promise.resolve(idleSummary(store.entries().length));
    if (running) {
      again = true;
      return running;
    }
    // run() clears `running` itself, so it starts on the next microtask, once `running` is set.
    return (running = Promise.resolve().then(run));
  }

  return {
    flush,
    /** Stores an item durably, making room within the byte budget (oldest first). */
    async add(item: QueuedItem, at: number): Promise<void> {
      const bytes = utf8Length(JSON.stringify(item));
      if (bytes > settings.maxBytes) throw new StorageFullError('Over queue.maxBytes', { bytes });
      while (store.bytes() + bytes > settings.maxBytes && (await dropOldest('budget')));
      for (;;) {
        try {
          return await store.put(item, at);
        } catch (error) {
          if (!(error instanceof StorageFullError) || !(await dropOldest('storage_full'))) throw error;
        }
      }
    },
    /** Drops every queued item unsent (`dropped`, reason `erased`): after an erasure they would create data again. */
    discard: () => drop(store.entries().map((entry) => entry.id), 'erased'),
    /** Stops timers; later flushes do nothing. */
    close(): void {
      closed = true;
      clearTimeout(timer);
    },
  };
}

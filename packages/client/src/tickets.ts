import type { TicketDetail, TicketSummary, TimelineEvent } from '@fankui/core';
import type { StorageAdapter } from './adapters/types';
import { HttpError, type ClientError } from './errors';
import { isAcknowledgement, isObject, isTicketDetail, isTicketList, isTicketSummary } from './guards';
import type { Http } from './http';
import type { QueuedItem } from './queue/item';
import type { Delivered } from './queue/queue';
import { createSerial } from './promises';
import { corrupt, idsUnder, KEYS, parseStored, readList } from './storage-keys';

/** A row of "我的反馈": a server ticket, or a submission still waiting in the queue (`pending`, `id` = its local id). */
export interface TicketRow extends TicketSummary {
  pending: boolean;
}

/** One page of "我的反馈". */
export interface TicketPage {
  /** Newest first; pending submissions lead the first page. */
  items: TicketRow[];
  nextCursor: string | null;
  /** True when the server could not be reached and the rows come from the local cache. */
  stale: boolean;
}

/** One ticket as `tickets.get` answers it: from the server, or offline from the local cache. */
export type TicketView = TicketDetail & {
  /**
   * True when the server could not be reached and the detail comes from the local cache
   * (as `TicketPage.stale`). Always set by this client; optional so a plain `TicketDetail`
   * still fits (test doubles).
   */
  stale?: boolean;
};

/** Ticket details kept for offline viewing: the ones most recently opened. */
export const CACHED_DETAILS_MAX = 20;

/** The reporter's side of a ticket: read it, add to it, rate it, reopen it. */
export interface Tickets {
  /**
   * The reporter's tickets merged with pending submissions. Offline it answers from the
   * cache of the last first page (plus tickets acknowledged since), with `stale: true`.
   *
   * @example
   * const { items } = await client.tickets.list();
   * items.map((row) => (row.pending ? '待发送' : row.status));
   */
  list(query?: { cursor?: string; limit?: number }): Promise<TicketPage>;
  /**
   * One ticket with its timeline (opening it marks operator replies read: the cached row of
   * "我的反馈" shows `unread: 0` at once). The detail is cached, for the
   * {@link CACHED_DETAILS_MAX} most recently opened tickets; when the server cannot be
   * reached (network, timeout, 5xx, 408, 429) the cached one is answered with
   * `stale: true`. Rejects with `HttpError` for other 4xx (404 for another reporter's
   * ticket), and with the `NetworkError` / `TimeoutError` when nothing is cached.
   *
   * @example
   * const ticket = await client.tickets.get(row.id);
   * if (ticket.stale) showNotice('离线：显示的是上次查看时的内容');
   */
  get(id: string): Promise<TicketView>;
  /**
   * Adds information; `attachments` may hold local ids from `attachments.add`, uploaded first.
   *
   * @example await client.tickets.addMessage(id, { body: '补充：订单号 20261123001' });
   */
  addMessage(id: string, message: { body: string; attachments?: string[] }): Promise<TimelineEvent>;
  /**
   * Rates a resolved ticket (1–5), once per resolution.
   *
   * @example await client.tickets.rate(id, { score: 5, comment: '处理很及时' });
   */
  rate(id: string, rating: { score: number; comment?: string }): Promise<TicketDetail>;
  /**
   * "问题未解决": reopens a resolved ticket.
   *
   * @example await client.tickets.reopen(id, { reason: '还是无法支付' });
   */
  reopen(id: string, request: { reason: string }): Promise<TicketDetail>;
}

/** A ticket row for a queued or just-acknowledged submission, before the server lists it. */
export function rowOf(item: QueuedItem, overrides: Partial<TicketRow>): TicketRow {
  const { id, answers, createdAt } = item.submission as { id: string; answers: Record<string, unknown>; createdAt: string };
  return Object.assign(
    {
    id,
    clientId: id,
    status: 'submitted',
    priority: item.priority,
    category: typeof answers.category === 'string' ? answers.category : null,
    summary: answers.description == null ? '' : String(answers.description).slice(0, 100),
    createdAt,
    updatedAt: createdAt,
    firstResponseDueAt: item.dueAt,
    unread: 0,
    canRate: false,
    canReopen: false,
    pending: true,
    },
    overrides,
  );
}

const newestFirst = (a: TicketSummary, b: TicketSummary) => (a.createdAt < b.createdAt ? 1 : -1);

/** Offline, timed out, server trouble: answer from the cache. Any other 4xx is the caller's to see. */
const unreachable = (error: unknown) => !(error instanceof HttpError && error.status < 500 && ![408, 429].includes(error.status));

export function createTickets(
  http: Http,
  storage: StorageAdapter,
  pendingRows: () => Promise<TicketRow[]>,
  uploadAll: (ids: string[]) => Promise<string[]>,
  report: (error: ClientError) => void,
) {
  // The first page of "我的反馈" (and what was acknowledged since), for offline viewing.
  const writeCache = (items: TicketSummary[]) =>
    storage.set(KEYS.tickets, JSON.stringify({ items: items.slice(0, 100).map((ticket) => Object.assign({}, ticket, { pending: undefined })) }));
  const detailKey = (id: string) => KEYS.detailPrefix + id;
  /** A cached detail; a damaged one is reported and removed (its row in the list cache stays). */
  const readDetail = async (id: string) => {
    const raw = await storage.get(detailKey(id)).catch(() => null);
    const detail = parseStored(raw);
    if (isTicketDetail(detail) && detail.id === id) return detail;
    if (raw !== null) {
      report(corrupt(detailKey(id)));
      await storage.remove(detailKey(id)).catch(() => undefined);
    }
    return undefined;
  };
  const cachedDetailIds = () => idsUnder(storage, KEYS.detailPrefix);
  /**
   * The cached list. A damaged one (a torn write) is rebuilt from what remains, the rows
   * that still parse and the cached details, written back, and reported.
   */
  const readCache = async (): Promise<TicketSummary[]> => {
    const [rows, damaged] = readList(await storage.get(KEYS.tickets).catch(() => null), isTicketSummary, 'items');
    if (!damaged) return rows;
    // A detail is a row and more; the extra fields go with the next list fetched online.
    for (const id of await cachedDetailIds()) {
      const detail = rows.some((row) => row.id === id) ? undefined : await readDetail(id);
      if (detail) rows.push(detail);
    }
    rows.sort(newestFirst);
    report(corrupt(KEYS.tickets, rows.length));
    await writeCache(rows).catch(() => undefined);
    return rows;
  };
  /** Ticket ids whose details are cached, most recently opened first; a damaged list is rebuilt from the detail keys. */
  const readDetailIds = async (): Promise<string[]> => {
    const [ids, damaged] = readList(await storage.get(KEYS.details), (id): id is string => typeof id === 'string');
    if (damaged) {
      for (const id of await cachedDetailIds()) if (!ids.includes(id)) ids.push(id);
      report(corrupt(KEYS.details, ids.length));
    }
    return ids;
  };
  // Cache updates read, change and write shared keys: one at a time, or one would undo another.
  const serially = createSerial();
  /** Caches a detail fresh from the server (evicting the least recently opened) and refreshes its row in the list cache. */
  const keep = <T extends TicketDetail>(detail: T): Promise<T> =>
    serially(async () => {
      const others = (await readDetailIds()).filter((id) => id !== detail.id);
      await storage.set(detailKey(detail.id), JSON.stringify(detail));
      await storage.set(KEYS.details, JSON.stringify([detail.id, ...others.slice(0, CACHED_DETAILS_MAX - 1)]));
      for (const id of others.slice(CACHED_DETAILS_MAX - 1)) await storage.remove(detailKey(id));
      const rows = await readCache();
      const row = rows.find((ticket) => ticket.id === detail.id) as Record<string, unknown> | undefined;
      if (!row) return;
      for (const field in row) if (field in detail) row[field] = (detail as Record<string, unknown>)[field];
      await writeCache(rows);
    }).then(
      () => detail,
      () => detail, // the cache is a convenience: failing to write it never fails the call
    );
  // The ETag and answer of the last full read of each path: a poll that changed nothing gets
  // a 304 without a body, and writes no cache. Memory only: a restart reads in full once.
  const seen: Record<string, [tag: string, value: unknown]> = {};
  const read = async <T>(path: string, guard: (value: unknown) => value is T): Promise<[value: T, fresh: boolean]> => {
    const last = seen[path];
    const response = await http.send('GET', path, last && { headers: { 'if-none-match': last[0] } });
    if (last && response.status === 304) return [last[1] as T, false];
    const value = http.read(response, guard, 'answer');
    const tag = response.headers('etag');
    if (tag) seen[path] = [tag, value];
    return [value, true];
  };
  // The reporter's actions on a ticket (reads go through `read`).
  const call = async <T>(id: string, rest: string, guard: (value: unknown) => value is T, json?: unknown) =>
    http.read(await http.send('POST', `/v1/tickets/${encodeURIComponent(id)}${rest}`, { json }), guard, 'answer');

  const tickets: Tickets = {
    async list({ cursor, limit } = {}) {
      let items: TicketSummary[];
      let nextCursor: string | null = null;
      let stale = false;
      try {
        const search = `?limit=${limit == null ? 20 : limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const [page, fresh] = await read(`/v1/tickets${search}`, isTicketList);
        ({ items, nextCursor } = page);
        if (!cursor && fresh) await writeCache(items).catch(() => undefined);
      } catch (error) {
        if (!unreachable(error)) throw error;
        items = cursor ? [] : await serially(readCache);
        stale = true;
      }
      const rows = items.map((ticket) => Object.assign({}, ticket, { pending: false }));
      if (cursor) return { items: rows, nextCursor, stale };
      // A submission whose answer was lost is both queued and listed: show the server's row.
      const pending = (await pendingRows()).filter((row) => !items.some((ticket) => ticket.clientId === row.id));
      return { items: [...pending, ...rows].sort(newestFirst), nextCursor, stale };
    },
    async get(id) {
      try {
        const [detail, fresh] = await read(`/v1/tickets/${encodeURIComponent(id)}`, isTicketDetail);
        return Object.assign({}, fresh ? await keep(detail) : detail, { stale: false });
      } catch (error) {
        const cached = unreachable(error) ? await readDetail(id) : undefined;
        if (!cached) throw error;
        return Object.assign({}, cached, { stale: true });
      }
    },
    addMessage: async (id, { body, attachments = [] }) =>
      call(id, '/messages', (value): value is TimelineEvent => isObject(value) && typeof value.type === 'string', {
        body,
        attachments: await uploadAll(attachments),
      }),
    rate: async (id, rating) => keep(await call(id, '/rating', isTicketDetail, rating)),
    reopen: async (id, request) => keep(await call(id, '/reopen', isTicketDetail, request)),
  };

  return {
    tickets,
    /**
     * Puts just-acknowledged submissions into the cache, so "我的反馈" shows them at once, even
     * offline: one read and one write for a whole batch.
     */
    remember: (delivered: Delivered[]): Promise<void> =>
      serially(async () => {
        const cached = await readCache();
        const rows = delivered
          .filter(({ ticketId }) => !cached.some((ticket) => ticket.id === ticketId))
          .map(({ item, ticketId, ack }) => {
            const row = rowOf(item, { id: ticketId, pending: false });
            if (isAcknowledgement(ack)) Object.assign(row, { status: 'acknowledged', priority: ack.priority, firstResponseDueAt: ack.firstResponseDueAt });
            return row;
          });
        if (rows.length > 0) await writeCache([...rows, ...cached].sort(newestFirst));
      }),
  };
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answer } from '../tests/support/fake-backend';
import { ANSWERS, setup } from '../tests/support/setup';
import { memoryStorage } from './adapters/memory';
import { HttpError, InvalidResponseError, NetworkError, StorageFullError } from './errors';
import { KEYS } from './storage-keys';
import { CACHED_DETAILS_MAX } from './tickets';

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00.000Z') }));
afterEach(() => vi.useRealTimers());

const detail = { id: 'tk_1', clientId: 'c', status: 'resolved', priority: 'high', category: 'payment', summary: 's', createdAt: 'x', updatedAt: 'x', firstResponseDueAt: 'x', unread: 0, canRate: true, canReopen: true, answers: {}, attachments: [], resolvedAt: null, rating: null, timeline: [] };

describe('tickets.list', () => {
  it('merges pending submissions (marked pending) with the server’s tickets, newest first', async () => {
    const { client, network } = setup({ online: true });
    const sent = await client.submit({ ...ANSWERS, description: '已发送的问题' });
    await client.flush();
    network.set({ online: false });
    vi.advanceTimersByTime(60_000);
    const queued = await client.submit({ ...ANSWERS, description: '还没发出去的问题' });
    const page = await client.tickets.list();
    const rows = page.items.map((row) => ({ id: row.id, pending: row.pending }));
    expect(rows[0]).toEqual({ id: queued.localId, pending: true });
    expect(page.items.some((row) => row.clientId === sent.localId && !row.pending)).toBe(true);
    expect(page.stale).toBe(false);
  });

  it('answers from the cache when offline, including what was acknowledged since, with stale: true', async () => {
    const { client, backend } = setup();
    const first = await client.submit({ ...ANSWERS, description: '第一个问题' });
    await client.flush();
    await client.tickets.list(); // caches the first page
    vi.advanceTimersByTime(1_000);
    const second = await client.submit({ ...ANSWERS, description: '第二个问题' });
    await client.flush(); // acknowledged: remembered in the cache at once
    backend.breakDown();
    vi.advanceTimersByTime(1_000);
    const third = await client.submit({ ...ANSWERS, description: '第三个问题' });
    const page = await client.tickets.list();
    expect(page.stale).toBe(true);
    expect(page.items.map((row) => [row.clientId, row.pending])).toEqual([
      [third.localId, true],
      [second.localId, false],
      [first.localId, false],
    ]);
    expect(page.items[1]).toMatchObject({ status: 'acknowledged', summary: '第二个问题', priority: 'medium' });
  });

  it('shows a submission whose answer was lost once, as the server’s ticket', async () => {
    const { client, backend } = setup();
    await client.ready();
    backend.next('lose');
    const { localId } = await client.submit(ANSWERS);
    await client.flush();
    const page = await client.tickets.list();
    expect(page.items.filter((row) => row.clientId === localId)).toHaveLength(1);
    expect(page.items[0]!.pending).toBe(false);
  });

  it('passes a 4xx on to the caller', async () => {
    const { client, backend } = setup();
    await client.ready();
    backend.next(answer(401, { error: { code: 'unauthorized', message: 'bad token' } }));
    const error = await client.tickets.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 401, serverCode: 'unauthorized', message: 'bad token' });
  });

  it('ignores a damaged cache', async () => {
    const { client, backend, data } = setup();
    await client.ready();
    data.set(KEYS.tickets, '{"items": [{"id": 1}, null, "x"]');
    backend.breakDown();
    expect((await client.tickets.list()).items).toEqual([]);
  });
});

describe('tickets actions', () => {
  it('gets a ticket, adds a message (uploading its images first), rates and reopens', async () => {
    const { client, backend } = setup();
    await client.ready();
    backend.next(answer(200, detail));
    expect(await client.tickets.get('tk_1')).toEqual({ ...detail, stale: false });
    const shot = await client.attachments.add(new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }));
    backend.next('pass', answer(201, { id: 'ev_1', type: 'message', at: 'x', actor: { type: 'reporter' }, body: '补充', attachments: ['at_1'] }));
    const event = await client.tickets.addMessage('tk_1', { body: '补充', attachments: [shot.id] });
    expect(event.type).toBe('message');
    backend.next(answer(200, { ...detail, canRate: false, rating: { score: 5, at: 'x' } }), answer(200, { ...detail, status: 'reopened' }));
    await client.tickets.rate('tk_1', { score: 5, comment: '很好' });
    await client.tickets.reopen('tk_1', { reason: '还是不行' });
    expect(backend.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/tickets/tk_1',
      'POST /v1/attachments',
      'POST /v1/tickets/tk_1/messages',
      'POST /v1/tickets/tk_1/rating',
      'POST /v1/tickets/tk_1/reopen',
    ]);
    expect(backend.requests.map((request) => request.json).slice(2)).toEqual([
      { body: '补充', attachments: ['at_1'] },
      { score: 5, comment: '很好' },
      { reason: '还是不行' },
    ]);
  });

  it('rejects with typed errors: network, HTTP, malformed answer', async () => {
    const { client, backend } = setup();
    await client.ready();
    backend.next('network', answer(404, { error: { code: 'not_found', message: 'no such ticket' } }), answer(200, { id: 'tk_1' }));
    await expect(client.tickets.get('tk_1')).rejects.toBeInstanceOf(NetworkError);
    await expect(client.tickets.get('tk_1')).rejects.toMatchObject({ status: 404, serverCode: 'not_found' });
    await expect(client.tickets.get('tk_1')).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

describe('tickets.get offline', () => {
  const cachedIds = (data: Map<string, string>) => [...data.keys()].filter((key) => key.startsWith(KEYS.detailPrefix)).map((key) => key.slice(KEYS.detailPrefix.length));

  it('answers from the cache when the server cannot be reached (network, timeout, 5xx), with stale: true', async () => {
    const { client, backend } = setup();
    await client.ready();
    backend.next(answer(200, detail));
    expect(await client.tickets.get('tk_1')).toMatchObject({ stale: false });
    backend.next('network', 'timeout', answer(503, { error: { code: 'unavailable', message: 'later' } }));
    for (let attempt = 0; attempt < 3; attempt++) expect(await client.tickets.get('tk_1')).toEqual({ ...detail, stale: true });
  });

  it('still rejects for a 4xx, and for a ticket it never cached', async () => {
    const { client, backend } = setup();
    await client.ready();
    backend.next(answer(200, detail), answer(404, { error: { code: 'not_found', message: 'no such ticket' } }), 'network');
    await client.tickets.get('tk_1');
    await expect(client.tickets.get('tk_1')).rejects.toMatchObject({ status: 404 });
    await expect(client.tickets.get('tk_2')).rejects.toBeInstanceOf(NetworkError);
  });

  it(`keeps the ${CACHED_DETAILS_MAX} most recently opened, evicting the least recently opened`, async () => {
    const { client, backend, data } = setup();
    await client.ready();
    const open = async (id: string) => {
      backend.next(answer(200, { ...detail, id }));
      await client.tickets.get(id);
    };
    for (let index = 0; index < CACHED_DETAILS_MAX; index++) await open(`tk_${index}`);
    await open('tk_0'); // opened again: now the most recent
    await open('tk_new');
    expect(cachedIds(data)).toHaveLength(CACHED_DETAILS_MAX);
    expect(cachedIds(data)).not.toContain('tk_1');
    expect(JSON.parse(data.get(KEYS.details)!).slice(0, 2)).toEqual(['tk_new', 'tk_0']);
    backend.breakDown();
    expect(await client.tickets.get('tk_0')).toMatchObject({ id: 'tk_0', stale: true });
    await expect(client.tickets.get('tk_1')).rejects.toBeInstanceOf(NetworkError);
  });

  it('updates the list cache from an opened detail: its replies are read', async () => {
    const { client, backend, data } = setup();
    await client.ready();
    const { answers: _answers, attachments: _attachments, resolvedAt: _resolvedAt, rating: _rating, timeline: _timeline, ...summary } = detail;
    data.set(KEYS.tickets, JSON.stringify({ items: [{ ...summary, status: 'in_progress', unread: 2, canRate: false }] }));
    backend.next(answer(200, detail)); // the server marks replies read as it answers
    await client.tickets.get('tk_1');
    backend.breakDown();
    const page = await client.tickets.list();
    expect(page.stale).toBe(true);
    expect(page.items).toEqual([{ ...summary, pending: false }]);
  });

  it('refreshes the cached detail with what rate and reopen answer', async () => {
    const { client, backend } = setup();
    await client.ready();
    backend.next(answer(200, detail), answer(200, { ...detail, canRate: false, rating: { score: 5, at: 'x' } }));
    await client.tickets.get('tk_1');
    await client.tickets.rate('tk_1', { score: 5 });
    backend.next(answer(200, { ...detail, status: 'reopened', canReopen: false }));
    await client.tickets.reopen('tk_1', { reason: '还是不行' });
    backend.breakDown();
    expect(await client.tickets.get('tk_1')).toMatchObject({ status: 'reopened', stale: true });
  });

  it('ignores a damaged cached detail, and one stored under another id', async () => {
    const { client, backend, data } = setup();
    await client.ready();
    data.set(`${KEYS.detailPrefix}tk_1`, '{"id": "tk_1", "timeline": [');
    data.set(`${KEYS.detailPrefix}tk_2`, JSON.stringify(detail));
    backend.breakDown();
    await expect(client.tickets.get('tk_1')).rejects.toBeInstanceOf(NetworkError);
    await expect(client.tickets.get('tk_2')).rejects.toBeInstanceOf(NetworkError);
  });

  it('a failing cache never fails the call', async () => {
    const data = new Map<string, string>();
    const storage = memoryStorage({ data });
    const full = { ...storage, set: (key: string, value: string) => (key.startsWith(KEYS.detailPrefix) ? Promise.reject(new StorageFullError()) : storage.set(key, value)) };
    const { client, backend } = setup({ data, storage: full });
    await client.ready();
    backend.next(answer(200, detail));
    expect(await client.tickets.get('tk_1')).toEqual({ ...detail, stale: false });
    expect(cachedIds(data)).toEqual([]);
  });
});

describe('tickets polling with ETags', () => {
  it('asks again with the last ETag and answers a 304 from what it read, writing no cache', async () => {
    const { client, backend, data } = setup({ online: true });
    await client.ready();
    backend.next(answer(200, detail, { etag: '"v1"' }));
    expect(await client.tickets.get('tk_1')).toEqual({ ...detail, stale: false });
    expect(backend.sent('/v1/tickets/tk_1')[0]!.headers['if-none-match']).toBeUndefined();

    const writes = vi.spyOn(data, 'set');
    backend.next(answer(304, undefined, { etag: '"v1"' }));
    expect(await client.tickets.get('tk_1')).toEqual({ ...detail, stale: false });
    expect(backend.sent('/v1/tickets/tk_1')[1]!.headers['if-none-match']).toBe('"v1"');
    expect(writes).not.toHaveBeenCalled();

    // Something changed: the new body, and its tag next time.
    const replied = { ...detail, unread: 1, updatedAt: 'y' };
    backend.next(answer(200, replied, { etag: '"v2"' }));
    expect(await client.tickets.get('tk_1')).toEqual({ ...replied, stale: false });
    backend.next(answer(304));
    expect(await client.tickets.get('tk_1')).toEqual({ ...replied, stale: false });
    expect(backend.sent('/v1/tickets/tk_1')[3]!.headers['if-none-match']).toBe('"v2"');
  });

  it('revalidates the list page by page', async () => {
    const { client, backend } = setup({ online: true });
    await client.ready();
    const summary = { ...detail, answers: undefined, attachments: undefined, resolvedAt: undefined, rating: undefined, timeline: undefined };
    const page = { items: [summary], nextCursor: 'c2' };
    backend.next(answer(200, page, { etag: '"p1"' }));
    const first = await client.tickets.list();
    backend.next(answer(304));
    expect(await client.tickets.list()).toEqual(first);
    expect(first).toMatchObject({ nextCursor: 'c2', stale: false, items: [{ id: 'tk_1', pending: false }] });
    expect(backend.sent('/v1/tickets').map((request) => request.headers['if-none-match'])).toEqual([undefined, '"p1"']);
  });
});

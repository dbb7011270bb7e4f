import { acknowledgementText, DEFAULT_FORM, LIMITS, validateAnswers } from '@fankui/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answer, createFakeBackend } from '../../tests/support/fake-backend';
import { ANSWERS, setup } from '../../tests/support/setup';
import { memoryStorage } from '../adapters/memory';
import { InvalidAnswersError, StorageFullError } from '../errors';
import { KEYS } from '../storage-keys';
import { secretCopy } from '../../tests/support/secret-copy';
import { dyingAfter, recording } from '../../tests/support/storage-faults';

const SUBMISSIONS = '/v1/submissions';
const ids = (backend: ReturnType<typeof createFakeBackend>) => backend.sent(SUBMISSIONS).flatMap((request) => (request.json as { submissions: { id: string }[] }).submissions.map((item) => item.id));

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00.000Z') });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('submit', () => {
  it('resolves once the submission is in storage, with the SLA promise of its triaged priority', async () => {
    const { client, data, of } = setup({ online: false });
    const receipt = await client.submit(ANSWERS);
    expect(receipt.status).toBe('queued');
    // 支付失败 is money: high priority, a 30-minute promise.
    expect(receipt.ack).toEqual({ message: acknowledgementText('high'), priority: 'high' });
    expect(receipt.localId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const stored = JSON.parse(data.get(`${KEYS.itemPrefix}${receipt.localId}`)!);
    expect(stored.submission).toMatchObject({
      id: receipt.localId,
      createdAt: '2026-11-23T08:00:00.000Z',
      form: { id: DEFAULT_FORM.id, version: DEFAULT_FORM.version },
      answers: ANSWERS,
      consent: { contact: false, context: false },
      attachments: [],
    });
    // Without the reporter's say-so no device fact leaves the device.
    expect(stored.submission.context).toEqual({ platform: 'node', sdkVersion: '0.1.0', locale: 'zh-CN' });
    expect(JSON.parse(data.get(KEYS.index)!)).toEqual([{ id: receipt.localId, bytes: expect.any(Number), at: Date.now() }]);
    expect(JSON.parse(data.get(KEYS.meta)!)).toEqual({ v: 1 });
    expect(of('queued')).toEqual([{ localId: receipt.localId, ack: receipt.ack }]);
    expect(client.status()).toEqual({ online: false, pending: 1 });
  });

  it('never rejects for network reasons', async () => {
    const { client, backend, of } = setup();
    backend.breakDown();
    const receipt = await client.submit(ANSWERS);
    const summary = await client.flush();
    expect(receipt.status).toBe('queued');
    expect(summary).toMatchObject({ sent: 0, pending: 1, error: { code: 'network_error' } });
    expect(of('error').at(-1)?.error.code).toBe('network_error');
  });

  it('rejects answers the validate hook refuses, storing nothing', async () => {
    const { client, data } = setup({ validate: validateAnswers, online: false });
    const error = await client.submit({ category: 'payment' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidAnswersError);
    expect((error as InvalidAnswersError).errors.map((item) => item.field)).toContain('description');
    expect([...data.keys()].some((key) => key.startsWith(KEYS.itemPrefix))).toBe(false);
    // Valid answers are cleaned by the hook (answers to hidden fields dropped).
    const receipt = await client.submit({ category: 'suggestion', description: '  建议增加夜间模式 ', amount: '12.50' });
    expect(JSON.parse(data.get(`${KEYS.itemPrefix}${receipt.localId}`)!).submission.answers).toEqual({ category: 'suggestion', description: '建议增加夜间模式' });
    expect(receipt.ack.priority).toBe('low');
  });

  it('keeps contact details only with consent and clips context facts to what the protocol takes', async () => {
    const { client, data } = setup({
      online: false,
      appVersion: 'x'.repeat(40),
      context: () => ({ pagePath: '/pages/order/detail', system: { brand: 'HUAWEI', memory: 8, debug: false, bad: { nested: 1 }, __proto__: 'x' } }),
    });
    const receipt = await client.submit(ANSWERS, { contact: { phone: '13800138000' }, consent: true, shareContext: true });
    const { submission } = JSON.parse(data.get(`${KEYS.itemPrefix}${receipt.localId}`)!);
    expect(submission.contact).toEqual({ phone: '13800138000' });
    expect(submission.consent).toEqual({ contact: true, context: true });
    expect(submission.context.appVersion).toHaveLength(32);
    expect(submission.context.pagePath).toBe('/pages/order/detail');
    expect(submission.context.system).toEqual({ brand: 'HUAWEI', memory: 8, debug: false });
  });

  it('sends device facts only when the reporter shares them: otherwise the context provider is not even asked', async () => {
    const context = vi.fn(() => ({ pagePath: '/pages/order/detail', system: { brand: 'HUAWEI' } }));
    const { client, data } = setup({ online: false, appVersion: '3.2.1', context });
    const read = async (options: { shareContext?: boolean }) => {
      const receipt = await client.submit(ANSWERS, options);
      return JSON.parse(data.get(`${KEYS.itemPrefix}${receipt.localId}`)!).submission;
    };
    const kept = await read({});
    expect(kept.context).toEqual({ platform: 'node', sdkVersion: '0.1.0', locale: 'zh-CN' });
    expect(kept.consent).toEqual({ contact: false, context: false });
    expect(context).not.toHaveBeenCalled();
    const shared = await read({ shareContext: true });
    expect(shared.context).toEqual({
      platform: 'node', sdkVersion: '0.1.0', appVersion: '3.2.1', pagePath: '/pages/order/detail', networkType: 'none', locale: 'zh-CN', system: { brand: 'HUAWEI' },
    });
    expect(shared.consent).toEqual({ contact: false, context: true });
  });

  it('still queues when the context provider throws', async () => {
    const { client } = setup({ online: false, context: () => Promise.reject(new Error('no device info')) });
    await expect(client.submit(ANSWERS, { shareContext: true })).resolves.toMatchObject({ status: 'queued' });
  });
});

describe('flush', () => {
  it('sends oldest first, in one batch, and removes what the server acknowledged', async () => {
    const { client, backend, network, data, of } = setup({ online: false });
    const receipts = [];
    for (let i = 0; i < 3; i++) {
      receipts.push(await client.submit({ ...ANSWERS, description: `第 ${i} 个问题：无法支付` }));
      vi.advanceTimersByTime(1000);
    }
    expect(backend.requests).toHaveLength(0);
    network.set({ online: true, type: 'wifi' });
    await client.flush();
    expect(backend.sent(SUBMISSIONS)).toHaveLength(1);
    expect(ids(backend)).toEqual(receipts.map((receipt) => receipt.localId));
    expect(of('sent').map((event) => event.localId)).toEqual(receipts.map((receipt) => receipt.localId));
    expect(of('sent')[0]).toMatchObject({ ticketId: 'tk_1', ack: { priority: 'medium', message: acknowledgementText('medium') } });
    expect([...data.keys()].filter((key) => key.startsWith(KEYS.itemPrefix))).toEqual([]);
    expect(client.status()).toEqual({ online: true, pending: 0 });
  });

  it('sends batches of at most 50 items', async () => {
    const { client, backend, network } = setup({ online: false });
    for (let i = 0; i < 120; i++) await client.submit(ANSWERS);
    network.set({ online: true });
    const summary = await client.flush();
    expect(backend.sent(SUBMISSIONS).map((request) => (request.json as { submissions: unknown[] }).submissions.length)).toEqual([50, 50, 20]);
    expect(summary).toMatchObject({ sent: 120, pending: 0 });
  });

  it('keeps each request under the byte cap', async () => {
    const { client, backend, network } = setup({ online: false, queue: { batchMaxBytes: 3_000 } });
    for (let i = 0; i < 10; i++) await client.submit({ ...ANSWERS, description: '很长的描述'.repeat(20) });
    network.set({ online: true });
    await client.flush();
    const sizes = backend.sent(SUBMISSIONS).map((request) => Buffer.byteLength(JSON.stringify(request.json)));
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(3_000);
    expect(backend.submissions.size).toBe(10);
  });

  it('runs one flush at a time: concurrent calls share one request', async () => {
    const { client, backend, network } = setup({ online: false });
    await client.submit(ANSWERS);
    await client.ready();
    network.set({ online: true }); // starts a flush
    const flushes = [client.flush(), client.flush(), client.flush(), client.flush()];
    const summaries = await Promise.all(flushes);
    expect(backend.sent(SUBMISSIONS)).toHaveLength(1);
    expect(summaries.every((summary) => summary === summaries[0])).toBe(true);
  });

  it('removes duplicates like acceptances: a resend after a lost answer is harmless', async () => {
    const { client, backend, of } = setup();
    await client.ready();
    backend.next('lose');
    const { localId } = await client.submit(ANSWERS);
    await client.flush();
    expect(client.status().pending).toBe(1);
    expect(backend.submissions.get(localId)?.copies).toBe(1);
    await client.flush();
    expect(of('sent')).toEqual([{ localId, ticketId: 'tk_1' }]);
    expect(backend.submissions.get(localId)!.copies).toBe(2);
    expect(backend.submissions.size).toBe(1);
    expect(client.status().pending).toBe(0);
  });

  it('removes a rejected item and says why', async () => {
    const { client, of } = setup({}, { rejectIf: (submission) => (submission.answers as { description: string }).description === 'INVALID' });
    const bad = await client.submit({ ...ANSWERS, description: 'INVALID' });
    const good = await client.submit(ANSWERS);
    await client.flush();
    expect(of('rejected')).toEqual([{ localId: bad.localId, reason: { code: 'invalid_answers', message: 'refused on purpose' } }]);
    expect(of('sent').map((event) => event.localId)).toEqual([good.localId]);
    expect(client.status().pending).toBe(0);
  });

  it.each([400, 413, 422])('splits a batch refused as a whole (%i) until the bad item stands alone, losing none of the good ones', async (status) => {
    const poison = (submission: { answers: unknown }) => (submission.answers as { description: string }).description === 'POISON';
    const { client, backend, network, of } = setup({ online: false }, { poisonIf: poison, poisonStatus: status });
    const receipts = [];
    for (let i = 0; i < 8; i++) receipts.push(await client.submit({ ...ANSWERS, description: i === 5 ? 'POISON' : `问题 ${i}` }));
    network.set({ online: true });
    const summary = await client.flush();
    expect(summary).toMatchObject({ sent: 7, rejected: 1, pending: 0 });
    expect(of('rejected')).toEqual([{ localId: receipts[5]!.localId, reason: { code: 'invalid_submission', message: 'poisoned', details: { status, serverCode: 'invalid_body' } } }]);
    expect(backend.submissions.size).toBe(7);
    // 8 → 4+4 → (2+2) → (1+1): a logarithmic number of requests, not one per item.
    expect(backend.sent(SUBMISSIONS).length).toBeLessThanOrEqual(1 + 2 + 2 + 2);
  });

  it.each([
    ['a network error', 'network' as const],
    ['a timeout', 'timeout' as const],
    ['HTTP 500', answer(500, { error: { code: 'internal', message: 'boom' } })],
    ['HTTP 503', answer(503)],
    ['HTTP 408', answer(408)],
    ['HTTP 429', answer(429, { error: { code: 'rate_limited', message: 'slow down' } })],
    ['HTTP 401 (credentials, not an item)', answer(401, { error: { code: 'unauthorized', message: 'who?' } })],
    ['HTTP 404 (a wrong endpoint, not an item)', answer(404)],
    ['a 200 that is not a batch response', answer(200, { ok: true })],
    ['a 200 with too few results', answer(200, { results: [] })],
    ['a 200 that is not JSON', answer(200, undefined)],
  ])('keeps everything after %s and backs off', async (_, failure) => {
    const { client, backend, of } = setup();
    await client.ready();
    backend.next(failure);
    await client.submit(ANSWERS);
    const summary = await client.flush();
    expect(summary.pending).toBe(1);
    expect(summary.retryAt).toBeGreaterThan(Date.now());
    expect(of('rejected')).toEqual([]);
    expect(of('error')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(summary.retryAt! - Date.now());
    await client.flush();
    expect(client.status().pending).toBe(0);
    expect(backend.submissions.size).toBe(1);
  });
});

describe('retries', () => {
  it('backs off exponentially with jitter between start and the cap, and resets after a success', async () => {
    const { client, backend } = setup({ queue: { retry: { startMs: 1_000, capMs: 20_000 } } });
    await client.ready();
    backend.breakDown();
    await client.submit(ANSWERS);
    await client.flush();
    let previous = backend.sent(SUBMISSIONS).length;
    const delays: number[] = [];
    let last = Date.now();
    for (let attempt = 0; attempt < 8; attempt++) {
      // Step a second at a time until the timer fires another request.
      while (backend.sent(SUBMISSIONS).length === previous) await vi.advanceTimersByTimeAsync(250);
      previous = backend.sent(SUBMISSIONS).length;
      delays.push(Date.now() - last);
      last = Date.now();
    }
    delays.forEach((delay, attempt) => {
      expect(delay).toBeGreaterThanOrEqual(1_000);
      expect(delay).toBeLessThanOrEqual(Math.min(20_000, 1_000 * 2 ** (attempt + 1)) + 250);
    });
    expect(Math.max(...delays)).toBeLessThanOrEqual(20_250);
    backend.heal();
    while (client.status().pending > 0) await vi.advanceTimersByTimeAsync(1_000);
    // After the success the next failure starts from the shortest wait again.
    backend.breakDown();
    await client.submit(ANSWERS);
    const summary = await client.flush();
    expect(summary.retryAt! - Date.now()).toBeLessThanOrEqual(2_000);
  });

  it('honours Retry-After in seconds: nothing is sent before it, whatever triggers a flush', async () => {
    const { client, backend, lifecycle } = setup();
    await client.ready();
    backend.next(answer(429, { error: { code: 'rate_limited', message: 'later' } }, { 'retry-after': '30' }));
    await client.submit(ANSWERS);
    const summary = await client.flush();
    expect(summary.retryAt).toBe(Date.now() + 30_000);
    await vi.advanceTimersByTimeAsync(29_000);
    lifecycle.show();
    await client.submit(ANSWERS);
    await client.flush();
    expect(backend.sent(SUBMISSIONS)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    await client.flush();
    expect(backend.sent(SUBMISSIONS).length).toBeGreaterThanOrEqual(2);
    expect(client.status().pending).toBe(0);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { client, backend } = setup();
    await client.ready();
    const at = new Date(Date.now() + 120_000).toUTCString();
    backend.next(answer(503, undefined, { 'retry-after': at }));
    await client.submit(ANSWERS);
    const summary = await client.flush();
    expect(summary.retryAt! - Date.now()).toBeGreaterThan(119_000);
    expect(summary.retryAt! - Date.now()).toBeLessThanOrEqual(120_000);
  });

  it('flushes when the network comes back and when the app shows', async () => {
    const { client, backend, network, lifecycle } = setup({ online: false });
    await client.submit(ANSWERS);
    await client.flush();
    expect(backend.requests).toHaveLength(0);
    network.set({ online: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(backend.submissions.size).toBe(1);
    backend.next('network');
    await client.submit(ANSWERS);
    await client.flush();
    expect(client.status().pending).toBe(1);
    lifecycle.show();
    await vi.advanceTimersByTimeAsync(0);
    await client.flush();
    expect(client.status().pending).toBe(0);
  });
});

describe('bounds', () => {
  it('drops the oldest items over the byte budget, with dropped events', async () => {
    const { client, of } = setup({ online: false, queue: { maxBytes: 4_000 } });
    const receipts = [];
    for (let i = 0; i < 12; i++) receipts.push(await client.submit({ ...ANSWERS, description: `问题 ${i}` }));
    const dropped = of('dropped');
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.every((event) => event.reason === 'budget')).toBe(true);
    expect(dropped.map((event) => event.localId)).toEqual(receipts.slice(0, dropped.length).map((receipt) => receipt.localId));
    const pending = await client.pending();
    expect(pending.map((row) => row.id)).toEqual(receipts.slice(dropped.length).map((receipt) => receipt.localId));
  });

  it('drops items older than the max age', async () => {
    const { client, network, backend, of } = setup({ online: false, queue: { maxAgeMs: 3_600_000 } });
    const old = await client.submit(ANSWERS);
    vi.advanceTimersByTime(2 * 3_600_000);
    const fresh = await client.submit(ANSWERS);
    network.set({ online: true });
    const summary = await client.flush();
    expect(of('dropped')).toEqual([{ localId: old.localId, reason: 'expired' }]);
    expect([...backend.submissions.keys()]).toEqual([fresh.localId]);
    expect(summary.dropped + (await client.flush()).dropped).toBeGreaterThanOrEqual(0);
  });

  it('evicts the oldest item when storage is full, and rejects only when nothing is left to evict', async () => {
    const { client, of } = setup({ online: false, storage: memoryStorage({ maxBytes: 3_000 }) });
    for (let i = 0; i < 6; i++) await client.submit(ANSWERS);
    expect(of('dropped').length).toBeGreaterThan(0);
    expect(of('dropped').every((event) => event.reason === 'storage_full')).toBe(true);
    expect(client.status().pending).toBeGreaterThan(0);
    await expect(client.submit({ ...ANSWERS, description: '大'.repeat(1_500) })).rejects.toBeInstanceOf(StorageFullError);
  });

  it('refuses a submission larger than the whole budget', async () => {
    const { client } = setup({ online: false, queue: { maxBytes: 1_000 } });
    await expect(client.submit({ ...ANSWERS, description: '长'.repeat(1_000) })).rejects.toBeInstanceOf(StorageFullError);
  });
});

describe('durability', () => {
  it('resumes after a restart: a new client over the same storage delivers what the old one queued', async () => {
    const backend = createFakeBackend();
    const first = setup({ backend, online: false });
    const receipt = await first.client.submit(ANSWERS);
    first.client.close();
    const second = setup({ backend, data: first.data });
    await second.client.flush();
    expect([...backend.submissions.keys()]).toEqual([receipt.localId]);
    expect(second.of('sent').map((event) => event.localId)).toEqual([receipt.localId]);
  });

  it('recovers an item written just before a crash, before its index entry', async () => {
    const backend = createFakeBackend();
    const first = setup({ backend, online: false });
    const a = await first.client.submit(ANSWERS);
    const b = await first.client.submit(ANSWERS);
    first.client.close();
    // The crash: b's item is stored, the index never learnt about it.
    first.data.set(KEYS.index, JSON.stringify(JSON.parse(first.data.get(KEYS.index)!).slice(0, 1)));
    const second = setup({ backend, data: first.data });
    await second.client.flush();
    expect([...backend.submissions.keys()]).toEqual([a.localId, b.localId]);
  });

  it('reports and removes a corrupt item without stopping the queue', async () => {
    const backend = createFakeBackend();
    const first = setup({ backend, online: false });
    const a = await first.client.submit(ANSWERS);
    const b = await first.client.submit(ANSWERS);
    const c = await first.client.submit(ANSWERS);
    first.client.close();
    first.data.set(`${KEYS.itemPrefix}${b.localId}`, '{"submission": trunc');
    first.data.set(`${KEYS.itemPrefix}${c.localId}`, JSON.stringify({ submission: { id: 'someone-else' } }));
    const second = setup({ backend, data: first.data });
    const summary = await second.client.flush();
    expect(summary).toMatchObject({ sent: 1, pending: 0 });
    expect([...backend.submissions.keys()]).toEqual([a.localId]);
    const corrupt = second.of('error').filter((event) => event.error.code === 'corrupt_item');
    expect(corrupt.map((event) => event.error.details?.localId)).toEqual([b.localId, c.localId]);
    expect(second.data.has(`${KEYS.itemPrefix}${b.localId}`)).toBe(false);
  });

  it('rebuilds a damaged index from the stored items', async () => {
    const backend = createFakeBackend();
    const first = setup({ backend, online: false });
    const a = await first.client.submit(ANSWERS);
    first.client.close();
    first.data.set(KEYS.index, '[{"id": 42}, "garbage"]');
    const second = setup({ backend, data: first.data });
    await second.client.flush();
    expect([...backend.submissions.keys()]).toEqual([a.localId]);
    expect(second.of('error').map((event) => [event.error.code, event.error.details?.key])).toEqual([['corrupt_cache', KEYS.index]]);
  });

  it('a closed client touches storage no more', async () => {
    const { client, data } = setup({ online: false });
    await client.ready();
    client.close();
    const before = new Map(data);
    await client.submit(ANSWERS).catch(() => undefined);
    expect(data).toEqual(before);
  });

  it('runs the migration hook when the stored layout version differs', async () => {
    const data = new Map([[KEYS.meta, JSON.stringify({ v: 0 })]]);
    const migrate = vi.fn(async () => undefined);
    const { client } = setup({ data, migrate });
    await client.ready();
    expect(migrate).toHaveBeenCalledWith(0, expect.anything());
    expect(JSON.parse(data.get(KEYS.meta)!)).toEqual({ v: 1 });
  });

  it('leaves a newer layout alone and says so', async () => {
    const data = new Map([[KEYS.meta, JSON.stringify({ v: 9 })]]);
    const { client, of } = setup({ data });
    await client.ready();
    expect(JSON.parse(data.get(KEYS.meta)!)).toEqual({ v: 9 });
    expect(of('error')[0]?.error.code).toBe('storage_error');
  });
});

describe('storage writes per batch', () => {
  const isItem = (key: string) => key.startsWith(KEYS.itemPrefix);

  /** `count` submissions queued offline, in `data`; their local ids, oldest first. */
  async function queued(count: number, backend = createFakeBackend()) {
    const first = setup({ backend, online: false });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      vi.setSystemTime(Date.now() + 1_000);
      ids.push((await first.client.submit({ ...ANSWERS, description: `第 ${i} 次扣款` })).localId);
    }
    first.client.close();
    return { data: first.data, ids, backend };
  }

  it('writes the index once and the ticket cache once per batch, whatever its size', async () => {
    const { data, ids, backend } = await queued(120);
    const storage = recording(memoryStorage({ data }));
    const second = setup({ backend, data, storage });
    const summary = await second.client.flush();
    expect(summary).toMatchObject({ sent: 120, pending: 0 });
    expect(backend.sent(SUBMISSIONS).map((request) => (request.json as { submissions: unknown[] }).submissions.length)).toEqual([50, 50, 20]);
    expect(storage.writes((key) => key === KEYS.index)).toBe(3);
    expect(storage.writes((key) => key === KEYS.tickets)).toBe(3);
    expect(storage.writes(isItem)).toBe(0);
    // Each delivered item's own key goes; nothing else is removed.
    expect(storage.calls.filter((call) => call.op === 'remove').map((call) => call.key).sort()).toEqual(ids.map((id) => KEYS.itemPrefix + id).sort());
    // The rest is the reporter secret, written when first needed.
    expect(storage.calls.filter((call) => call.op === 'set' && call.key !== KEYS.index && call.key !== KEYS.tickets).every((call) => call.key.startsWith(KEYS.secret))).toBe(true);
    // 我的反馈 shows all of them at once, each once, newest first.
    const cached = JSON.parse(data.get(KEYS.tickets)!).items as { clientId: string }[];
    expect(cached).toHaveLength(100);
    expect(cached.map((row) => row.clientId)).toEqual(ids.slice(-100).reverse());
    expect(second.of('sent').map((event) => event.localId)).toEqual(ids);
  });

  it('writes no more per batch for rejections and duplicates', async () => {
    let rejected = '';
    const backend = createFakeBackend({ rejectIf: (submission) => submission.id === rejected });
    const { data, ids } = await queued(40, backend);
    rejected = ids[7]!;
    // ids[3] reached the server before, its answer lost: it comes back `duplicate`.
    const submission = JSON.parse(data.get(KEYS.itemPrefix + ids[3])!).submission;
    await backend.transport.send({ method: 'POST', url: 'https://feedback.test/v1/submissions', headers: {}, timeoutMs: 1_000, json: { submissions: [submission] } });
    const storage = recording(memoryStorage({ data }));
    const second = setup({ backend, data, storage });
    const summary = await second.client.flush();
    expect(summary).toMatchObject({ sent: 39, rejected: 1, pending: 0 });
    expect(storage.writes((key) => key === KEYS.index)).toBe(1);
    expect(storage.writes((key) => key === KEYS.tickets)).toBe(1);
    expect(second.of('rejected').map((event) => event.localId)).toEqual([ids[7]]);
    expect(backend.submissions.get(ids[3]!)!.copies).toBe(2);
  });

  it('loses nothing and duplicates nothing at the server when the app dies between any two writes of a flush', async () => {
    const { data: queuedData, ids } = await queued(7);
    // How many writes and removes an uninterrupted flush makes (batches of 3: 3, 3, 1).
    const probe = recording(memoryStorage({ data: new Map(queuedData) }));
    await setup({ storage: probe, queue: { batchMaxItems: 3 } }).client.flush();
    expect(probe.calls.length).toBeGreaterThan(10);
    for (let mutations = 0; mutations <= probe.calls.length; mutations++) {
      const data = new Map(queuedData);
      const backend = createFakeBackend();
      const dying = setup({ backend, data, storage: dyingAfter(memoryStorage({ data }), mutations), queue: { batchMaxItems: 3 } });
      await dying.client.flush();
      dying.client.close();
      const next = setup({ backend, data, queue: { batchMaxItems: 3 } });
      const summary = await next.client.flush();
      expect(summary, `died after ${mutations} writes`).toMatchObject({ pending: 0 });
      expect([...backend.submissions.keys()].sort()).toEqual([...ids].sort());
      expect([...data.keys()].filter(isItem)).toEqual([]);
      // Each client reports an item sent at most once (a resend after the crash comes back
      // `duplicate`, with the ticket the server already gave it); 我的反馈 lists each ticket once.
      for (const { of } of [dying, next]) expect(new Set(of('sent').map((event) => event.localId)).size).toBe(of('sent').length);
      const cached = JSON.parse(data.get(KEYS.tickets)!).items as { id: string; clientId: string }[];
      expect(cached.map((row) => row.clientId).sort()).toEqual([...ids].sort());
      expect(new Set(cached.map((row) => row.id)).size).toBe(7);
    }
  });
});

describe('attachments', () => {
  const png = () => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])], { type: 'image/png' });

  it('uploads pending attachments before their submission, swaps the ids, and deletes the copies after the ack', async () => {
    const { client, backend, files, network } = setup({ online: false });
    const shot = await client.attachments.add(png());
    expect(shot.id).toMatch(/^local-/);
    expect(files.files.has(shot.id)).toBe(true);
    await client.submit({ ...ANSWERS, screenshots: [shot.id] });
    network.set({ online: true });
    await client.flush();
    expect(backend.requests.map((request) => request.path)).toEqual(['/v1/attachments', SUBMISSIONS]);
    const [serverId] = [...backend.attachments.keys()];
    const sent = [...backend.submissions.values()][0]!.submission;
    expect(sent.attachments).toEqual([serverId]);
    expect((sent.answers as { screenshots: string[] }).screenshots).toEqual([serverId]);
    expect(files.files.size).toBe(0);
  });

  it('keeps the uploaded id when the submission itself fails, so a retry does not upload again', async () => {
    const { client, backend, files } = setup();
    await client.ready();
    const shot = await client.attachments.add(png());
    backend.next('pass', 'network');
    await client.submit(ANSWERS, { attachments: [shot.id] });
    await client.flush();
    expect(client.status().pending).toBe(1);
    expect(files.files.has(shot.id)).toBe(true);
    await client.flush();
    await client.flush();
    expect(backend.sent('/v1/attachments')).toHaveLength(1);
    expect(client.status().pending).toBe(0);
    expect(files.files.size).toBe(0);
  });

  it('sends the submission without an attachment the server refuses, and says so', async () => {
    const { client, backend, of } = setup();
    await client.ready();
    const shot = await client.attachments.add(png());
    backend.next(answer(415, { error: { code: 'unsupported_media_type', message: 'not an image' } }));
    await client.submit({ ...ANSWERS, screenshots: [shot.id] });
    await client.flush();
    const sent = [...backend.submissions.values()][0]!.submission;
    expect(sent.attachments).toEqual([]);
    expect((sent.answers as { screenshots: string[] }).screenshots).toEqual([]);
    expect(of('error').map((event) => event.error.code)).toContain('attachment_refused');
  });

  it('refuses a file over the size limit at once', async () => {
    const { client, files } = setup();
    const big = new Blob([new Uint8Array(LIMITS.attachmentMaxBytes + 1)]);
    await expect(client.attachments.add(big)).rejects.toMatchObject({ code: 'attachment_refused' });
    expect(files.files.size).toBe(0);
  });
});

describe('identity', () => {
  it('creates a reporter secret once, keeps it twice, and sends it as a bearer token across restarts', async () => {
    const backend = createFakeBackend();
    const first = setup({ backend });
    await first.client.submit(ANSWERS);
    await first.client.flush();
    const [a, b] = KEYS.secretCopies.map((key) => first.data.get(key)!);
    expect(a).toBe(b);
    const { secret } = secretCopy(a);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    first.client.close();
    const second = setup({ backend, data: first.data });
    await second.client.submit(ANSWERS);
    await second.client.flush();
    expect(KEYS.secretCopies.map((key) => second.data.get(key))).toEqual([a, b]);
    expect(backend.sent(SUBMISSIONS).map((request) => request.headers.authorization)).toEqual([`Bearer ${secret}`, `Bearer ${secret}`]);
    expect([...first.of('error'), ...second.of('error')]).toEqual([]);
  });

  it('keeps the identity of an install that stored its secret the old way (one bare copy under fankui:id)', async () => {
    const legacy = 'ab'.repeat(32);
    const { client, backend, data, of } = setup({ data: new Map([[KEYS.secret, legacy], [KEYS.meta, '{"v":1}']]) });
    await client.submit(ANSWERS);
    await client.flush();
    expect(backend.sent(SUBMISSIONS)[0]!.headers.authorization).toBe(`Bearer ${legacy}`);
    expect(KEYS.secretCopies.map((key) => secretCopy(data.get(key)))).toEqual([{ secret: legacy, weak: false }, { secret: legacy, weak: false }]);
    expect(data.get(KEYS.secret)).toBe(legacy); // left for an older SDK after a downgrade
    expect(of('error')).toEqual([]);
  });

  it('a first copy torn while the very first secret was made (never sent) is no lost identity', async () => {
    // Killed mid-write of fankui:id:a, before fankui:id:b was written: that secret never left the device.
    const data = new Map<string, string>([[KEYS.meta, '{"v":1}'], [KEYS.secretCopies[0], 'ab'.repeat(20)]]);
    const { client, backend, of } = setup({ data });
    await client.submit(ANSWERS);
    await client.flush();
    const { secret } = secretCopy(data.get(KEYS.secretCopies[0]));
    expect(secretCopy(data.get(KEYS.secretCopies[1])).secret).toBe(secret);
    expect(backend.sent(SUBMISSIONS)[0]!.headers.authorization).toBe(`Bearer ${secret}`);
    expect(of('error')).toEqual([]);
  });

  it('calls the user-token getter for every request, so it can refresh', async () => {
    let issued = 0;
    const getUserToken = vi.fn(async () => `token-${++issued}`);
    const { client, backend, data } = setup({ getUserToken });
    await client.ready();
    backend.next('network');
    await client.submit(ANSWERS);
    await client.flush();
    await client.flush();
    await client.tickets.list();
    expect(backend.requests.map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2', 'Bearer token-3']);
    expect([KEYS.secret, ...KEYS.secretCopies].some((key) => data.has(key))).toBe(false);
  });

  it('lets hooks sign requests', async () => {
    const { client, backend } = setup({
      hooks: { beforeRequest: [(request) => void (request.headers['x-signature'] = `sig:${request.method}:${new URL(request.url).pathname}`)] },
    });
    await client.submit(ANSWERS);
    await client.flush();
    expect(backend.sent(SUBMISSIONS)[0]!.headers['x-signature']).toBe('sig:POST:/v1/submissions');
  });
});

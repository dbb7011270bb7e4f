import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answer } from '../tests/support/fake-backend';
import { setup } from '../tests/support/setup';
import { memoryStorage } from './adapters/memory';
import { DEFLECTIONS_MAX } from './deflections';
import { StorageFullError } from './errors';
import { KEYS } from './storage-keys';

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00.000Z') }));
afterEach(() => vi.useRealTimers());

const stored = (data: Map<string, string>) => JSON.parse(data.get(KEYS.deflections) ?? '[]');
const codes = (errors: { error: { code: string } }[]) => errors.map(({ error }) => error.code);
/** A deflection as stored and sent: with its idempotency key, a UUIDv7. */
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const withId = (deflection: { articleId: string; category?: string }) => ({ id: expect.stringMatching(UUID_V7), ...deflection });

describe('deflections.record', () => {
  it('sends POST /v1/deflections with the reporter’s identity, then forgets it', async () => {
    const { client, backend, data } = setup();
    await client.deflections.record({ articleId: 'payment_faq', category: 'payment' });
    await client.flush();
    expect(backend.deflections).toEqual([withId({ articleId: 'payment_faq', category: 'payment' })]);
    expect(backend.sent('/v1/deflections')[0]!.headers.authorization).toMatch(/^Bearer [0-9a-f]{64}$/);
    expect(stored(data)).toEqual([]);
  });

  it('keeps it while offline and across a restart, and sends it when the network returns', async () => {
    const first = setup({ online: false });
    await first.client.deflections.record({ articleId: 'payment_faq' });
    await first.client.flush();
    expect(first.backend.requests).toEqual([]);
    const waiting = stored(first.data);
    expect(waiting).toEqual([withId({ articleId: 'payment_faq' })]);
    first.client.close();

    const second = setup({ online: false, data: first.data });
    await second.client.ready();
    second.network.set({ online: true }); // the client flushes on its own
    await second.client.flush();
    expect(second.backend.deflections).toEqual(waiting); // the id stored is the id sent
    expect(stored(second.data)).toEqual([]);
  });

  it('never rejects for network reasons: a failed send is reported and retried at the next flush', async () => {
    const { client, backend, data, of } = setup();
    await client.ready();
    backend.breakDown();
    await expect(client.deflections.record({ articleId: 'payment_faq' })).resolves.toBeUndefined();
    await client.flush();
    const [waiting] = stored(data);
    expect(waiting).toEqual(withId({ articleId: 'payment_faq' }));
    expect(codes(of('error'))).toContain('network_error');
    backend.heal();
    await client.flush();
    expect(backend.deflections).toEqual([waiting]);
    expect(stored(data)).toEqual([]);
  });

  it('keeps one through 401, 429 and 5xx, and drops one the server refuses for good (400) with an error event', async () => {
    const { client, backend, network, data, of } = setup({ online: false });
    await client.deflections.record({ articleId: 'refused' });
    await client.deflections.record({ articleId: 'kept' });
    backend.next(answer(401), answer(429), answer(503), answer(400, { error: { code: 'invalid_body', message: 'no' } }));
    network.set({ online: true });
    await client.flush();
    await client.flush();
    await client.flush();
    expect(stored(data)).toEqual([withId({ articleId: 'refused' }), withId({ articleId: 'kept' })]);
    expect(codes(of('error'))).toEqual(['http_error', 'http_error', 'http_error']);
    await client.flush();
    expect(backend.deflections).toEqual([withId({ articleId: 'kept' })]);
    expect(stored(data)).toEqual([]);
    expect(of('error').at(-1)!.error).toMatchObject({ code: 'deflection_dropped', details: { id: expect.stringMatching(UUID_V7), articleId: 'refused', reason: 'refused' } });
    expect(of('dropped')).toEqual([]); // that event is the queue's (submissions) alone
  });

  it(`keeps at most ${DEFLECTIONS_MAX}, dropping the oldest with an error event`, async () => {
    const { client, data, of } = setup({ online: false });
    for (let index = 0; index <= DEFLECTIONS_MAX; index++) await client.deflections.record({ articleId: `article-${index}` });
    const kept = stored(data);
    expect(kept).toHaveLength(DEFLECTIONS_MAX);
    expect(kept[0]).toEqual(withId({ articleId: 'article-1' }));
    expect(of('error').map(({ error }) => [error.code, error.details])).toEqual([['deflection_dropped', { id: expect.stringMatching(UUID_V7), articleId: 'article-0', reason: 'overflow' }]]);
  });

  it('refuses what the protocol would refuse, storing nothing', async () => {
    const { client, data } = setup({ online: false });
    for (const wrong of [{ articleId: '' }, { articleId: 'x'.repeat(65) }, { articleId: 'a', category: 'x'.repeat(65) }, { articleId: 7 as unknown as string }]) {
      await expect(client.deflections.record(wrong)).rejects.toMatchObject({ code: 'invalid_deflection' });
    }
    expect(data.has(KEYS.deflections)).toBe(false);
  });

  it('still sends one it could not store, reporting the storage failure', async () => {
    const data = new Map<string, string>();
    const storage = memoryStorage({ data });
    const full = { ...storage, set: (key: string, value: string) => (key === KEYS.deflections ? Promise.reject(new StorageFullError()) : storage.set(key, value)) };
    const { client, backend, of } = setup({ data, storage: full });
    await client.deflections.record({ articleId: 'payment_faq' });
    await client.flush();
    expect(backend.deflections).toEqual([withId({ articleId: 'payment_faq' })]);
    expect(codes(of('error'))).toContain('storage_full');
  });

  it('forgets a damaged stored list', async () => {
    const data = new Map([[KEYS.deflections, '[{"articleId": ""}, null, {"articleId": "ok"}']]);
    const { client, backend } = setup({ data });
    await client.flush();
    expect(backend.deflections).toEqual([]);
    client.close();
    data.set(KEYS.deflections, '[{"articleId": ""}, null, {"articleId": "ok"}]');
    const restarted = setup({ data, backend });
    await restarted.client.flush();
    expect(backend.deflections).toEqual([withId({ articleId: 'ok' })]);
  });
});

describe('deflections are sent with an idempotency key', () => {
  it('gives each its own UUIDv7', async () => {
    const { client, backend } = setup();
    await client.deflections.record({ articleId: 'payment_faq' });
    await client.deflections.record({ articleId: 'payment_faq' }); // "已解决" twice is two deflections
    await client.flush();
    const [first, second] = backend.deflections as { id: string }[];
    expect([first, second]).toEqual([withId({ articleId: 'payment_faq' }), withId({ articleId: 'payment_faq' })]);
    expect(first!.id).not.toBe(second!.id);
  });

  it('resends with the same id after an answer lost once the server recorded it, and across a restart', async () => {
    const first = setup();
    await first.client.ready();
    first.backend.next('lose');
    await first.client.deflections.record({ articleId: 'payment_faq' });
    await first.client.flush();
    const [waiting] = stored(first.data);
    expect(first.backend.deflections).toEqual([waiting]); // recorded, but the client never heard
    first.client.close();

    const second = setup({ data: first.data, backend: first.backend });
    await second.client.flush();
    expect(first.backend.deflections).toEqual([waiting, waiting]); // the server dedupes on the id
    expect(stored(first.data)).toEqual([]);
  });

  it('gives one stored by an older version (no id) an id at start, saved before any send', async () => {
    const data = new Map([[KEYS.deflections, JSON.stringify([{ articleId: 'old' }, { articleId: 'older', category: 'payment' }])]]);
    const first = setup({ data, online: false });
    await first.client.ready();
    const named = stored(data);
    expect(named).toEqual([withId({ articleId: 'old' }), withId({ articleId: 'older', category: 'payment' })]);
    first.client.close();

    const second = setup({ data, backend: first.backend });
    await second.client.flush();
    expect(first.backend.deflections).toEqual(named); // the ids given once are the ones sent
  });

  it('keeps an id already stored and stores only the protocol’s fields', async () => {
    const id = '0192f1e2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
    const data = new Map([[KEYS.deflections, JSON.stringify([{ id, articleId: 'kept', extra: 'dropped' }])]]);
    const { client, backend } = setup({ data });
    await client.flush();
    expect(backend.deflections).toEqual([{ id, articleId: 'kept' }]);
  });
});

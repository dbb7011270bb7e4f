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

describe('deflections.record', () => {
  it('sends POST /v1/deflections with the reporter’s identity, then forgets it', async () => {
    const { client, backend, data } = setup();
    await client.deflections.record({ articleId: 'payment_faq', category: 'payment' });
    await client.flush();
    expect(backend.deflections).toEqual([{ articleId: 'payment_faq', category: 'payment' }]);
    expect(backend.sent('/v1/deflections')[0]!.headers.authorization).toMatch(/^Bearer [0-9a-f]{64}$/);
    expect(stored(data)).toEqual([]);
  });

  it('keeps it while offline and across a restart, and sends it when the network returns', async () => {
    const first = setup({ online: false });
    await first.client.deflections.record({ articleId: 'payment_faq' });
    await first.client.flush();
    expect(first.backend.requests).toEqual([]);
    expect(stored(first.data)).toEqual([{ articleId: 'payment_faq' }]);
    first.client.close();

    const second = setup({ online: false, data: first.data });
    await second.client.ready();
    second.network.set({ online: true }); // the client flushes on its own
    await second.client.flush();
    expect(second.backend.deflections).toEqual([{ articleId: 'payment_faq' }]);
    expect(stored(second.data)).toEqual([]);
  });

  it('never rejects for network reasons: a failed send is reported and retried at the next flush', async () => {
    const { client, backend, data, of } = setup();
    await client.ready();
    backend.breakDown();
    await expect(client.deflections.record({ articleId: 'payment_faq' })).resolves.toBeUndefined();
    await client.flush();
    expect(stored(data)).toEqual([{ articleId: 'payment_faq' }]);
    expect(codes(of('error'))).toContain('network_error');
    backend.heal();
    await client.flush();
    expect(backend.deflections).toEqual([{ articleId: 'payment_faq' }]);
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
    expect(stored(data)).toEqual([{ articleId: 'refused' }, { articleId: 'kept' }]);
    expect(codes(of('error'))).toEqual(['http_error', 'http_error', 'http_error']);
    await client.flush();
    expect(backend.deflections).toEqual([{ articleId: 'kept' }]);
    expect(stored(data)).toEqual([]);
    expect(of('error').at(-1)!.error).toMatchObject({ code: 'deflection_dropped', details: { articleId: 'refused', reason: 'refused' } });
    expect(of('dropped')).toEqual([]); // that event is the queue's (submissions) alone
  });

  it(`keeps at most ${DEFLECTIONS_MAX}, dropping the oldest with an error event`, async () => {
    const { client, data, of } = setup({ online: false });
    for (let index = 0; index <= DEFLECTIONS_MAX; index++) await client.deflections.record({ articleId: `article-${index}` });
    const kept = stored(data);
    expect(kept).toHaveLength(DEFLECTIONS_MAX);
    expect(kept[0]).toEqual({ articleId: 'article-1' });
    expect(of('error').map(({ error }) => [error.code, error.details])).toEqual([['deflection_dropped', { articleId: 'article-0', reason: 'overflow' }]]);
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
    expect(backend.deflections).toEqual([{ articleId: 'payment_faq' }]);
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
    expect(backend.deflections).toEqual([{ articleId: 'ok' }]);
  });
});

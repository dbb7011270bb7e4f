/**
 * `client.privacy` against the real reference server over 127.0.0.1: the reporter's copy of
 * their data, and its erasure at the server and on the device.
 */
import { DEFAULT_FORM } from '@fankui/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, memoryNetwork, memoryStorage, NetworkError, type ClientEvents } from '../src/index';
import { createKyTransport } from '../src/ky';
import { createWxClient } from '../src/wx';
import { KEYS } from '../src/storage-keys';
import { createFakeWx } from './support/fake-wx';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const DEVICE = { pagePath: 'pages/order/privacy-1', system: { brand: 'PrivacyPhone' } };

function nodeClient(storage = memoryStorage(), online = true) {
  const network = memoryNetwork({ online });
  const client = createClient({
    endpoint: server.url,
    form: DEFAULT_FORM,
    transport: createKyTransport(),
    storage,
    network,
    platform: 'node',
    appVersion: '4.5.6',
    context: () => DEVICE,
  });
  const dropped: ClientEvents['dropped'][] = [];
  client.on('dropped', (event) => dropped.push(event));
  return { client, network, storage, dropped };
}

/** The reporter secret the client stored (its first copy). */
const storedSecret = async (storage: ReturnType<typeof memoryStorage>) => ((await storage.get(KEYS.secretCopies[0])) || '').slice(0, 64);

/** What the server answers a reporter's export with, asked with that reporter's secret directly. */
async function exportAs(secret: string) {
  const response = await fetch(`${server.url}/v1/me/export`, { headers: { authorization: `Bearer ${secret}` } });
  return (await response.json()) as { tickets: { id: string; answers: Record<string, unknown> }[] };
}

describe('client.privacy', () => {
  it('export() answers everything the server holds of this reporter, device context only where it was shared', async () => {
    const { client } = nodeClient();
    const shared = await client.submit({ category: 'suggestion', description: '隐私导出 PRIVACY-EXPORT-1' }, { shareContext: true });
    const kept = await client.submit({ category: 'suggestion', description: '隐私导出 PRIVACY-EXPORT-2' });
    await client.flush();
    await client.deflections.record({ articleId: 'payment_faq', category: 'payment' });
    await client.flush();

    const data = await client.privacy.export();
    expect(data.tickets.map((ticket) => ticket.clientId)).toEqual([shared.localId, kept.localId]);
    expect(data.tickets[0]!.context).toEqual({ platform: 'node', sdkVersion: '0.1.0', appVersion: '4.5.6', networkType: 'unknown', locale: 'zh-CN', ...DEVICE });
    expect(data.tickets[1]!.context).toEqual({ platform: 'node', sdkVersion: '0.1.0', locale: 'zh-CN' });
    expect(data.deflections).toEqual([{ articleId: 'payment_faq', category: 'payment', at: expect.any(String) }]);
    client.close();
  });

  it('erase() erases at the server, discards what is still queued, clears the caches and starts a new identity', async () => {
    const { client, network, storage, dropped } = nodeClient();
    const sent = await client.submit({ category: 'suggestion', description: '要删除的 PRIVACY-ERASE-1' });
    await client.flush();
    const [row] = (await client.tickets.list()).items;
    await client.tickets.get(row!.id); // cached for offline viewing
    const oldSecret = await storedSecret(storage);
    expect(oldSecret).toMatch(/^[0-9a-f]{64}$/);
    network.set({ online: false, type: 'none' });
    const queued = await client.submit({ category: 'suggestion', description: '还没发出的 PRIVACY-ERASE-2' });
    await client.deflections.record({ articleId: 'account_faq' });
    network.set({ online: true, type: 'wifi' });
    // The network came back, but the erasure goes first: nothing queued is sent any more.
    await client.privacy.erase();

    expect(dropped).toEqual([{ localId: queued.localId, reason: 'erased' }]);
    // Of the client's keys only the layout version and the (public) remote config remain.
    const left = (await storage.keys()).filter((key) => key.startsWith('fankui:'));
    expect(left).toContain(KEYS.meta);
    expect(left.filter((key) => key !== KEYS.meta && key !== KEYS.config)).toEqual([]);
    expect(client.status()).toMatchObject({ pending: 0 });

    // At the server: the old identity has nothing left; the queued one never arrived.
    expect((await exportAs(oldSecret)).tickets).toEqual([]);
    const onServer = await server.allTickets();
    expect(onServer.find((ticket) => ticket.clientId === queued.localId)).toBeUndefined();
    expect(onServer.find((ticket) => ticket.clientId === sent.localId)).toMatchObject({ summary: '' });

    // On the device: nothing cached, a new reporter from the next request on.
    expect((await client.tickets.list()).items).toEqual([]);
    const next = await client.submit({ category: 'suggestion', description: '新身份 PRIVACY-ERASE-3' });
    await client.flush();
    const newSecret = await storedSecret(storage);
    expect(newSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(newSecret).not.toBe(oldSecret);
    expect((await client.privacy.export()).tickets.map((ticket) => ticket.clientId)).toEqual([next.localId]);
    client.close();
  });

  it('erase() changes nothing on the device when the server cannot be reached', async () => {
    const { client, storage, dropped } = nodeClient(memoryStorage(), false);
    await client.submit({ category: 'suggestion', description: '离线 PRIVACY-OFFLINE' });
    const before = new Map<string, string | null>();
    for (const key of await storage.keys()) before.set(key, await storage.get(key));
    const unreachable = createClient({ endpoint: 'http://127.0.0.1:9', form: DEFAULT_FORM, transport: createKyTransport(), storage, platform: 'node', timeoutMs: 2_000 });
    client.close();
    const error = await unreachable.privacy.erase().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect(dropped).toEqual([]);
    for (const [key, value] of before) expect(await storage.get(key)).toBe(value);
    expect(unreachable.status().pending).toBe(1);
    unreachable.close();
  });

  it('works over wx.request in a mini-program (DELETE included)', async () => {
    const wx = createFakeWx({ networkType: 'wifi' });
    const client = createWxClient({ endpoint: server.url, wx, form: DEFAULT_FORM });
    const receipt = await client.submit({ category: 'suggestion', description: '小程序里 PRIVACY-WX' });
    await client.flush();
    expect((await client.privacy.export()).tickets.map((ticket) => ticket.clientId)).toEqual([receipt.localId]);
    await client.privacy.erase();
    expect(wx.requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toContain('DELETE /v1/me');
    expect((await client.privacy.export()).tickets).toEqual([]);
    expect([...wx.storage.keys()].filter((key) => key.startsWith('fankui:id'))).toEqual(['fankui:id:a', 'fankui:id:b']);
    client.close();
  });
});

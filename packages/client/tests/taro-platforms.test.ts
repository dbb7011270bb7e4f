/**
 * `createTaroClient` on Alipay and Douyin: Taro's own platform runtime (`initNativeApi` of
 * the platform plugins the example app builds with) over faithful fakes of `my` and `tt`,
 * against the real reference server on 127.0.0.1. What Taro leaves of each platform's own
 * behaviour (Alipay's HTTP errors through `fail`, its error codes and network types, a
 * download without status; Douyin's '' for a missing key; neither has getDeviceInfo nor
 * getRandomValues) must not reach the queue.
 */
import { DEFAULT_FORM } from '@fankui/core';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, NetworkError, StorageFullError } from '../src/errors';
import { alipayApi } from '../src/platforms/alipay';
import { createTaroClient, createMiniTransport, taroNetwork, taroStorage } from '../src/taro';
import { createFakeMy, type FakeMy } from './support/fake-my';
import { createFakeTt, type FakeTt } from './support/fake-tt';
import { TINY_PNG } from './support/fake-wx';
import { startTestServer, type TestServer } from './support/server';
import { taroOn } from './support/taro-on';
import { transportContract } from './transport.contract';

const contractMy = createFakeMy();
const contractTaro = await taroOn('alipay', contractMy);
transportContract('Taro.request on Alipay (my.request: headers, status, 4xx/5xx through fail)', () => {
  // Alipay's request shim reads the global `my` at each call: this suite's one.
  (globalThis as Record<string, unknown>).my = contractMy;
  return createMiniTransport(alipayApi(contractTaro));
});
const contractTaroTt = await taroOn('tt', createFakeTt());
transportContract('Taro.request on Douyin (tt.request)', () => createMiniTransport(contractTaroTt));

let server: TestServer | undefined;
const clients: { close(): void }[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await server?.close();
  server = undefined;
});

type Host = { kind: 'alipay'; fake: FakeMy } | { kind: 'tt'; fake: FakeTt };

const hosts = {
  alipay: { offline: 'NOTREACHABLE', online: '4G', userData: 'https://usr/', make: (): Host => ({ kind: 'alipay', fake: createFakeMy({ networkType: 'NOTREACHABLE' }) }) },
  tt: { offline: 'none', online: '4g', userData: 'ttfile://user/', make: (): Host => ({ kind: 'tt', fake: createFakeTt({ networkType: 'none' }) }) },
} as const;

async function reporter(host: Host, endpoint: string) {
  const taro = await taroOn(host.kind, host.fake);
  const client = createTaroClient({ taro, endpoint, form: DEFAULT_FORM });
  clients.push(client);
  return client;
}

describe.each(['alipay', 'tt'] as const)('createTaroClient on %s', (platform) => {
  const spec = hosts[platform];

  it('queues offline in the host’s storage, sends when the host says the network is back, with the picked image', async () => {
    server = await startTestServer();
    const host = spec.make();
    const client = await reporter(host, server.url);
    expect(client.attachments.supported).toBe(true);

    const shot = await client.attachments.add(host.fake.addTempFile(TINY_PNG));
    expect(shot.uri).toBe(`${spec.userData}fankui-${shot.id}`);
    const sent = new Promise<string>((resolve) => client.on('sent', ({ ticketId }) => resolve(ticketId)));
    const receipt = await client.submit({ category: 'malfunction', subtypes: ['crash'], description: '打开订单页就闪退', screenshots: [shot.id] }, { shareContext: true });
    const stored = JSON.parse(host.fake.storage.get(`fankui:q:${receipt.localId}`) as string);
    // Device facts from getSystemInfoSync: neither host has getDeviceInfo.
    expect(stored.submission.context).toMatchObject({ platform, locale: 'zh-CN', system: { brand: 'Apple' } });
    expect(await server.allTickets()).toEqual([]);

    host.fake.setNetwork(spec.online);
    const ticket = await client.tickets.get(await sent);
    expect(ticket.attachments).toHaveLength(1);
    // Shown again in 我的反馈: downloaded with the reporter's token into a temp file.
    const src = await client.attachments.view(ticket.attachments[0]!);
    expect([...host.fake.files.get(src)!]).toEqual([...TINY_PNG]);
  });

  it('answers another reporter’s ticket with HttpError 404, not as a network failure (it is retried nowhere)', async () => {
    server = await startTestServer();
    const owner = spec.make();
    owner.fake.setNetwork(spec.online);
    const client = await reporter(owner, server.url);
    const sent = new Promise<string>((resolve) => client.on('sent', ({ ticketId }) => resolve(ticketId)));
    await client.submit({ category: 'suggestion', description: '希望支持深色模式' });
    const ticketId = await sent;

    const stranger = spec.make();
    stranger.fake.setNetwork(spec.online);
    const other = await reporter(stranger, server.url);
    const error = await other.tickets.get(ticketId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(404);
  });

  it('reads the host’s network status and its changes the way WeChat words them', async () => {
    const host = spec.make();
    const network = taroNetwork(platform === 'alipay' ? alipayApi(await taroOn(platform, host.fake)) : await taroOn(platform, host.fake));
    expect(await network.current()).toEqual({ online: false, type: 'none' });
    const seen: unknown[] = [];
    const stop = network.subscribe((status) => seen.push(status));
    host.fake.setNetwork(spec.online);
    host.fake.setNetwork(platform === 'alipay' ? 'WIFI' : 'wifi');
    expect(await network.current()).toEqual({ online: true, type: 'wifi' });
    stop();
    host.fake.setNetwork(spec.offline);
    expect(seen).toEqual([
      { online: true, type: '4g' },
      { online: true, type: 'wifi' },
    ]);
  });

  it('starts on an empty device: a missing key reads as nothing, not as a damaged record', async () => {
    const host = spec.make();
    const client = await reporter(host, 'https://feedback.example.test');
    const errors: unknown[] = [];
    client.on('error', (error) => errors.push(error));
    expect(await client.pending()).toEqual([]);
    const receipt = await client.submit({ category: 'suggestion', description: '希望支持深色模式' });
    expect((await client.pending()).map((row) => row.clientId)).toEqual([receipt.localId]);
    expect(errors).toEqual([]);
  });
});

describe('createTaroClient on Alipay: what only Alipay does', () => {
  it('says storage is full when Alipay refuses a key over 200 KB (error 14) or the 10 MB total (error 12)', async () => {
    const my = createFakeMy({ totalMaxBytes: 3_000, networkType: 'NOTREACHABLE' });
    const client = await reporter({ kind: 'alipay', fake: my }, 'https://feedback.example.test');
    const error = await client.submit({ category: 'suggestion', description: '希望支持深色模式。'.repeat(120) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorageFullError);

    const storage = taroStorage(alipayApi(await taroOn('alipay', createFakeMy())));
    const tooLong = await storage.set('big', 'x'.repeat(200 * 1024)).catch((caught: unknown) => caught);
    expect(tooLong).toBeInstanceOf(StorageFullError);
    expect((tooLong as StorageFullError).message).toBe('setStorage:fail exceed storage item max length');
    await storage.set('fits', 'x'.repeat(190 * 1024));
    expect(await storage.get('fits')).toHaveLength(190 * 1024);
  });

  it('uploads with the fileType Alipay asks for, the part named `file`, and the reporter’s token', async () => {
    server = await startTestServer();
    const my = createFakeMy();
    const client = await reporter({ kind: 'alipay', fake: my }, server.url);
    const shot = await client.attachments.add(my.addTempFile(TINY_PNG));
    const sent = new Promise<string>((resolve) => client.on('sent', ({ ticketId }) => resolve(ticketId)));
    await client.submit({ category: 'malfunction', subtypes: ['crash'], description: '打开订单页就闪退', screenshots: [shot.id] });
    await sent;
    const upload = my.requests.find((request) => request.upload);
    expect(upload!.upload).toEqual({ name: 'file', fileType: 'image', filePath: `https://usr/fankui-${shot.id}` });
    expect(upload!.headers.authorization).toMatch(/^Bearer /);
    // Taro's shim sent the JSON requests with Alipay's `headers`.
    const submission = my.requests.find((request) => request.url.endsWith('/v1/submissions'))!;
    expect(submission.headers).toMatchObject({ 'content-type': 'application/json', authorization: expect.stringMatching(/^Bearer /) });
  });

  it('takes the language from getAppBaseInfo (Alipay says en, zh-Hans)', async () => {
    const my = createFakeMy({ language: 'en', networkType: 'NOTREACHABLE' });
    const client = await reporter({ kind: 'alipay', fake: my }, 'https://feedback.example.test');
    const receipt = await client.submit({ category: 'suggestion', description: 'Please add a dark mode' });
    expect(JSON.parse(my.storage.get(`fankui:q:${receipt.localId}`) as string).submission.context.locale).toBe('en-US');
  });

  it('fails a request with NetworkError while Alipay reports no network (error 12), so the queue keeps it', async () => {
    const my = createFakeMy({ networkType: 'NOTREACHABLE' });
    const transport = createMiniTransport(alipayApi(await taroOn('alipay', my)));
    const error = await transport.send({ method: 'GET', url: 'http://127.0.0.1:9/v1/config', headers: {}, timeoutMs: 2_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toBe('网络出错');
  });
});

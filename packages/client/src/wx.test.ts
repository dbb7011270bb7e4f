import { DEFAULT_FORM } from '@fankui/core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeWx, TINY_PNG, type FakeWx } from '../tests/support/fake-wx';
import { secretCopy } from '../tests/support/secret-copy';
import { ClientError, StorageFullError } from './errors';
import { createWxClient, wxFiles, wxLifecycle, wxNetwork, wxRandom, wxStorage } from './wx';

const MB = 1024 * 1024;

/** A protocol-shaped server: accepts every submission, stores uploads (multipart `file`). */
let server: Server;
let endpoint: string;
const received: { path: string; auth: string | undefined; body: any; fileBytes?: number[] }[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const reply = (status: number, json: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(json));
      };
      if (request.url === '/v1/attachments') {
        const form = await new Response(body, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
        const file = form.get('file') as Blob;
        received.push({ path: request.url, auth: request.headers.authorization, body: null, fileBytes: [...new Uint8Array(await file.arrayBuffer())] });
        return reply(201, { id: `at_${received.length}`, contentType: 'image/png', size: file.size });
      }
      if (request.url === '/v1/submissions') {
        const json = JSON.parse(body.toString('utf8'));
        received.push({ path: request.url, auth: request.headers.authorization, body: json });
        return reply(200, { results: json.submissions.map((item: { id: string }, index: number) => ({ status: 'duplicate', id: item.id, ticketId: `tk_${index}` })) });
      }
      reply(404, { error: { code: 'not_found', message: 'no' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the fake wx keeps WeChat’s limits', () => {
  it('refuses one key over 1 MB and everything over 10 MB, with WeChat’s error shapes (async and sync)', async () => {
    const wx = createFakeWx();
    const failures: unknown[] = [];
    wx.setStorage({ key: 'big', data: 'x'.repeat(MB + 1), fail: (error: unknown) => failures.push(error) });
    await Promise.resolve();
    expect(failures).toEqual([{ errMsg: 'setStorage:fail exceed storage item max length' }]);
    expect(() => wx.setStorageSync('big', 'x'.repeat(MB + 1))).toThrow('setStorageSync:fail exceed storage item max length');
    for (let i = 0; i < 10; i++) wx.setStorageSync(`k${i}`, 'x'.repeat(MB - 100));
    expect(() => wx.setStorageSync('k10', 'x'.repeat(MB - 100))).toThrow('setStorageSync:fail exceed storage max size');
    expect(wx.getStorageSync('missing')).toBe('');
    expect(wx.getStorageInfoSync()).toMatchObject({ limitSize: 10 * 1024 });
  });

  it('deep-copies what it stores, like WeChat', () => {
    const wx = createFakeWx();
    const value = { a: [1, 2], b: undefined };
    wx.setStorageSync('v', value);
    value.a.push(3);
    expect(wx.getStorageSync('v')).toEqual({ a: [1, 2] });
  });
});

describe('wx adapters', () => {
  let wx: FakeWx;
  beforeAll(() => {
    wx = createFakeWx();
  });

  it('storage: async round trip, missing keys are null, keys listed', async () => {
    const storage = wxStorage(wx);
    await storage.set('fankui:a', '{"x":1}');
    expect(await storage.get('fankui:a')).toBe('{"x":1}');
    expect(await storage.get('fankui:none')).toBeNull();
    expect(await storage.keys()).toContain('fankui:a');
    await storage.remove('fankui:a');
    expect(await storage.get('fankui:a')).toBeNull();
  });

  it('storage: WeChat’s “exceed storage” failures become StorageFullError', async () => {
    const small = createFakeWx({ totalMaxBytes: 10_000 });
    const storage = wxStorage(small);
    const perKey = await storage.set('k', 'x'.repeat(MB + 1)).catch((error: unknown) => error);
    expect(perKey).toBeInstanceOf(StorageFullError);
    expect((perKey as StorageFullError).details).toEqual({ errMsg: 'setStorage:fail exceed storage item max length' });
    const total = await storage.set('k', 'x'.repeat(20_000)).catch((error: unknown) => error);
    expect(total).toBeInstanceOf(StorageFullError);
    expect((total as StorageFullError).details).toEqual({ errMsg: 'setStorage:fail exceed storage max size' });
  });

  it('network: current status and changes, until unsubscribed', async () => {
    const network = wxNetwork(wx);
    expect(await network.current()).toEqual({ online: true, type: 'wifi' });
    const seen: unknown[] = [];
    const off = network.subscribe((status) => seen.push(status));
    wx.setNetwork('none');
    wx.setNetwork('4g');
    wx.setNetwork('satellite');
    off();
    wx.setNetwork('wifi');
    expect(seen).toEqual([
      { online: false, type: 'none' },
      { online: true, type: '4g' },
      { online: true, type: 'unknown' },
    ]);
  });

  it('lifecycle: onAppShow, until unsubscribed', () => {
    let shows = 0;
    const off = wxLifecycle(wx).onShow(() => shows++);
    wx.show();
    off();
    wx.show();
    expect(shows).toBe(1);
  });

  it('files: copies a temp file into USER_DATA_PATH, uploads it as multipart `file`, removes it', async () => {
    const files = wxFiles(wx)!;
    const temp = wx.addTempFile(TINY_PNG);
    expect(await files.persist(temp, 'local-1')).toEqual({ size: TINY_PNG.byteLength, uri: 'wxfile://usr/fankui-local-1' });
    wx.files.delete(temp); // WeChat cleans temp files; the copy survives
    expect(wx.files.has('wxfile://usr/fankui-local-1')).toBe(true);
    const response = await files.upload('local-1', { url: `${endpoint}/v1/attachments`, headers: { authorization: 'Bearer t' }, timeoutMs: 5_000 }, null as never);
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ id: expect.stringMatching(/^at_/) });
    expect(received.at(-1)).toMatchObject({ auth: 'Bearer t', fileBytes: [...TINY_PNG] });
    await files.remove('local-1');
    expect(wx.files.has('wxfile://usr/fankui-local-1')).toBe(false);
    await expect(files.upload('local-1', { url: `${endpoint}/v1/attachments`, headers: {}, timeoutMs: 5_000 }, null as never)).rejects.toMatchObject({ code: 'attachment_missing' });
    await expect(files.persist('wxfile://tmp_gone.png', 'local-2')).rejects.toBeInstanceOf(ClientError);
  });

  it('random: wx.getRandomValues; where it is missing or fails, a rejection coded insecure_random, never Math.random', async () => {
    const bytes = await wxRandom(wx)(32);
    expect(bytes).toHaveLength(32);
    expect(bytes.some((byte) => byte !== 0)).toBe(true);
    const old = { ...wx, getRandomValues: undefined };
    await expect(wxRandom(old)(10)).rejects.toMatchObject({ code: 'insecure_random' });
    const failing = { ...wx, getRandomValues: (o: { fail?: (error: { errMsg: string }) => void }) => void Promise.resolve().then(() => o.fail?.({ errMsg: 'getRandomValues:fail internal error' })) };
    await expect(wxRandom(failing as never)(10)).rejects.toMatchObject({ code: 'insecure_random', details: { errMsg: 'getRandomValues:fail internal error' } });
  });
});

describe('createWxClient', () => {
  it('queues offline in wx storage, sends over wx.request when the network returns, uploading images with wx.uploadFile', async () => {
    const wx = createFakeWx({ networkType: 'none' });
    // In a mini-program getCurrentPages is a global, not a wx API.
    vi.stubGlobal('getCurrentPages', () => [{ route: 'pages/index/index' }, { route: 'pages/feedback/index' }]);
    const client = createWxClient({ endpoint, wx, appVersion: '2.3.0', form: DEFAULT_FORM });
    const shot = await client.attachments.add(wx.addTempFile(TINY_PNG));
    const receipt = await client.submit({ category: 'malfunction', subtypes: ['crash'], description: '打开订单页就闪退', screenshots: [shot.id] }, { shareContext: true });
    expect(receipt.ack.priority).toBe('medium');
    expect(wx.storage.has(`fankui:q:${receipt.localId}`)).toBe(true);
    expect(wx.requests).toHaveLength(0);
    const sent = new Promise((resolve) => client.on('sent', resolve));
    wx.setNetwork('wifi');
    expect(await sent).toMatchObject({ localId: receipt.localId });
    await client.flush();
    const submission = received.find((entry) => entry.path === '/v1/submissions')!.body.submissions[0];
    expect(submission.context).toMatchObject({ platform: 'weapp', appVersion: '2.3.0', pagePath: 'pages/feedback/index', networkType: 'none', locale: 'zh-CN', system: { brand: 'devtools', SDKVersion: '3.4.0' } });
    expect(submission.attachments).toEqual([expect.stringMatching(/^at_/)]);
    expect(wx.storage.has(`fankui:q:${receipt.localId}`)).toBe(false);
    expect([...wx.files.keys()].filter((path) => path.startsWith('wxfile://usr/'))).toEqual([]);
    // The reporter secret, kept twice, is what the requests carried.
    const copies = ['fankui:id:a', 'fankui:id:b'].map((key) => secretCopy(wx.storage.get(key)));
    expect(copies[0]).toEqual(copies[1]);
    expect(copies[0]).toMatchObject({ secret: expect.stringMatching(/^[0-9a-f]{64}$/), weak: false });
    expect(received.find((entry) => entry.path === '/v1/submissions')!.auth).toBe(`Bearer ${copies[0]!.secret}`);
    client.close();
    vi.unstubAllGlobals();
  });

  it('needs a wx object outside a mini-program', () => {
    expect(() => createWxClient({ endpoint, form: DEFAULT_FORM })).toThrow(ClientError);
  });

  it('goes without device facts when wx.getAppBaseInfo or wx.getDeviceInfo throws', async () => {
    const notSupported = () => {
      throw new Error('getAppBaseInfo:fail not supported');
    };
    for (const broken of ['getAppBaseInfo', 'getDeviceInfo'] as const) {
      const wx = Object.assign(createFakeWx(), { [broken]: notSupported });
      const client = createWxClient({ endpoint, wx, appVersion: '2.3.0', form: DEFAULT_FORM });
      const sent = new Promise<{ localId: string }>((resolve) => client.on('sent', resolve));
      const receipt = await client.submit({ category: 'suggestion', description: '希望增加夜间模式' }, { shareContext: true });
      expect((await sent).localId).toBe(receipt.localId);
      client.close();
      const submission = received
        .filter((entry) => entry.path === '/v1/submissions')
        .flatMap((entry) => entry.body.submissions)
        .find((item: { id: string }) => item.id === receipt.localId);
      // The locale falls back to zh-CN without getAppBaseInfo; the other API's facts still go.
      expect(submission.context).toMatchObject({ platform: 'weapp', appVersion: '2.3.0', locale: 'zh-CN' });
      expect(submission.context.system).toEqual(
        broken === 'getAppBaseInfo' ? { brand: 'devtools', model: 'iPhone 15', system: 'iOS 17.0', platform: 'devtools' } : { SDKVersion: '3.4.0', hostVersion: '8.0.50' },
      );
    }
  });
});

describe('subscribe messages (订阅消息)', () => {
  /** What the server received for this submission. */
  const receivedFor = (localId: string) =>
    received
      .filter((entry) => entry.path === '/v1/submissions')
      .flatMap((entry) => entry.body.submissions)
      .find((item: { id: string }) => item.id === localId);

  async function submitWith(wx: FakeWx, options: { subscribe?: boolean }, subscriptions?: string[]) {
    const client = createWxClient({ endpoint, wx, form: DEFAULT_FORM, ...options });
    const sent = new Promise<{ localId: string }>((resolve) => client.on('sent', resolve));
    const receipt = await client.submit({ category: 'suggestion', description: '希望增加夜间模式' }, { subscriptions });
    await sent;
    client.close();
    return receivedFor(receipt.localId);
  }

  it('sends the accepted templates with a fresh wx.login code when the integrator turns it on', async () => {
    const wx = createFakeWx();
    const first = await submitWith(wx, { subscribe: true }, ['TPL-reply', 'TPL-status']);
    const second = await submitWith(wx, { subscribe: true }, ['TPL-reply']);
    expect(first).toMatchObject({ subscriptions: ['TPL-reply', 'TPL-status'], wxLoginCode: 'code-1' });
    // A code works once: each submission gets its own.
    expect(second).toMatchObject({ subscriptions: ['TPL-reply'], wxLoginCode: 'code-2' });
  });

  it('sends no code without the option (a signed user token carries the openid), and neither when nothing was accepted', async () => {
    const wx = createFakeWx();
    const withToken = await submitWith(wx, {}, ['TPL-reply']);
    expect(withToken.subscriptions).toEqual(['TPL-reply']);
    expect(withToken).not.toHaveProperty('wxLoginCode');
    const refused = await submitWith(wx, { subscribe: true }, []);
    expect(refused).not.toHaveProperty('subscriptions');
    expect(refused).not.toHaveProperty('wxLoginCode');
  });

  it('still submits when wx.login fails', async () => {
    const wx = Object.assign(createFakeWx(), { login: (o: { fail?: (error: { errMsg: string }) => void }) => void Promise.resolve().then(() => o.fail?.({ errMsg: 'login:fail network' })) });
    const submission = await submitWith(wx, { subscribe: true }, ['TPL-reply']);
    expect(submission.subscriptions).toEqual(['TPL-reply']);
    expect(submission).not.toHaveProperty('wxLoginCode');
  });
});

describe('randomness of the reporter secret', () => {
  /** Submits online and waits for delivery; returns the events and the stored secret copies. */
  async function deliver(wx: FakeWx) {
    const client = createWxClient({ endpoint, wx, form: DEFAULT_FORM });
    const errors: ClientError[] = [];
    client.on('error', ({ error }) => errors.push(error));
    const receipt = await client.submit({ category: 'suggestion', description: '希望增加夜间模式' });
    await client.flush();
    client.close();
    const delivered = received.filter((entry) => entry.path === '/v1/submissions').some((entry) => entry.body.submissions.some((item: { id: string }) => item.id === receipt.localId));
    const copies = ['fankui:id:a', 'fankui:id:b'].map((key) => secretCopy(wx.storage.get(key)));
    return { receipt, errors, delivered, copies };
  }

  it('takes wx.getRandomValues where it exists, and says nothing', async () => {
    const { errors, delivered, copies } = await deliver(createFakeWx());
    expect(delivered).toBe(true);
    expect(errors).toEqual([]);
    expect(copies[0]).toMatchObject({ weak: false });
  });

  const withRandom = (wx: FakeWx, getRandomValues: unknown): FakeWx => Object.assign(wx, { getRandomValues }) as FakeWx;
  const withoutRandom = (wx: FakeWx) => withRandom(wx, undefined);
  const failingRandom = (wx: FakeWx) =>
    withRandom(wx, (o: { fail?: (error: { errMsg: string }) => void }) => void Promise.resolve().then(() => o.fail?.({ errMsg: 'getRandomValues:fail system error' })));

  for (const [name, degrade] of [
    ['missing (base library < 2.22.0)', withoutRandom],
    ['failing', failingRandom],
  ] as const) {
    it(`where wx.getRandomValues is ${name}: still delivers, and reports the weaker secret at every start (insecure_random)`, async () => {
      const wx = degrade(createFakeWx());
      const first = await deliver(wx);
      expect(first.delivered).toBe(true); // nothing the reporter typed is held back
      expect(first.receipt.localId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/); // local ids still made
      expect(first.errors.map((error) => [error.code, error.details?.minted])).toEqual([['insecure_random', true]]);
      expect(first.copies[0]).toMatchObject({ secret: expect.stringMatching(/^[0-9a-f]{64}$/), weak: true });
      // Next start: the same (weaker) identity, reported again so it is never forgotten.
      const second = await deliver(wx);
      expect(second.copies).toEqual(first.copies);
      expect(second.errors.map((error) => [error.code, error.details?.minted])).toEqual([['insecure_random', false]]);
      const auth = received.filter((entry) => entry.path === '/v1/submissions').at(-1)!.auth;
      expect(auth).toBe(`Bearer ${first.copies[0]!.secret}`);
    });
  }

  it('never mints a secret (nor reports one) when the integrator passes a signed user token', async () => {
    const wx = withoutRandom(createFakeWx());
    const client = createWxClient({ endpoint, wx, form: DEFAULT_FORM, getUserToken: () => 'signed-user-token' });
    const errors: ClientError[] = [];
    client.on('error', ({ error }) => errors.push(error));
    await client.submit({ category: 'suggestion', description: '希望增加夜间模式' });
    await client.flush();
    client.close();
    expect(errors).toEqual([]);
    expect([...wx.storage.keys()].filter((key) => key.startsWith('fankui:id'))).toEqual([]);
    expect(received.filter((entry) => entry.path === '/v1/submissions').at(-1)!.auth).toBe('Bearer signed-user-token');
  });
});

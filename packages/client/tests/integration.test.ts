import { DEFAULT_FORM } from '@fankui/core';
/**
 * The client against the real reference server over 127.0.0.1: the reporter's whole
 * journey through each transport, as an app would live it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, HttpError, memoryFiles, memoryNetwork, memoryStorage, type Client, type ClientEvents } from '../src/index';
import { createKyTransport } from '../src/ky';
import { createWxClient } from '../src/wx';
import { createFakeWx, TINY_PNG } from './support/fake-wx';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const PAYMENT = { category: 'payment', subtypes: ['unexpected_charge'], amount: '99.00', description: '没有下单却被扣款了 99 元' };

function nodeClient(options: { storage?: ReturnType<typeof memoryStorage>; online?: boolean; getUserToken?: () => string } = {}) {
  const network = memoryNetwork({ online: options.online ?? true });
  const events: { type: keyof ClientEvents; payload: any }[] = [];
  const client = createClient({
    endpoint: server.url,
    form: DEFAULT_FORM,
    transport: createKyTransport(),
    storage: options.storage ?? memoryStorage(),
    files: memoryFiles(),
    network,
    platform: 'node',
    ...(options.getUserToken ? { getUserToken: options.getUserToken } : {}),
  });
  for (const type of ['sent', 'rejected', 'error'] as const) client.on(type, (payload) => events.push({ type, payload }));
  return { client, network, events };
}

async function resolve(ticketId: string): Promise<void> {
  for (const status of ['in_progress', 'resolved']) {
    const { status: code } = await server.admin('PATCH', `/v1/admin/tickets/${ticketId}`, { status });
    expect(code).toBe(200);
  }
}

describe('the reporter’s journey (ky transport, Node)', () => {
  let client: Client;
  let ticketId: string;

  it('queues offline, then delivers with its screenshot once online', async () => {
    const { client: created, network, events } = nodeClient({ online: false });
    client = created;
    const shot = await client.attachments.add(new Blob([TINY_PNG], { type: 'image/png' }));
    const receipt = await client.submit({ ...PAYMENT, screenshots: [shot.id] });
    expect(receipt.ack.message).toBe('已收到，正在处理中，我们将在 30 分钟内回复');
    expect((await client.pending()).map((row) => row.id)).toEqual([receipt.localId]);
    network.set({ online: true, type: 'wifi' });
    const summary = await client.flush();
    expect(summary).toMatchObject({ sent: 1, pending: 0 });
    const sent = events.find((event) => event.type === 'sent')!.payload;
    expect(sent).toMatchObject({ localId: receipt.localId, ack: { priority: 'high' } });
    ticketId = sent.ticketId;
    const ticket = await client.tickets.get(ticketId);
    expect(ticket).toMatchObject({ clientId: receipt.localId, status: 'acknowledged', priority: 'high', category: 'payment' });
    expect(ticket.attachments).toHaveLength(1);
    expect(ticket.attachments[0]).not.toMatch(/^local-/);
    expect((ticket.answers as { screenshots: string[] }).screenshots).toEqual(ticket.attachments);
  });

  it('lists it in “我的反馈”, adds information, gets it resolved, reopens, and rates', async () => {
    const page = await client.tickets.list();
    expect(page).toMatchObject({ stale: false, items: [{ id: ticketId, pending: false }] });
    const event = await client.tickets.addMessage(ticketId, { body: '补充：扣款时间是昨天晚上 8 点' });
    expect(event).toMatchObject({ type: 'message', body: '补充：扣款时间是昨天晚上 8 点' });
    await resolve(ticketId);
    const reopened = await client.tickets.reopen(ticketId, { reason: '钱还没有退回来' });
    expect(reopened.status).toBe('reopened');
    await resolve(ticketId);
    const rated = await client.tickets.rate(ticketId, { score: 4, comment: '退款到账了' });
    expect(rated.rating).toMatchObject({ score: 4 });
    await expect(client.tickets.rate(ticketId, { score: 5 })).rejects.toMatchObject({ status: 409 });
  });

  it('keeps another reporter out', async () => {
    const stranger = nodeClient().client;
    expect((await stranger.tickets.list()).items).toEqual([]);
    const error = await stranger.tickets.get(ticketId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404 });
    stranger.close();
    client.close();
  });
});

describe('against the server’s own rules', () => {
  it('reports a submission the server refuses, and drops only that one', async () => {
    const { client, events } = nodeClient();
    await client.submit({ category: 'no_such_category', description: '这个分类不存在' });
    await client.submit(PAYMENT);
    const summary = await client.flush();
    expect(summary).toMatchObject({ sent: 1, rejected: 1, pending: 0 });
    expect(events.find((event) => event.type === 'rejected')!.payload.reason.code).toBe('invalid_answers');
    client.close();
  });

  it('revalidates the config with its ETag', async () => {
    const { client } = nodeClient();
    const first = await client.config.get();
    expect(first.source).toBe('remote');
    expect(first.form.id).toBe('feedback');
    expect(first.sla?.firstResponseMinutes.high).toBe(30);
    const second = await client.config.get();
    expect(second).toEqual(first);
    client.close();
  });

  it('lets a signed user token see the same tickets on every device', async () => {
    const token = server.userToken('user-42');
    const phone = nodeClient({ getUserToken: () => token });
    const tablet = nodeClient({ getUserToken: () => token });
    const { localId } = await phone.client.submit(PAYMENT);
    await phone.client.flush();
    const rows = (await tablet.client.tickets.list()).items;
    expect(rows.map((row) => row.clientId)).toEqual([localId]);
    phone.client.close();
    tablet.client.close();
  });
});

describe('the reporter’s journey (wx.request and wx.uploadFile)', () => {
  it('delivers from a mini-program, the image as a multipart upload', async () => {
    const wx = createFakeWx({ networkType: 'none' });
    const client = createWxClient({ endpoint: server.url, wx, form: DEFAULT_FORM });
    const shot = await client.attachments.add(wx.addTempFile(TINY_PNG));
    const receipt = await client.submit({ category: 'malfunction', subtypes: ['crash'], description: '更新后一打开就闪退', screenshots: [shot.id] });
    expect(receipt.ack.priority).toBe('medium');
    const sent = new Promise<ClientEvents['sent']>((done) => client.on('sent', done));
    wx.setNetwork('4g');
    const { ticketId } = await sent;
    const ticket = await client.tickets.get(ticketId);
    expect(ticket).toMatchObject({ clientId: receipt.localId, category: 'malfunction' });
    expect(ticket.attachments).toHaveLength(1);
    expect(wx.requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'POST /v1/attachments',
      'POST /v1/submissions',
      `GET /v1/tickets/${ticketId}`,
    ]);
    client.close();
  });
});

/**
 * `attachments.view`: a reporter's submitted images shown again in 我的反馈, against the real
 * reference server: over the faithful fake wx (`wx.downloadFile` performs the real GET with
 * the reporter's token), and on the web over the ky transport (Node's fetch) into a `blob:`
 * URL (Node has `URL.createObjectURL` for Blobs; `resolveObjectURL` reads one back).
 */
import { DEFAULT_FORM } from '@fankui/core';
import { resolveObjectURL } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError, NetworkError } from '../src/errors';
import type { Transport } from '../src/transport/types';
import { createKyTransport, createWebClient, type WebClientOptions } from '../src/web';
import { createWxClient } from '../src/wx';
import { fakeIndexedDB } from './support/fake-indexeddb';
import { createFakeWx, TINY_PNG } from './support/fake-wx';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
const clients: { close(): void }[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  vi.unstubAllGlobals();
  await server?.close();
});

function reporter(wx = createFakeWx()) {
  const client = createWxClient({ endpoint: server.url, form: DEFAULT_FORM, wx });
  clients.push(client);
  return { wx, client };
}

/** A submission with one picked image, delivered: the ticket's attachment id. */
async function submittedImage(client: ReturnType<typeof createWxClient>, wx: ReturnType<typeof createFakeWx>) {
  const shot = await client.attachments.add(wx.addTempFile(TINY_PNG));
  const sent = new Promise<string>((resolve) => client.on('sent', ({ ticketId }) => resolve(ticketId)));
  await client.submit({ category: 'malfunction', subtypes: ['crash'], description: '打开订单页就闪退', screenshots: [shot.id] });
  const ticket = await client.tickets.get(await sent);
  expect(ticket.attachments).toHaveLength(1);
  return ticket.attachments[0]!;
}

describe('attachments.view (wx)', () => {
  it('downloads the reporter’s own image with their token: a temp file holding its bytes, kept for the session', async () => {
    server = await startTestServer();
    const { wx, client } = reporter();
    const id = await submittedImage(client, wx);

    const src = await client.attachments.view(id);
    expect(src).toMatch(/^wxfile:\/\/tmp_\d+\.png$/);
    expect([...wx.files.get(src)!]).toEqual([...TINY_PNG]);
    const download = wx.requests.filter((request) => request.url.endsWith(`/v1/attachments/${id}`));
    expect(download).toHaveLength(1);
    expect(download[0]!.header.authorization).toMatch(/^Bearer [0-9a-f]{64}$/);

    // Shown again (a thumbnail, then the preview): no second download.
    expect(await client.attachments.view(id)).toBe(src);
    expect(wx.requests.filter((request) => request.url.endsWith(`/v1/attachments/${id}`))).toHaveLength(1);
  });

  it('refuses another reporter’s attachment (404, HttpError) and says NetworkError offline; a failure is retried next time', async () => {
    server = await startTestServer();
    const owner = reporter();
    const id = await submittedImage(owner.client, owner.wx);

    const stranger = reporter();
    const refused = await stranger.client.attachments.view(id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ code: 'http_error', status: 404 });

    owner.wx.setNetwork('none');
    await expect(owner.client.attachments.view(id)).rejects.toBeInstanceOf(NetworkError);
    owner.wx.setNetwork('wifi');
    expect([...owner.wx.files.get(await owner.client.attachments.view(id))!]).toEqual([...TINY_PNG]);
  });

  it('answers unsupported where the platform cannot download files', async () => {
    server = await startTestServer();
    const wx = createFakeWx();
    const { client } = reporter(Object.assign(wx, { downloadFile: undefined }));
    await expect(client.attachments.view('at_1')).rejects.toMatchObject({ code: 'unsupported' });
  });
});

describe('attachments.view (web)', () => {
  /** A web client as a page makes it: ky over fetch, IndexedDB for picked files (memory storage: Node has no localStorage). */
  function webReporter(options: Partial<WebClientOptions> = {}) {
    const client = createWebClient({ endpoint: server.url, form: DEFAULT_FORM, ...options });
    clients.push(client);
    return client;
  }

  async function submittedImage(client: ReturnType<typeof createWebClient>) {
    const shot = await client.attachments.add(new Blob([TINY_PNG], { type: 'image/png' }));
    const sent = new Promise<string>((resolve) => client.on('sent', ({ ticketId }) => resolve(ticketId)));
    await client.submit({ category: 'malfunction', subtypes: ['crash'], description: '打开订单页就闪退', screenshots: [shot.id] });
    const ticket = await client.tickets.get(await sent);
    expect(ticket.attachments).toHaveLength(1);
    return ticket.attachments[0]!;
  }

  const bytesOf = async (url: string) => [...new Uint8Array(await resolveObjectURL(url)!.arrayBuffer())];

  it('fetches the reporter’s own image with their token into a blob: URL of its bytes, kept for the session; another reporter gets 404', async () => {
    server = await startTestServer();
    vi.stubGlobal('indexedDB', fakeIndexedDB());
    const requests: { url: string; authorization: string | null; accept: string | null }[] = [];
    const client = webReporter({
      ky: { hooks: { beforeRequest: [(request) => void requests.push({ url: request.url, authorization: request.headers.get('authorization'), accept: request.headers.get('accept') })] } },
    });
    const id = await submittedImage(client);

    const src = await client.attachments.view(id);
    expect(src).toMatch(/^blob:/);
    expect(await bytesOf(src)).toEqual([...TINY_PNG]);
    const downloads = requests.filter((request) => request.url.endsWith(`/v1/attachments/${id}`));
    expect(downloads).toEqual([{ url: expect.any(String), authorization: expect.stringMatching(/^Bearer [0-9a-f]{64}$/), accept: 'image/*' }]);
    // Shown again: the same URL, no second request.
    expect(await client.attachments.view(id)).toBe(src);
    expect(requests.filter((request) => request.url.endsWith(`/v1/attachments/${id}`))).toHaveLength(1);

    const refused = await webReporter().attachments.view(id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ code: 'http_error', status: 404 });
  });

  it('answers unsupported when the transport hands over no bytes (Taro.request on H5); a later call tries again', async () => {
    server = await startTestServer();
    vi.stubGlobal('indexedDB', fakeIndexedDB());
    // ky, but answering JSON only, as Taro.request does on H5.
    let bytes = false;
    const ky = createKyTransport();
    const transport: Transport = { send: async (request) => Object.assign(await ky.send(request), bytes ? {} : { blob: undefined }) };
    const client = webReporter({ transport });
    const id = await submittedImage(client);

    await expect(client.attachments.view(id)).rejects.toMatchObject({ code: 'unsupported' });
    bytes = true;
    expect(await bytesOf(await client.attachments.view(id))).toEqual([...TINY_PNG]);
  });
});

/**
 * Torn writes, key by key: a kill mid-write or a full disk leaves the first part of a value.
 * Each kind of key the client keeps is torn once on a device (the faithful fake wx, its
 * storage wrapped so that one chosen write lands half-written), then the app restarts. The
 * damage must be reported through the `error` event, rebuilt from what remains, and nothing
 * else lost; a torn copy of the reporter secret must not cost the reporter "我的反馈". The
 * backend is the real reference server on 127.0.0.1, so identity is checked for real.
 */
import { DEFAULT_FORM } from '@fankui/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS } from '../src/storage-keys';
import { createWxClient, wxStorage, type ClientError, type StorageAdapter } from '../src/wx';
import { createFakeWx, type FakeWx } from './support/fake-wx';
import { startTestServer, type TestServer } from './support/server';
import { tearing } from './support/storage-faults';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const answers = (n: number) => ({ category: 'malfunction', subtypes: ['crash'], description: `打开订单页就闪退（第 ${n} 次）` });

/** A session of the app on `wx`; `tear` picks the writes that land torn. */
function session(wx: FakeWx, tear: (key: string, value: string) => boolean = () => false) {
  const storage = tearing(wxStorage(wx), tear);
  const client = createWxClient({ endpoint: server.url, wx, form: DEFAULT_FORM, storage: storage as StorageAdapter });
  const errors: ClientError[] = [];
  client.on('error', ({ error }) => errors.push(error));
  const damage = () => errors.filter((error) => error.code !== 'network_error').map((error) => [error.code, error.details?.key ?? error.details?.localId]);
  return { client, errors, damage, torn: storage.torn };
}

/** Tears the `n`-th write (1-based) to `key`. */
const nth = (target: string, n: number) => {
  let seen = 0;
  return (key: string) => key === target && ++seen === n;
};

/** A reporter with three delivered tickets, the first opened (its detail cached). */
async function reporterWithTickets(wx: FakeWx, tear?: (key: string, value: string) => boolean) {
  const first = session(wx, tear);
  const ids: string[] = [];
  for (let n = 1; n <= 3; n++) {
    ids.push((await first.client.submit(answers(n))).localId);
    await first.client.flush();
  }
  const { items } = await first.client.tickets.list();
  await first.client.tickets.get(items[2]!.id);
  first.client.close();
  return { first, ids, tickets: items.map((row) => row.id) };
}

const stored = (wx: FakeWx, key: string) => wx.storage.get(key) as string | undefined;

describe('a torn reporter secret copy', () => {
  for (const key of KEYS.secretCopies) {
    it(`(${key}) is repaired from the other copy and reported: 我的反馈 keeps every ticket`, async () => {
      const wx = createFakeWx();
      const { first, tickets } = await reporterWithTickets(wx, nth(key, 1));
      expect(first.torn).toEqual([key]);
      const next = session(wx);
      const { items, stale } = await next.client.tickets.list();
      expect(stale).toBe(false);
      expect(items.map((row) => row.id)).toEqual(tickets);
      expect(next.damage()).toEqual([['corrupt_cache', key]]);
      expect(stored(wx, KEYS.secretCopies[0])).toBe(stored(wx, KEYS.secretCopies[1])); // repaired
      // Still the same reporter at the server: a new submission joins the same list.
      const { localId } = await next.client.submit(answers(4));
      await next.client.flush();
      expect((await next.client.tickets.list()).items.map((row) => row.clientId)[0]).toBe(localId);
      expect((await next.client.tickets.list()).items).toHaveLength(4);
      next.client.close();
    });
  }

  it('when both copies are gone yet the reporter existed, says identity_lost and goes on under a new one', async () => {
    const wx = createFakeWx();
    await reporterWithTickets(wx);
    for (const key of KEYS.secretCopies) wx.storage.set(key, (stored(wx, key) ?? '').slice(0, 20)); // two tears
    const next = session(wx);
    const { localId } = await next.client.submit(answers(4));
    await next.client.flush();
    expect(next.damage()).toEqual([['identity_lost', undefined]]);
    // New submissions still reach the server, under the new identity.
    expect((await server.allTickets()).some((ticket) => ticket.clientId === localId)).toBe(true);
    next.client.close();
  });
});

describe('torn lists and caches are reported and rebuilt from what remains', () => {
  it('the queue index: every queued submission is still delivered', async () => {
    const wx = createFakeWx({ networkType: 'none' });
    // The last index write before the app dies (an earlier torn one is rewritten whole by the next submit).
    const first = session(wx, nth(KEYS.index, 4));
    const ids: string[] = [];
    for (let n = 1; n <= 4; n++) ids.push((await first.client.submit(answers(n))).localId);
    first.client.close();
    expect(first.torn).toEqual([KEYS.index]);
    wx.setNetwork('wifi');
    const next = session(wx);
    expect(await next.client.flush()).toMatchObject({ sent: 4, pending: 0 });
    const delivered = new Set((await server.allTickets()).map((ticket) => ticket.clientId));
    expect(ids.every((id) => delivered.has(id))).toBe(true);
    expect(next.damage()).toEqual([['corrupt_cache', KEYS.index]]);
    next.client.close();
  });

  it('the ticket cache: offline, 我的反馈 still lists what it held, rebuilt from the rows left and the cached details', async () => {
    const wx = createFakeWx();
    // The last write of the list (three acknowledgements, the list fetched, a detail opened) is torn.
    const { tickets, first } = await reporterWithTickets(wx, nth(KEYS.tickets, 5));
    expect(first.torn).toEqual([KEYS.tickets]);
    wx.setNetwork('none');
    const next = session(wx);
    const { items, stale } = await next.client.tickets.list();
    expect(stale).toBe(true);
    // The torn write kept the first row whole; the oldest ticket's detail was cached.
    expect(items.map((row) => row.id)).toEqual([tickets[0], tickets[2]]);
    expect(next.damage()).toEqual([['corrupt_cache', KEYS.tickets]]);
    // Rebuilt once: the next read is clean.
    await next.client.tickets.list();
    expect(next.damage()).toHaveLength(1);
    wx.setNetwork('wifi');
    expect((await next.client.tickets.list()).items.map((row) => row.id)).toEqual(tickets);
    next.client.close();
  });

  it('a cached ticket detail: reported and dropped, its row in 我的反馈 kept', async () => {
    const wx = createFakeWx();
    const { tickets } = await reporterWithTickets(wx, (key) => key.startsWith(KEYS.detailPrefix));
    wx.setNetwork('none');
    const next = session(wx);
    await expect(next.client.tickets.get(tickets[2]!)).rejects.toMatchObject({ code: 'network_error' });
    expect(next.damage()).toEqual([['corrupt_cache', KEYS.detailPrefix + tickets[2]]]);
    expect((await next.client.tickets.list()).items.map((row) => row.id)).toEqual(tickets);
    next.client.close();
  });

  it('the list of cached details: rebuilt from the detail keys, so eviction still finds them', async () => {
    const wx = createFakeWx();
    const { tickets } = await reporterWithTickets(wx);
    wx.storage.set(KEYS.details, `["${tickets[2]}`); // torn mid-write
    const next = session(wx);
    await next.client.tickets.get(tickets[0]!);
    expect(next.damage()).toEqual([['corrupt_cache', KEYS.details]]);
    expect(JSON.parse(stored(wx, KEYS.details)!)).toEqual([tickets[0], tickets[2]]);
    wx.setNetwork('none');
    expect((await next.client.tickets.get(tickets[2]!)).stale).toBe(true);
    next.client.close();
  });

  it('the deflections list: what the torn write left is still sent, the damage reported', async () => {
    const wx = createFakeWx({ networkType: 'none' });
    const first = session(wx, nth(KEYS.deflections, 3));
    for (const articleId of ['payment_faq', 'refund_faq', 'login_faq']) await first.client.deflections.record({ articleId, category: 'payment' });
    first.client.close();
    wx.setNetwork('wifi');
    const next = session(wx);
    await next.client.flush();
    expect(next.damage()).toEqual([['corrupt_cache', KEYS.deflections]]);
    // The list is rewritten whole: half of [payment, refund, login] holds the first one whole.
    expect(next.errors.find((error) => error.code === 'corrupt_cache')?.details?.kept).toBe(1);
    const sent = wx.requests.filter((request) => request.url.endsWith('/v1/deflections')).map((request) => (typeof request.data === 'string' ? JSON.parse(request.data) : request.data).articleId);
    expect(sent).toEqual(['payment_faq']);
    expect(JSON.parse(stored(wx, KEYS.deflections)!)).toEqual([]);
    next.client.close();
  });

  it('a queued item: one corrupt_item, the others delivered', async () => {
    const wx = createFakeWx({ networkType: 'none' });
    let items = 0;
    const first = session(wx, (key) => key.startsWith(KEYS.itemPrefix) && ++items === 2);
    const ids: string[] = [];
    for (let n = 1; n <= 3; n++) ids.push((await first.client.submit(answers(n))).localId);
    first.client.close();
    expect(first.torn).toEqual([KEYS.itemPrefix + ids[1]]);
    wx.setNetwork('wifi');
    const next = session(wx);
    expect(await next.client.flush()).toMatchObject({ sent: 2, pending: 0 });
    expect(next.damage()).toEqual([['corrupt_item', ids[1]]]);
    const delivered = new Set((await server.allTickets()).map((ticket) => ticket.clientId));
    expect([ids[0], ids[2]].every((id) => delivered.has(id!))).toBe(true);
    next.client.close();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../../client/tests/support/server';
import { find, maxSetDataBytes, mount, setDataCalls, settle, tap, text, useFakeWx, weapp } from '../../tests/support/simulate';

const ANSWERS = { category: 'payment', subtypes: ['payment_failed'], description: '支付失败但是被扣款了' };
const wx = useFakeWx();
const clients: { close(): void }[] = [];
let server: TestServer | undefined;

afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await server?.close();
  server = undefined;
});

/** A real client over the fake wx (the global one, as in an app), handed over with `configure`. */
function configureClient(endpoint = 'http://127.0.0.1:9', settings: { locale?: string; feedbackUrl?: string } = {}) {
  const { configure, createWxClient, DEFAULT_FORM } = weapp();
  const client = createWxClient({ endpoint, form: DEFAULT_FORM });
  clients.push(client);
  configure({ client, ...settings });
  return client;
}

describe('fankui-entry', () => {
  it('renders 反馈与投诉 as a button whose accessible name is its label', async () => {
    configureClient();
    const entry = mount('fankui-entry');
    await settle();
    expect(text(entry, '.fankui-entry__title')).toBe('反馈与投诉');
    expect(entry.querySelector('.fankui-badge')).toBeUndefined();
    expect(entry.data.ariaLabel).toBe('反馈与投诉');
    expect(entry.querySelector('.fankui-entry__arrow')).toBeDefined();
  });

  it('speaks the configured language, takes a title, and floats without the arrow', async () => {
    configureClient(undefined, { locale: 'en-US' });
    expect(text(mount('fankui-entry', { type: 'floating' }), '.fankui-entry__title')).toBe('Feedback & complaints');
    const floating = mount('fankui-entry', { type: 'floating', title: '意见反馈' });
    await settle();
    expect(text(floating, '.fankui-entry__title')).toBe('意见反馈');
    expect(floating.querySelector('.fankui-entry--floating')).toBeDefined();
    expect(floating.querySelector('.fankui-entry__arrow')).toBeUndefined();
  });

  it('shows 待发送 (1) after an offline submit, in its accessible name too', async () => {
    wx.current.setNetwork('none');
    const client = configureClient();
    const entry = mount('fankui-entry');
    await settle();
    setDataCalls.length = 0;

    const receipt = await client.submit(ANSWERS);
    await settle();

    expect(receipt.status).toBe('queued');
    expect(text(entry, '.fankui-badge--pending')).toBe('待发送 (1)');
    expect(entry.data.ariaLabel).toBe('反馈与投诉, 待发送 (1)');
    expect(setDataCalls.length).toBeGreaterThan(0);
    expect(maxSetDataBytes()).toBeLessThanOrEqual(500);
    // Only what changed went over: never the label again.
    for (const call of setDataCalls) expect(Object.keys(call.data)).not.toContain('label');
  });

  it('counts a pending submission queued before the page opened (the queue loads asynchronously)', async () => {
    wx.current.setNetwork('none');
    await configureClient().submit(ANSWERS);
    const entry = mount('fankui-entry');
    await settle();
    expect(text(entry, '.fankui-badge')).toBe('待发送 (1)');
  });

  it('shows the operator replies not yet read, when the page shows again', async () => {
    server = await startTestServer();
    const client = configureClient(server.url);
    const entry = mount('fankui-entry');
    const sent = new Promise<{ ticketId: string }>((resolve) => client.on('sent', resolve));
    await client.submit(ANSWERS);
    const { ticketId } = await sent;
    await settle();
    expect(entry.querySelector('.fankui-badge')).toBeUndefined();

    const reply = await server.admin('POST', `/v1/admin/tickets/${ticketId}/replies`, { body: '已为您退款，请查收' });
    expect(reply.status).toBeLessThan(300);
    setDataCalls.length = 0;
    entry.triggerPageLifeTime('show');
    await expect.poll(() => text(entry, '.fankui-badge'), { timeout: 5_000 }).toBe('1 条新回复');
    expect(find(entry, '.fankui-badge--unread')).toBeDefined();
    expect(entry.data.ariaLabel).toBe('反馈与投诉, 1 条新回复');
    expect(maxSetDataBytes()).toBeLessThanOrEqual(500);
  });

  it('opens the feedback page on tap and emits `open` with the url', async () => {
    configureClient(undefined, { feedbackUrl: '/pages/help/feedback' });
    const entry = mount('fankui-entry');
    const opened: unknown[] = [];
    entry.addEventListener('open', (event: { detail: unknown }) => opened.push(event.detail));
    await settle();
    setDataCalls.length = 0;

    await tap(entry, '.fankui-entry');

    expect(opened).toEqual([{ url: '/pages/help/feedback' }]);
    expect(wx.current.calls).toContainEqual({ api: 'navigateTo', options: { url: '/pages/help/feedback' } });
    expect(setDataCalls).toEqual([]); // a tap changes nothing on screen
  });

  it('opens its own url, or only emits `open` when navigate is false', async () => {
    configureClient();
    await tap(mount('fankui-entry', { url: '/pages/feedback/index?from=mine' }), '.fankui-entry');
    expect(wx.current.calls).toContainEqual({ api: 'navigateTo', options: { url: '/pages/feedback/index?from=mine' } });

    wx.current.calls.length = 0;
    const entry = mount('fankui-entry', { navigate: false });
    const opened: unknown[] = [];
    entry.addEventListener('open', (event: { detail: unknown }) => opened.push(event.detail));
    await tap(entry, '.fankui-entry');
    expect(opened).toEqual([{ url: '/pages/feedback/index' }]);
    expect(wx.current.calls.filter((call) => call.api === 'navigateTo')).toEqual([]);
  });

  it('says how to fix a missing configure()', () => {
    // Like WeChat, the simulator reports a lifetime's error on the console and goes on.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    mount('fankui-entry');
    expect(errors.mock.calls.flat().map(String).join('\n')).toMatch(/not_configured|configure\(\{ client \}\)/);
    errors.mockRestore();
  });
});

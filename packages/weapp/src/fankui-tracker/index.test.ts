/**
 * fankui-tracker (with its fankui-ticket detail), BUILT, over a real client on the faithful
 * fake wx against the real reference server: what a user sees in 我的反馈, and what each
 * interaction sends to the render thread.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeWx, TINY_PNG } from '../../../client/tests/support/fake-wx';
import { startTestServer, type TestServer } from '../../../client/tests/support/server';
import { find, input, maxSetDataBytes, mount, setDataCalls, settle, tap, text, useFakeWx, weapp, type Mounted } from '../../tests/support/simulate';

const PAYMENT = { category: 'payment', subtypes: ['payment_failed'], amount: '99.00', transaction_time: '2026-11-23 08:30', description: '支付失败但是被扣款了\n订单号 20261123001' };
const CRASH = { category: 'malfunction', subtypes: ['crash'], description: '打开订单页就闪退' };
const wx = useFakeWx();
const clients: { close(): void }[] = [];
let server: TestServer;

afterEach(async () => {
  clients.splice(0).forEach((client) => client.close());
  await server?.close();
});

type Client = ReturnType<ReturnType<typeof weapp>['createWxClient']>;

async function setUp(settings: { locale?: string } = {}): Promise<Client> {
  server = await startTestServer();
  const { configure, createWxClient, DEFAULT_FORM } = weapp();
  const client = createWxClient({ endpoint: server.url, form: DEFAULT_FORM });
  clients.push(client);
  configure({ client, ...settings });
  return client;
}

/** Submits and waits until the server holds it: the ticket id. */
async function deliver(client: Client, answers: Record<string, unknown>): Promise<string> {
  const sent = new Promise<string>((resolve) => {
    const off = client.on('sent', ({ ticketId }) => {
      off();
      resolve(ticketId);
    });
  });
  await client.submit(answers);
  return sent;
}

async function operator(method: string, path: string, body?: unknown) {
  const answer = await server.admin(method, path, body);
  expect(answer.status, JSON.stringify(answer.json)).toBeLessThan(300);
}
const resolveTicket = async (id: string) => {
  await operator('PATCH', `/v1/admin/tickets/${id}`, { status: 'in_progress' });
  await operator('PATCH', `/v1/admin/tickets/${id}`, { status: 'resolved' });
};

/** The texts of a node in reading order (j-component's nodes answer selectors only at a component's root). */
type Dom = { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
const texts = (node: Mounted) => Array.from((node.dom as unknown as Dom).querySelectorAll('wx-text'), (part) => (part.textContent ?? '').trim()).filter(Boolean);
/** Each row as read on screen: status, category, unread badge, date, first line. */
const rows = (tracker: Mounted) => tracker.querySelectorAll('.fankui-row').map((row) => texts(row).join(' '));
const detailOf = (tracker: Mounted) => find(tracker, '.fankui-tracker__detail');
const timeline = (detail: Mounted) => detail.querySelectorAll('.fankui-event').map((event) => texts(event).join(' '));

/** Clears the setData log, runs one interaction, and returns the largest setData it caused. */
async function measured(interaction: () => Promise<unknown>): Promise<number> {
  setDataCalls.length = 0;
  await interaction();
  await settle(10);
  return maxSetDataBytes();
}

async function openRow(tracker: Mounted, index: number) {
  tracker.querySelectorAll('.fankui-row')[index]!.dispatchEvent('tap', { detail: { x: 10, y: 10 } });
  await settle(10);
  const detail = detailOf(tracker);
  await expect.poll(() => !!(detail.data.status || detail.data.notice), { timeout: 5_000 }).toBe(true);
  return detail;
}

describe('fankui-tracker', () => {
  it('lists the tickets newest first: category, first line, status, date', async () => {
    const client = await setUp();
    await deliver(client, PAYMENT);
    await deliver(client, CRASH);
    const tracker = mount('fankui-tracker');
    await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(2);

    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect(rows(tracker)).toEqual([`已受理 功能异常 ${day} 打开订单页就闪退`, `已受理 支付问题 ${day} 支付失败但是被扣款了`]);
    // The row's accessible name says it all in one go (the template composes it from these).
    expect(tracker.data.items[0]).toEqual({ status: 'acknowledged', category: '功能异常', summary: '打开订单页就闪退', date: day });
    expect(tracker.data.statusText.acknowledged).toBe('已受理');
    expect(tracker.querySelector('.fankui-notice')).toBeUndefined();
    expect(tracker.querySelector('.fankui-tracker__more')).toBeUndefined();
  });

  it('shows a submission still waiting to be sent first (待发送), from the cache with a notice when offline', async () => {
    const client = await setUp();
    await deliver(client, PAYMENT);
    const tracker = mount('fankui-tracker');
    await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(1);

    wx.current.setNetwork('none');
    await settle();
    const bytes = await measured(async () => {
      await client.submit(CRASH); // queued: the tracker refreshes on `queued`
      await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(2);
    });
    expect(rows(tracker)[0]).toMatch(/^待发送 功能异常 .* 打开订单页就闪退$/);
    expect(rows(tracker)[1]).toMatch(/^已受理 支付问题/);
    expect(text(tracker, '.fankui-notice')).toBe('当前离线，显示本地记录');
    expect(bytes).toBeLessThanOrEqual(500);

    // The queued one opens to what was written and the honest promise.
    const detail = await openRow(tracker, 0);
    expect(text(detail, '.fankui-tag')).toBe('待发送');
    expect(text(detail, '.fankui-ticket__summary')).toBe('打开订单页就闪退');
    expect(text(detail, '.fankui-notice')).toBe('网络恢复后将自动提交');
    expect(detail.querySelector('.fankui-ticket__number')).toBeUndefined();
  });

  it('opens a ticket: status, the number to quote, the answers with their labels, the timeline', async () => {
    const client = await setUp();
    const ticketId = await deliver(client, PAYMENT);
    const tracker = mount('fankui-tracker');
    const opened: unknown[] = [];
    tracker.addEventListener('open', (event) => opened.push(event.detail));
    await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(1);

    let detail!: Mounted;
    const bytes = await measured(async () => {
      detail = await openRow(tracker, 0);
    });
    expect(opened).toEqual([{ ticketId, pending: false }]);
    expect(tracker.querySelector('.fankui-row')).toBeUndefined(); // the list gives way to the detail
    expect(text(detail, '.fankui-tag')).toBe('已受理');
    expect(text(detail, '.fankui-ticket__category')).toBe('支付问题');
    expect(text(detail, '.fankui-ticket__id')).toBe(ticketId);
    expect(text(detail, '.fankui-ticket__number')).toContain('工单号');
    const answers = detail.querySelectorAll('.fankui-answer').map(texts);
    // The category heads the detail; the answers follow in the form's order.
    expect(answers).toEqual([
      ['具体问题（可多选）', '支付失败'],
      ['交易金额（元）', '99.00'],
      ['交易时间', '2026-11-23 08:30'],
      ['问题描述', '支付失败但是被扣款了\n订单号 20261123001'],
    ]);
    expect(timeline(detail)).toEqual([
      // Today's events show the time alone, as chats do.
      expect.stringMatching(/^(\d\d-\d\d )?\d\d:\d\d 已提交$/),
      expect.stringMatching(/^(\d\d-\d\d )?\d\d:\d\d 已受理 已收到，正在处理中，我们将在 30 分钟内回复$/),
    ]);
    expect(detail.querySelector('.fankui-ticket__rate')).toBeUndefined();
    expect(detail.querySelector('.fankui-ticket__reopen-ask')).toBeUndefined();
    expect(detail.querySelector('.fankui-ticket__message')).toBeDefined();
    expect(bytes).toBeLessThanOrEqual(500);

    // Back to the list.
    const back = await measured(() => tap(detail, '.fankui-ticket__back'));
    await expect.poll(() => rows(tracker).length).toBe(1);
    expect(back).toBeLessThanOrEqual(500);
  });

  it('shows an operator reply: the unread badge on the row when the page shows, then in the timeline', async () => {
    const client = await setUp();
    const ticketId = await deliver(client, PAYMENT);
    const tracker = mount('fankui-tracker');
    await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(1);
    await operator('POST', `/v1/admin/tickets/${ticketId}/replies`, { body: '已为您退款，请查收' });

    const shown = await measured(async () => {
      tracker.triggerPageLifeTime('show');
      await expect.poll(() => text(tracker, '.fankui-badge'), { timeout: 5_000 }).toBe('1 条新回复');
    });
    expect(tracker.data.items[0].unread).toBe('1 条新回复');
    // Only the changed row went over.
    expect(setDataCalls.flatMap((call) => Object.keys(call.data))).toEqual(['items[0]']);
    expect(shown).toBeLessThanOrEqual(500);

    const detail = await openRow(tracker, 0);
    // The reply, under the operator's name, and the status it moved the ticket to.
    expect(timeline(detail).slice(-2)).toEqual([expect.stringMatching(/^operator · .* 客服回复 已为您退款，请查收$/), expect.stringMatching(/ 状态变为 处理中$/)]);
    expect(text(detail, '.fankui-event--reply')).toMatch(/客服回复/);
    await tap(detail, '.fankui-ticket__back');
    // Opening it read the reply: the badge is gone.
    await expect.poll(() => tracker.querySelector('.fankui-badge'), { timeout: 5_000 }).toBeUndefined();
  });

  it('adds information: the message joins the timeline and the box empties', async () => {
    const client = await setUp();
    const ticketId = await deliver(client, PAYMENT);
    const tracker = mount('fankui-tracker');
    const messaged: unknown[] = [];
    tracker.addEventListener('messaged', (event) => messaged.push(event.detail));
    await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(1);
    const detail = await openRow(tracker, 0);

    const typed = await measured(() => input(detail, '.fankui-ticket__text', '补充：扣款时间是昨天晚上 8 点'.repeat(20)));
    expect(typed).toBeLessThanOrEqual(500); // a keystroke never sends the text
    expect(setDataCalls.map((call) => call.data)).toEqual([{ messageReady: true }]);
    await input(detail, '.fankui-ticket__text', '补充：扣款时间是昨天晚上 8 点');

    const sent = await measured(async () => {
      await tap(detail, '.fankui-ticket__send');
      await expect.poll(() => messaged.length, { timeout: 5_000 }).toBe(1);
    });
    expect(messaged).toEqual([{ ticketId }]);
    expect(timeline(detail).at(-1)).toMatch(/ 我补充了信息 补充：扣款时间是昨天晚上 8 点$/);
    expect(detail.data.round).toBe(1); // a new, empty text box
    expect(detail.data.messageReady).toBe(false);
    expect(sent).toBeLessThanOrEqual(500);
  });

  it('keeps what was typed when sending fails, says so, and emits `error`', async () => {
    const client = await setUp();
    const ticketId = await deliver(client, PAYMENT);
    const tracker = mount('fankui-tracker');
    const errors: unknown[] = [];
    tracker.addEventListener('error', (event) => errors.push(event.detail));
    await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(1);
    const detail = await openRow(tracker, 0);
    await input(detail, '.fankui-ticket__text', '补充：订单号 20261123001');

    wx.current.setNetwork('none');
    await settle();
    await tap(detail, '.fankui-ticket__send');
    await expect.poll(() => errors.length, { timeout: 5_000 }).toBe(1);
    expect(errors).toEqual([{ ticketId, action: 'message', code: 'network_error' }]);
    expect(text(detail, '.fankui-notice')).toBe('操作失败，请重试');
    expect(detail.data.round).toBe(0); // the same text box, with the text still in it
    expect(detail.data.messageReady).toBe(true);

    // Back online, the same tap sends it.
    wx.current.setNetwork('wifi');
    await settle();
    await tap(detail, '.fankui-ticket__send');
    await expect.poll(() => timeline(detail).at(-1), { timeout: 5_000 }).toMatch(/ 我补充了信息 补充：订单号 20261123001$/);
    expect(detail.querySelector('.fankui-notice')).toBeUndefined();
  });

  it('rates a resolved ticket once: stars, a comment, then the rating on the timeline', async () => {
    const client = await setUp();
    const ticketId = await deliver(client, PAYMENT);
    await resolveTicket(ticketId);
    const tracker = mount('fankui-tracker');
    const rated: unknown[] = [];
    tracker.addEventListener('rated', (event) => rated.push(event.detail));
    await expect.poll(() => rows(tracker)[0], { timeout: 5_000 }).toMatch(/^已解决/);
    const detail = await openRow(tracker, 0);
    expect(text(detail, '.fankui-compose__label')).toBe('对本次处理满意吗？');
    const stars = detail.querySelectorAll('.fankui-star');
    expect(stars).toHaveLength(5);
    expect(detail.data.text.stars).toEqual(['1 星', '2 星', '3 星', '4 星', '5 星']);
    expect(detail.data.score).toBe(0);

    const starTap = await measured(async () => {
      stars[3]!.dispatchEvent('tap', { detail: { x: 1, y: 1 } });
    });
    expect(setDataCalls.map((call) => call.data)).toEqual([{ score: 4 }]);
    expect(starTap).toBeLessThanOrEqual(500);
    expect(detail.querySelectorAll('.fankui-star--on')).toHaveLength(4);

    await input(detail, '.fankui-ticket__comment', '退款到账了');
    const submitted = await measured(async () => {
      await tap(detail, '.fankui-ticket__rate-submit');
      await expect.poll(() => rated.length, { timeout: 5_000 }).toBe(1);
    });
    expect(rated).toEqual([{ ticketId, score: 4 }]);
    expect(timeline(detail).at(-1)).toMatch(/ 已评价 4 星 退款到账了$/);
    expect(detail.querySelector('.fankui-ticket__rate')).toBeUndefined(); // once per resolution
    expect(submitted).toBeLessThanOrEqual(500);
  });

  it('reopens a resolved ticket with a reason (问题未解决)', async () => {
    const client = await setUp();
    const ticketId = await deliver(client, PAYMENT);
    await resolveTicket(ticketId);
    const tracker = mount('fankui-tracker');
    const reopened: unknown[] = [];
    tracker.addEventListener('reopened', (event) => reopened.push(event.detail));
    await expect.poll(() => rows(tracker)[0], { timeout: 5_000 }).toMatch(/^已解决/);
    const detail = await openRow(tracker, 0);

    const asked = await measured(() => tap(detail, '.fankui-ticket__reopen-ask'));
    expect(asked).toBeLessThanOrEqual(500);
    expect(detail.querySelectorAll('.fankui-compose__label').map((label) => label.dom.textContent)).toContain('问题未解决');
    expect(detail.querySelector('.fankui-ticket__reason')).toBeDefined();
    expect(detail.data.reasonReady).toBe(false);
    await input(detail, '.fankui-ticket__reason', '钱还没有退回来');

    const sent = await measured(async () => {
      await tap(detail, '.fankui-ticket__reopen-submit');
      await expect.poll(() => reopened.length, { timeout: 5_000 }).toBe(1);
    });
    expect(reopened).toEqual([{ ticketId }]);
    expect(text(detail, '.fankui-tag')).toBe('处理中');
    expect(timeline(detail).at(-1)).toMatch(/ 已重新打开：钱还没有退回来$/);
    expect(detail.querySelector('.fankui-ticket__reopen')).toBeUndefined();
    expect(detail.querySelector('.fankui-ticket__reopen-ask')).toBeUndefined();
    expect(sent).toBeLessThanOrEqual(500);
  });

  for (const locale of ['zh-CN', 'en-US'] as const) {
    it(`opens a resolved ticket with a reply in one small setData (${locale})`, async () => {
      const client = await setUp({ locale });
      const ticketId = await deliver(client, PAYMENT);
      await operator('POST', `/v1/admin/tickets/${ticketId}/replies`, { body: '已为您退款，请查收' });
      await operator('PATCH', `/v1/admin/tickets/${ticketId}`, { status: 'resolved' });
      const tracker = mount('fankui-tracker');
      await expect.poll(() => tracker.data.items[0]?.status, { timeout: 5_000 }).toBe('resolved');

      let detail!: Mounted;
      const bytes = await measured(async () => {
        detail = await openRow(tracker, 0);
        await expect.poll(() => timeline(detail).length, { timeout: 5_000 }).toBe(5);
      });
      const zh = locale === 'zh-CN';
      // Every line as the user reads it, though the events crossed as short keys.
      expect(timeline(detail)).toEqual([
        expect.stringMatching(zh ? / 已提交$/ : / Submitted$/),
        expect.stringMatching(zh ? / 已受理 已收到，正在处理中/ : / Received 已收到，正在处理中/),
        expect.stringMatching(zh ? /^operator · .* 客服回复 已为您退款，请查收$/ : /^operator · .* Support replied 已为您退款，请查收$/),
        expect.stringMatching(zh ? / 状态变为 处理中$/ : / Status changed to In progress$/),
        expect.stringMatching(zh ? /^operator · .* 状态变为 已解决$/ : /^operator · .* Status changed to Resolved$/),
      ]);
      expect(text(detail, '.fankui-event--reply')).toMatch(zh ? /客服回复/ : /Support replied/);
      expect(text(detail, '.fankui-tag')).toBe(zh ? '已解决' : 'Resolved');
      expect(detail.querySelector('.fankui-ticket__rate')).toBeDefined();
      // One tap, two setData: the tracker switches to the detail (`openId`), then the detail's
      // head and timeline in one (the status and line texts went once, at attach).
      expect(setDataCalls.map((call) => Object.keys(call.data)[0])).toEqual(['openId', 'status']);
      expect(setDataCalls[0]!.bytes).toBeLessThan(60);
      expect(bytes).toBeLessThanOrEqual(500);
    });
  }

  it('shows the submitted images as thumbnails once downloaded; a tap previews them; a failed one is a tile', async () => {
    const client = await setUp();
    const first = await client.attachments.add(wx.current.addTempFile(TINY_PNG));
    const second = await client.attachments.add(wx.current.addTempFile(TINY_PNG));
    const ticketId = await deliver(client, { ...CRASH, screenshots: [first.id, second.id] });
    const tracker = mount('fankui-tracker');
    await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(1);

    const bytes = await measured(async () => {
      const detail = await openRow(tracker, 0);
      await expect.poll(() => detail.data.shots.filter(Boolean).length, { timeout: 5_000 }).toBe(2);
    });
    expect(bytes).toBeLessThanOrEqual(500);
    // The head went first; each thumbnail followed on its own, by path.
    expect(setDataCalls.slice(-2).map((call) => Object.keys(call.data))).toEqual([['shots[0]'], ['shots[1]']]);
    const detail = detailOf(tracker);
    const srcs = detail.data.shots as string[];
    // What the image shows is the file wx.downloadFile saved: the submitted bytes.
    for (const src of srcs) expect([...wx.current.files.get(src)!]).toEqual([...TINY_PNG]);
    const images = detail.querySelectorAll('.fankui-shot');
    // j-component renders no attributes: the src is `shots[i]`, bound in the template.
    expect(images).toHaveLength(2);
    expect(detail.querySelector('.fankui-shot--failed')).toBeUndefined();
    expect(detail.data.shotLabels).toEqual(['截图 1', '截图 2']);
    expect(text(detail, '.fankui-answers')).toContain('2 张图片');

    images[1]!.dispatchEvent('tap', { detail: { x: 1, y: 1 } });
    await settle();
    expect(wx.current.calls.filter((call) => call.api === 'previewImage').map((call) => call.options)).toEqual([{ urls: srcs, current: srcs[1] }]);

    // Another device (another reporter) cannot download them: placeholder tiles, no error page.
    await tap(detail, '.fankui-ticket__back');
    const { configure, createWxClient, DEFAULT_FORM } = weapp();
    const stranger = createWxClient({ endpoint: server.url, form: DEFAULT_FORM, wx: createFakeWx() });
    clients.push(stranger);
    const cached = await client.tickets.get(ticketId);
    stranger.tickets.get = async () => cached; // the detail as the owner saw it; the images are still theirs only
    configure({ client: stranger });
    const other = mount('fankui-ticket', { ticketId });
    await expect.poll(() => other.querySelectorAll('.fankui-shot--failed').length, { timeout: 5_000 }).toBe(2);
    expect(other.data.shots).toEqual([null, null]);
    expect(text(other, '.fankui-shot--failed')).toBe('图片无法加载');
    expect(other.querySelector('.fankui-notice')).toBeUndefined();
    expect(text(other, '.fankui-ticket__category')).toBe('功能异常');
  });

  it('offline: the cached list and the cached detail, each with its notice', async () => {
    const client = await setUp();
    await deliver(client, PAYMENT);
    const tracker = mount('fankui-tracker');
    await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(1);
    await openRow(tracker, 0); // kept for offline reading
    await tap(detailOf(tracker), '.fankui-ticket__back');

    wx.current.setNetwork('none');
    await settle();
    tracker.triggerPageLifeTime('show');
    await expect.poll(() => text(tracker, '.fankui-notice'), { timeout: 5_000 }).toBe('当前离线，显示本地记录');
    expect(rows(tracker)[0]).toMatch(/^已受理 支付问题/);

    const detail = await openRow(tracker, 0);
    expect(text(detail, '.fankui-notice')).toBe('当前离线，显示的是上次同步的内容');
    expect(text(detail, '.fankui-answer__value')).toBe('支付失败');
    expect(timeline(detail)).toHaveLength(2);
  });

  it('opens straight on `ticket-id`, loads more with the cursor, and speaks English', async () => {
    const client = await setUp({ locale: 'en-US' });
    const first = await deliver(client, PAYMENT);
    await deliver(client, CRASH);
    await deliver(client, { category: 'suggestion', description: '希望增加夜间模式' });

    const direct = mount('fankui-tracker', { ticketId: first });
    await expect.poll(() => text(detailOf(direct), '.fankui-ticket__id'), { timeout: 5_000 }).toBe(first);
    expect(text(detailOf(direct), '.fankui-ticket__category')).toBe('Payment');
    expect(text(detailOf(direct), '.fankui-answer__label')).toBe('What happened (choose any)');
    expect(text(detailOf(direct), '.fankui-answer__value')).toBe('Payment failed');

    const tracker = mount('fankui-tracker', { pageSize: 2 });
    await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(2);
    expect(text(tracker, '.fankui-tracker__more')).toBe('Load more');
    const more = await measured(async () => {
      await tap(tracker, '.fankui-tracker__more');
      await expect.poll(() => rows(tracker).length, { timeout: 5_000 }).toBe(3);
    });
    // The next page is appended by path; the rows already shown are not sent again.
    expect(setDataCalls.flatMap((call) => Object.keys(call.data)).filter((key) => key.startsWith('items'))).toEqual(['items[2]']);
    expect(rows(tracker)[2]).toMatch(/^Received Payment/);
    expect(tracker.querySelector('.fankui-tracker__more')).toBeUndefined();
    expect(more).toBeLessThanOrEqual(500);
  });
});

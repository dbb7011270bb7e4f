import { afterEach, describe, expect, it, vi } from 'vitest';
import { TINY_PNG } from '../../../client/tests/support/fake-wx';
import { startTestServer, type TestServer } from '../../../client/tests/support/server';
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeWechat, type FakeWechat } from '../../../server/tests/support/fake-wechat';
import { change, find, input, maxSetDataBytes, mount, setDataCalls, settle, tap, text, useFakeWx, weapp, type Mounted } from '../../tests/support/simulate';
import type { FieldView } from './view';

const wx = useFakeWx();
const clients: { close(): void }[] = [];
let server: TestServer | undefined;
/** The largest `setData` any interaction of this file sent (reported by the last test). */
let largest = 0;

/** Forms still on screen; detached after each test, while its `wx` is still the global one (a pending draft write must not land in the next test's storage). */
const mounted: Mounted[] = [];

afterEach(async () => {
  for (const form of mounted.splice(0)) form.detach();
  clients.splice(0).forEach((client) => client.close());
  await server?.close();
  server = undefined;
});

const PROMISE_30_MIN = '已收到，正在处理中，我们将在 30 分钟内回复';
const DESCRIPTION = '昨天支付失败了，但是银行卡被扣款了 199 元';

/** A real client over the fake wx (the global one, as in an app), handed over with `configure`. */
function configureClient(endpoint = 'http://127.0.0.1:9', settings: { locale?: string } = {}) {
  const { configure, createWxClient, DEFAULT_FORM, validateAnswers } = weapp();
  const client = createWxClient({ endpoint, form: DEFAULT_FORM, validate: validateAnswers });
  clients.push(client);
  configure({ client, ...settings });
  return client;
}

async function mountForm(properties: Record<string, unknown> = {}): Promise<Mounted> {
  const form = mount('fankui-form', properties);
  mounted.push(form);
  await settle();
  return form;
}

const fieldOf = (form: Mounted, id: string) => (form.data.fields as FieldView[]).find((field) => field.id === id)!;
const at = (id: string, selector = '') => `.fankui-field-${id}${selector ? ` ${selector}` : ''}`;
const shownFields = (form: Mounted) => (form.data.fields as FieldView[]).filter((field) => field.shown).map((field) => field.id);
const errorOf = (form: Mounted, id: string) => text(form, at(id, '.fankui-field__error'));
/** The value of the box labelled `label`: its position among the options offered. */
function position(form: Mounted, id: string, label: string): string {
  const index = (fieldOf(form, id).options as string[]).indexOf(label);
  expect(index, `${label} in ${id}`).toBeGreaterThanOrEqual(0);
  return String(index);
}
/** The labels of the ticked boxes of a checkbox or radio group. */
const ticked = (form: Mounted, id: string) => (fieldOf(form, id).options as string[]).filter((_, index) => (fieldOf(form, id).checked as boolean[])[index]);

/** What a user does, each measured: one interaction, one `setData` of at most 500 bytes. */
async function measured(interaction: Promise<void>): Promise<void> {
  setDataCalls.length = 0;
  await interaction;
  await settle();
  largest = Math.max(largest, maxSetDataBytes());
  expect(maxSetDataBytes(), JSON.stringify(setDataCalls.map((call) => call.data))).toBeLessThanOrEqual(500);
}
const user = {
  /** Opens the picker and picks the option labelled `label`. */
  pick: (form: Mounted, id: string, label: string) => {
    const index = (fieldOf(form, id).labels as string[]).indexOf(label);
    expect(index, `${label} in ${id}`).toBeGreaterThanOrEqual(0);
    return measured(change(form, at(id, '.fankui-select'), index));
  },
  /** Ticks exactly the boxes labelled `labels` (a checkbox-group sends the values of the ticked boxes: their positions). */
  tick: (form: Mounted, id: string, labels: string[]) => measured(change(form, at(id, '.fankui-options'), labels.map((label) => position(form, id, label)))),
  /** Chooses one radio (a radio-group sends the one value). */
  choose: (form: Mounted, id: string, label: string) => measured(change(form, at(id, '.fankui-options'), position(form, id, label))),
  consent: (form: Mounted, given: boolean) => measured(change(form, '.fankui-consent', given ? ['consent'] : [])),
  date: (form: Mounted, id: string, date: string) => measured(change(form, at(id, '.fankui-datetime__date'), date)),
  time: (form: Mounted, id: string, time: string) => measured(change(form, at(id, '.fankui-datetime__time'), time)),
  type: (form: Mounted, selector: string, value: string) => measured(input(form, selector, value)),
  tap: (form: Mounted, selector: string) => measured(tap(form, selector)),
};

/** A request body as the server read it (wx.request sends objects as JSON). */
const body = (data: unknown) => (typeof data === 'string' ? JSON.parse(data) : data);

/** The submission the server received (the body of the last `POST /v1/submissions`). */
function sentSubmission() {
  const request = wx.current.requests.filter((logged) => logged.url.endsWith('/v1/submissions')).pop();
  expect(request, 'POST /v1/submissions').toBeDefined();
  return (body(request!.data) as { submissions: Record<string, unknown>[] }).submissions[0]!;
}

describe('fankui-form', () => {
  it('shows the default form: the category picker with its placeholder, the description with a counter, screenshots, contact', async () => {
    configureClient();
    const form = await mountForm();

    expect(shownFields(form)).toEqual(['category', 'description', 'screenshots', 'contact']);
    expect(text(form, at('category', '.fankui-picker__text'))).toBe('请选择');
    expect(fieldOf(form, 'category').labels).toContain('支付问题');
    expect(text(form, at('description', '.fankui-counter'))).toBe('0/500');
    expect(find(form, at('description', '.fankui-textarea__input'))).toBeDefined();
    expect(form.querySelectorAll('.fankui-contact__input')).toHaveLength(3);
    expect(text(form, '.fankui-form__submit')).toBe('提交');
    // Accessible names of the custom tappables.
    expect(fieldOf(form, 'category').display).toBe('请选择');
    expect(form.data.texts.addImage).toBe('添加图片');
    expect(form.querySelector(at('amount'))).toBeUndefined();
  });

  it('fills a payment complaint and the server receives it in wire format, then promises a response time', async () => {
    server = await startTestServer();
    const client = configureClient(server.url);
    const submitted: unknown[] = [];
    const form = await mountForm();
    form.addEventListener('submitted', (event: { detail: unknown }) => submitted.push(event.detail));

    await user.pick(form, 'category', '支付问题');
    expect(text(form, at('category', '.fankui-picker__text'))).toBe('支付问题');
    // The payment fields appear with the category; sub-types are the payment ones.
    expect(shownFields(form)).toEqual(['category', 'subtypes', 'amount', 'transaction_time', 'description', 'screenshots', 'contact']);
    expect(form.querySelectorAll(at('subtypes', '.fankui-option__label')).map((label) => label.dom.textContent)).toEqual(['支付失败', '异常扣款', '重复扣款', '退款问题', '发票问题']);

    await user.tick(form, 'subtypes', ['支付失败']);
    await user.tick(form, 'subtypes', ['支付失败', '异常扣款']);
    expect(ticked(form, 'subtypes')).toEqual(['支付失败', '异常扣款']);

    // The transaction time from a date picker and a time picker, not typed in a strict format.
    expect(text(form, at('transaction_time', '.fankui-datetime__date'))).toBe('选择日期');
    await user.date(form, 'transaction_time', '2026-11-23');
    await user.time(form, 'transaction_time', '08:30');
    expect(text(form, at('transaction_time', '.fankui-datetime__date'))).toBe('2026-11-23');
    expect(text(form, at('transaction_time', '.fankui-datetime__time'))).toBe('08:30');

    expect(fieldOf(form, 'amount').type).toBe('digit');
    await user.type(form, at('amount', '.fankui-input'), '199.00');
    await user.type(form, at('description', '.fankui-textarea__input'), DESCRIPTION);
    expect(text(form, at('description', '.fankui-counter'))).toBe(`${DESCRIPTION.length}/500`);
    await user.type(form, '.fankui-contact__input', '13800138000');
    await user.consent(form, true);

    const sent = new Promise<{ localId: string; ticketId: string }>((resolve) => client.on('sent', resolve));
    await user.tap(form, '.fankui-form__submit');

    expect(text(form, '.fankui-ack__message')).toBe(PROMISE_30_MIN);
    expect(submitted).toEqual([{ localId: expect.any(String), ack: { message: PROMISE_30_MIN, priority: 'high' }, offline: false }]);
    const { ticketId } = await sent;
    expect(sentSubmission()).toMatchObject({
      form: { id: 'feedback', version: 1 },
      answers: { category: 'payment', subtypes: ['payment_failed', 'unexpected_charge'], amount: '199.00', transaction_time: '2026-11-23 08:30', description: DESCRIPTION },
      contact: { phone: '13800138000' },
      consent: { contact: true },
    });
    const ticket = await client.tickets.get(ticketId);
    expect(ticket).toMatchObject({ priority: 'high', category: 'payment', answers: { transaction_time: '2026-11-23 08:30', amount: '199.00' } });
    // Submitted: the draft is gone.
    expect(wx.current.storage.has('fankui:draft:feedback')).toBe(false);
  });

  it('sends device details only when the reporter ticks 附带设备信息, unticked at first and after 继续反馈', async () => {
    server = await startTestServer();
    configureClient(server.url);
    const form = await mountForm();
    const box = '.fankui-share-context';
    expect(text(form, `${box} .fankui-option__label`)).toBe('附带设备信息，便于排查问题');
    expect(form.data.shareContext).toBe(false);
    const complain = async (share: boolean) => {
      await user.pick(form, 'category', '功能异常');
      await user.tick(form, 'subtypes', ['闪退/崩溃']);
      await user.type(form, at('description', '.fankui-textarea__input'), '更新后一打开就闪退');
      if (share) await measured(change(form, box, ['context']));
      await user.tap(form, '.fankui-form__submit');
      await expect.poll(() => wx.current.requests.filter((logged) => logged.url.endsWith('/v1/submissions')).length).toBeGreaterThan(0);
      return sentSubmission();
    };

    const kept = await complain(false);
    expect(kept.consent).toEqual({ contact: false, context: false });
    expect(kept.context).toEqual({ platform: 'weapp', sdkVersion: expect.any(String), locale: 'zh-CN' });

    // 继续反馈: the second button of the acknowledgement.
    form.querySelectorAll('.fankui-ack .fankui-button')[1]!.dispatchEvent('tap', { detail: { x: 10, y: 10 } });
    await settle();
    expect(form.data.shareContext).toBe(false);
    wx.current.requests.length = 0;
    const shared = await complain(true);
    expect(shared.consent).toEqual({ contact: false, context: true });
    expect(shared.context).toMatchObject({ platform: 'weapp', networkType: expect.any(String), system: expect.any(Object) });
  });

  it('offline: says honestly that it is only saved, then gives the promise once the queue delivered it', async () => {
    server = await startTestServer();
    wx.current.setNetwork('none');
    const client = configureClient(server.url);
    const submitted: { offline: boolean }[] = [];
    const form = await mountForm();
    form.addEventListener('submitted', (event: { detail: { offline: boolean } }) => submitted.push(event.detail));

    await user.pick(form, 'category', '功能异常');
    await user.tick(form, 'subtypes', ['闪退/崩溃']);
    await user.type(form, at('description', '.fankui-textarea__input'), '更新后一打开就闪退');
    await user.tap(form, '.fankui-form__submit');

    expect(text(form, '.fankui-ack__message')).toBe('已保存，联网后自动提交');
    expect(form.querySelector('.fankui-ack--waiting')).toBeDefined();
    expect(submitted).toMatchObject([{ offline: true }]);
    expect(client.status()).toEqual({ online: false, pending: 1 });

    setDataCalls.length = 0;
    wx.current.setNetwork('wifi');
    await expect.poll(() => text(form, '.fankui-ack__message'), { timeout: 5_000 }).toBe('已收到，正在处理中，我们将在 4 小时内回复');
    expect(form.querySelector('.fankui-ack--waiting')).toBeUndefined();
    expect(client.status().pending).toBe(0);
    expect(maxSetDataBytes()).toBeLessThanOrEqual(500);
    expect(sentSubmission()).toMatchObject({ answers: { category: 'malfunction', subtypes: ['crash'], description: '更新后一打开就闪退' } });
  });

  it('shows per-field errors after the first attempt, scrolls to the first, and clears them as the user fixes them', async () => {
    configureClient();
    const scrolled: unknown[] = [];
    (wx.current as unknown as { pageScrollTo: (options: unknown) => void }).pageScrollTo = (options) => scrolled.push(options);
    const form = await mountForm();

    // Nothing is flagged before the first attempt.
    await user.type(form, at('description', '.fankui-textarea__input'), '卡');
    expect(errorOf(form, 'description')).toBe('');

    await user.tap(form, '.fankui-form__submit');
    expect(errorOf(form, 'category')).not.toBe('');
    expect(errorOf(form, 'description')).toMatch(/5/);
    expect(form.querySelector(at('category') + '.fankui-field--error')).toBeDefined();
    expect(wx.current.calls).toContainEqual({ api: 'showToast', options: { title: '请检查标红的内容', icon: 'none' } });
    await settle();
    expect(scrolled).toEqual([{ scrollTop: expect.any(Number), duration: 200 }]);
    expect(text(form, '.fankui-ack__message')).toBe('');

    // Then errors follow every change.
    await user.pick(form, 'category', '支付问题');
    expect(errorOf(form, 'category')).toBe('');
    await user.type(form, at('amount', '.fankui-input'), '12.345');
    expect(errorOf(form, 'amount')).not.toBe('');
    await user.type(form, at('amount', '.fankui-input'), '12.34');
    expect(errorOf(form, 'amount')).toBe('');
    await user.date(form, 'transaction_time', '2026-11-23');
    expect(errorOf(form, 'transaction_time')).not.toBe(''); // a date without its time is not a transaction time yet
    await user.time(form, 'transaction_time', '21:05');
    expect(errorOf(form, 'transaction_time')).toBe('');
    await user.type(form, at('description', '.fankui-textarea__input'), '卡在支付页面了');
    expect(errorOf(form, 'description')).toBe('');
    // A phone number without consent asks for the consent.
    await user.type(form, '.fankui-contact__input', '13800138000');
    expect(errorOf(form, 'contact')).toContain('同意客服通过以上方式联系我');
    await user.consent(form, true);
    expect(form.querySelectorAll('.fankui-field__error')).toHaveLength(0);
  });

  it('speaks English with an en-US locale, errors included', async () => {
    configureClient(undefined, { locale: 'en-US' });
    const form = await mountForm();
    expect(text(form, at('category', '.fankui-picker__text'))).toBe('Choose');
    await user.pick(form, 'category', 'Payment');
    expect(text(form, at('transaction_time', '.fankui-datetime__time'))).toBe('Pick a time');
    await user.tap(form, '.fankui-form__submit');
    expect(errorOf(form, 'description')).toMatch(/^[\x20-\x7e]+$/);
    expect(text(form, '.fankui-form__submit')).toBe('Submit');
  });

  it('sends at most 500 bytes whichever category is picked, in either language', async () => {
    for (const locale of ['zh-CN', 'en-US']) {
      configureClient(undefined, { locale });
      const form = await mountForm();
      for (const label of fieldOf(form, 'category').labels as string[]) await user.pick(form, 'category', label);
      weapp().resetConfiguration();
    }
  });

  it('keeps a draft across unmount and restart, and says it restored it', async () => {
    configureClient();
    const first = await mountForm();
    await user.pick(first, 'category', '支付问题');
    await user.tick(first, 'subtypes', ['退款问题']);
    await user.date(first, 'transaction_time', '2026-11-20');
    await user.type(first, at('description', '.fankui-textarea__input'), '退款一直没有到账');
    first.detach(); // leaving the page writes at once

    expect(JSON.parse(wx.current.storage.get('fankui:draft:feedback') as string)).toMatchObject({
      answers: { category: 'payment', subtypes: ['refund'], transaction_time: '2026-11-20', description: '退款一直没有到账' },
    });

    // A restart: another client over the same storage, the page opened again.
    clients.splice(0).forEach((client) => client.close());
    weapp().resetConfiguration();
    configureClient();
    const again = await mountForm();
    expect(text(again, '.fankui-notice')).toBe('已恢复上次未提交的内容');
    expect(text(again, at('category', '.fankui-picker__text'))).toBe('支付问题');
    expect(ticked(again, 'subtypes')).toEqual(['退款问题']);
    expect(text(again, at('transaction_time', '.fankui-datetime__date'))).toBe('2026-11-20');
    expect(fieldOf(again, 'description').value).toBe('退款一直没有到账');
    expect(text(again, at('description', '.fankui-counter'))).toBe('8/500');
  });

  it('writes the draft once typing pauses, and forgets an emptied form', async () => {
    configureClient();
    const form = await mountForm();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      find(form, at('description', '.fankui-textarea__input')).dispatchEvent('input', { detail: { value: '页面', cursor: 2, keyCode: 0 } });
      await vi.advanceTimersByTimeAsync(100);
      expect(wx.current.storage.has('fankui:draft:feedback')).toBe(false);
      await vi.advanceTimersByTimeAsync(400);
      expect(JSON.parse(wx.current.storage.get('fankui:draft:feedback') as string).answers).toEqual({ description: '页面' });
      find(form, at('description', '.fankui-textarea__input')).dispatchEvent('input', { detail: { value: '', cursor: 0, keyCode: 8 } });
      await vi.advanceTimersByTimeAsync(10);
      expect(wx.current.storage.has('fankui:draft:feedback')).toBe(false);
      // The app goes to the background (it may be killed there): written at once, no waiting.
      find(form, at('description', '.fankui-textarea__input')).dispatchEvent('input', { detail: { value: '页面白屏', cursor: 4, keyCode: 0 } });
      await vi.advanceTimersByTimeAsync(0);
      form.triggerPageLifeTime('hide');
      expect(JSON.parse(wx.current.storage.get('fankui:draft:feedback') as string).answers).toEqual({ description: '页面白屏' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('attaches screenshots: picked, kept in user data storage, shown, removable, and sent with the submission', async () => {
    server = await startTestServer();
    const client = configureClient(server.url);
    const form = await mountForm();
    wx.current.queuePick(TINY_PNG);
    wx.current.queuePick(TINY_PNG);

    await user.tap(form, at('screenshots', '.fankui-image--add'));
    await settle(10);
    const items = fieldOf(form, 'screenshots').items as string[];
    expect(items).toHaveLength(2);
    for (const src of items) {
      expect(src).toMatch(/^wxfile:\/\/usr\//); // the kept copy, not WeChat's temp file
      expect(wx.current.files.has(src)).toBe(true);
    }
    expect(form.querySelectorAll('.fankui-image__picture')).toHaveLength(2);
    expect(fieldOf(form, 'screenshots').removeLabels).toContain('删除第 2 张图片');

    await user.tap(form, '.fankui-image__remove');
    await settle();
    expect(fieldOf(form, 'screenshots').items).toEqual([items[1]]);
    expect(wx.current.files.has(items[0]!)).toBe(false);

    await user.pick(form, 'category', '功能异常');
    await user.type(form, at('description', '.fankui-textarea__input'), '页面打不开，见截图');
    const sent = new Promise<{ ticketId: string }>((resolve) => client.on('sent', resolve));
    await user.tap(form, '.fankui-form__submit');
    const ticket = await client.tickets.get((await sent).ticketId);
    expect(ticket.attachments).toHaveLength(1);
    expect((ticket.answers as { screenshots: string[] }).screenshots).toEqual(ticket.attachments);
    expect(wx.current.requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toContain('POST /v1/attachments');
  });

  it('offers self-help for the category and records 已解决 as a deflection', async () => {
    server = await startTestServer();
    configureClient(server.url);
    const deflected: unknown[] = [];
    const form = await mountForm();
    form.addEventListener('deflected', (event: { detail: unknown }) => deflected.push(event.detail));
    expect(form.querySelector('.fankui-selfhelp')).toBeUndefined();

    const picked = wx.current.queuePick(TINY_PNG);
    await user.tap(form, at('screenshots', '.fankui-image--add'));
    const [kept] = fieldOf(form, 'screenshots').items as string[];
    expect(kept).not.toBe(picked);
    expect(wx.current.files.has(kept!)).toBe(true);

    await user.pick(form, 'category', '支付问题');
    expect(text(form, '.fankui-selfhelp__text')).toBe('支付失败？先看看这些解决办法');
    expect(form.data.help.body).toBe(''); // the body waits until asked for
    await user.tap(form, '.fankui-selfhelp__title');
    expect(text(form, '.fankui-selfhelp__body')).toContain('原路退回');
    expect(form.data.help.open).toBe(true);

    await user.tap(form, '.fankui-selfhelp__solved');
    expect(text(form, '.fankui-ack__message')).toBe('太好了，问题已解决');
    expect(deflected).toEqual([{ articleId: 'payment_faq', category: 'payment' }]);
    await settle();
    expect(wx.current.files.has(kept!)).toBe(false); // no submission will need the kept screenshot
    await expect
      .poll(() => wx.current.requests.filter((request) => request.url.endsWith('/v1/deflections')).map((request) => body(request.data)), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ articleId: 'payment_faq', category: 'payment' })]);
  });

  it('after submitting: 查看我的反馈 emits viewtickets and opens the tracker; 继续反馈 starts afresh', async () => {
    wx.current.setNetwork('none');
    configureClient();
    const form = await mountForm({ trackerUrl: '/pages/feedback/tickets' });
    const viewed: unknown[] = [];
    form.addEventListener('viewtickets', (event: { detail: unknown }) => viewed.push(event.detail));
    await user.pick(form, 'category', '产品建议');
    await user.type(form, at('description', '.fankui-textarea__input'), '希望增加夜间模式');
    await user.tap(form, '.fankui-form__submit');

    const [viewTickets, again] = form.querySelectorAll('.fankui-ack .fankui-button');
    expect(viewTickets!.dom.textContent).toBe('查看我的反馈');
    await user.tap(form, '.fankui-ack .fankui-button--primary');
    expect(viewed).toEqual([{ url: '/pages/feedback/tickets' }]);
    expect(wx.current.calls).toContainEqual({ api: 'navigateTo', options: { url: '/pages/feedback/tickets' } });

    expect(again!.dom.textContent).toBe('继续反馈');
    await measured(new Promise((done) => (again!.dispatchEvent('tap', { detail: {} }), setTimeout(done, 0))));
    expect(text(form, at('category', '.fankui-picker__text'))).toBe('请选择');
    expect(fieldOf(form, 'description').value).toBe('');
    expect(text(form, at('description', '.fankui-counter'))).toBe('0/500');
    expect(shownFields(form)).toEqual(['category', 'description', 'screenshots', 'contact']);
  });

  it('keeps the form and says why when the client refuses to store the submission (`error` event)', async () => {
    const { configure, createWxClient, DEFAULT_FORM } = weapp();
    // An integrator's own rule, stricter than the form's.
    const refuse = () => ({ ok: false as const, errors: [{ field: 'description', code: 'too_short' as const, message: '请至少写 20 个字' }] });
    const client = createWxClient({ endpoint: 'http://127.0.0.1:9', form: DEFAULT_FORM, validate: refuse });
    clients.push(client);
    configure({ client });
    const form = await mountForm();
    const errors: unknown[] = [];
    form.addEventListener('error', (event: { detail: unknown }) => errors.push(event.detail));
    await user.pick(form, 'category', '其他');
    await user.type(form, at('description', '.fankui-textarea__input'), '有个问题想反馈');
    await user.tap(form, '.fankui-form__submit');

    expect(errors).toEqual([{ code: 'invalid_answers', message: '请至少写 20 个字' }]);
    expect(wx.current.calls).toContainEqual({ api: 'showToast', options: { title: '请至少写 20 个字', icon: 'none' } });
    expect(form.querySelector('.fankui-ack')).toBeUndefined();
    expect(text(form, '.fankui-form__submit')).toBe('提交');
    expect(fieldOf(form, 'description').value).toBe('有个问题想反馈');
    expect(client.status().pending).toBe(0);
  });

  describe('subscribe messages (订阅消息)', () => {
    let wechat: FakeWechat | undefined;
    afterEach(async () => {
      await wechat?.close();
      wechat = undefined;
    });

    /** A server that sends subscribe messages through a fake WeChat API, and a client with `subscribe: true`. */
    async function subscribingForm() {
      wechat = await startFakeWechat();
      server = await startTestServer({
        wechat: {
          appId: FAKE_APP_ID,
          appSecret: FAKE_APP_SECRET,
          apiBaseUrl: wechat.url,
          templates: { replied: { id: 'TPL-reply', data: { thing1: 'summary', thing2: 'reply' } }, statusChanged: { id: 'TPL-status', data: { thing1: 'summary', phrase2: 'status' } } },
        },
      });
      const { configure, createWxClient, DEFAULT_FORM, validateAnswers } = weapp();
      const client = createWxClient({ endpoint: server.url, form: DEFAULT_FORM, validate: validateAnswers, subscribe: true });
      clients.push(client);
      configure({ client });
      await client.config.get();
      const form = await mountForm();
      await user.pick(form, 'category', '账户安全');
      await user.type(form, at('description', '.fankui-textarea__input'), '换了手机以后登录不上');
      return form;
    }

    it('asks for the server\'s templates in the submit tap and sends the accepted one with a wx.login code; the reply reaches WeChat', async () => {
      const form = await subscribingForm();
      wx.current.answerSubscribe({ 'TPL-reply': 'accept', 'TPL-status': 'reject' });
      // The code wx.login will hand out (the fake's first is code-1) belongs to this user.
      wechat!.codes.set('code-1', 'oUser-native');
      wechat!.addUser('oUser-native');
      await user.tap(form, '.fankui-form__submit');
      expect(wx.current.calls.filter((call) => call.api === 'requestSubscribeMessage')).toEqual([{ api: 'requestSubscribeMessage', options: { tmplIds: ['TPL-reply', 'TPL-status'] } }]);
      await expect.poll(() => form.data.done, { timeout: 5_000 }).toBe('ack');
      await expect.poll(() => wx.current.requests.filter((logged) => logged.url.endsWith('/v1/submissions')).length, { timeout: 5_000 }).toBe(1);
      expect(sentSubmission()).toMatchObject({ subscriptions: ['TPL-reply'], wxLoginCode: 'code-1' });

      const [ticket] = await server!.allTickets();
      expect((await server!.admin('POST', `/v1/admin/tickets/${ticket!.id}/replies`, { body: '已为你重置登录设备' })).status).toBe(201);
      await expect.poll(() => wechat!.sent, { timeout: 5_000 }).toEqual([expect.objectContaining({ touser: 'oUser-native', template_id: 'TPL-reply', page: `pages/feedback/detail?id=${ticket!.id}` })]);
    });

    it('submits all the same when the user refuses, and then asks WeChat for no code', async () => {
      const form = await subscribingForm();
      wx.current.answerSubscribe({ 'TPL-reply': 'reject', 'TPL-status': 'reject' });
      await user.tap(form, '.fankui-form__submit');
      await expect.poll(() => wx.current.requests.filter((logged) => logged.url.endsWith('/v1/submissions')).length, { timeout: 5_000 }).toBe(1);
      const submission = sentSubmission();
      expect(submission).not.toHaveProperty('subscriptions');
      expect(submission).not.toHaveProperty('wxLoginCode');
      expect(form.data.done).toBe('ack');
    });
  });

  it('suggests the FAQ operators saved in the console (GET /v1/config) instead of the built-in articles', async () => {
    server = await startTestServer();
    const faq = [{ id: 'refund_time', categories: ['payment'], title: { 'zh-CN': '退款多久到账？' }, body: { 'zh-CN': '1-3 个工作日原路退回。' } }];
    expect((await server.admin('PATCH', '/v1/admin/settings', { version: 0, selfHelp: faq })).status).toBe(200);
    const client = configureClient(server.url);
    await client.config.get();
    const form = await mountForm();
    await user.pick(form, 'category', '支付问题');
    expect(text(form, '.fankui-selfhelp__text')).toBe('退款多久到账？');
    await user.tap(form, '.fankui-selfhelp__solved');
    await expect
      .poll(() => wx.current.requests.filter((request) => request.url.endsWith('/v1/deflections')).map((request) => body(request.data)), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ articleId: 'refund_time', category: 'payment' })]);
  });

  it('shows the known-issue notice of an open alert above the form for its category, and records 我知道了 as a deflection', async () => {
    // A real burst: the server opens the alert, an operator publishes the notice.
    server = await startTestServer({ alerts: { checkIntervalSeconds: 0.05, minCount: 3 }, slaBreaches: { checkIntervalSeconds: 0 } });
    const burst = Array.from({ length: 3 }, (_, index) => ({
      id: `0190f3a0-0000-7000-8000-00000000000${index}`,
      createdAt: new Date().toISOString(),
      form: { id: 'feedback', version: 1 },
      answers: { category: 'payment', subtypes: ['unexpected_charge'], description: `第 ${index + 1} 次下单支付没有成功` },
      context: { platform: 'weapp', sdkVersion: '0.1.0' },
      consent: { contact: false },
      attachments: [],
    }));
    const reporter = { authorization: `Bearer ${'ab'.repeat(32)}`, 'content-type': 'application/json' };
    expect((await fetch(`${server.url}/v1/submissions`, { method: 'POST', headers: reporter, body: JSON.stringify({ submissions: burst }) })).status).toBe(200);
    await expect.poll(async () => (await server!.admin('GET', '/v1/admin/alerts')).json.items.length, { timeout: 5_000 }).toBe(1);
    const [alert] = (await server.admin('GET', '/v1/admin/alerts')).json.items;
    const notice = '支付通道异常，正在修复，已扣款项将自动退回';
    expect((await server.admin('POST', `/v1/admin/alerts/${alert.id}/notice`, { text: notice })).status).toBe(200);

    const client = configureClient(server.url);
    await client.config.get();
    const form = await mountForm();
    expect(form.querySelector('.fankui-issue')).toBeUndefined();
    await user.pick(form, 'category', '功能异常');
    expect(form.querySelector('.fankui-issue')).toBeUndefined();
    await user.pick(form, 'category', '支付问题');
    expect(text(form, '.fankui-issue__title')).toBe('已知问题');
    expect(text(form, '.fankui-issue__text')).toBe(notice);
    // Above the form: before the category field.
    const html = form.dom.outerHTML;
    expect(html.indexOf('fankui-issue')).toBeLessThan(html.indexOf('fankui-field-category'));

    await user.tap(form, '.fankui-issue__dismiss');
    expect(form.querySelector('.fankui-issue')).toBeUndefined();
    expect(form.querySelector('.fankui-form__submit')).toBeDefined(); // the reporter may still write
    await expect
      .poll(() => wx.current.requests.filter((request) => request.url.endsWith('/v1/deflections')).map((request) => body(request.data)), { timeout: 5_000 })
      .toEqual([expect.objectContaining({ articleId: alert.id, category: 'payment' })]);

    // Closing the alert withdraws the notice: the next config has none.
    expect((await server.admin('POST', `/v1/admin/alerts/${alert.id}/close`)).status).toBe(200);
    expect((await client.config.get()).notices).toBeUndefined();
  });

  it('switches to the form the server serves (GET /v1/config), keeping what was typed', async () => {
    const { DEFAULT_FORM } = weapp();
    const remote = { ...DEFAULT_FORM, version: 2, fields: [...DEFAULT_FORM.fields, { kind: 'text' as const, id: 'order_id', label: { 'zh-CN': '订单号' }, required: false, format: 'plain' as const }] };
    server = await startTestServer({ form: remote });
    const client = configureClient(server.url);
    const form = mount('fankui-form');
    mounted.push(form);
    await input(form, at('description', '.fankui-textarea__input'), '订单一直显示待支付');
    await expect.poll(() => shownFields(form), { timeout: 5_000 }).toContain('order_id');
    expect(fieldOf(form, 'description').value).toBe('订单一直显示待支付');

    await user.type(form, at('order_id', '.fankui-input'), 'E20261123001');
    await user.pick(form, 'category', '支付问题');
    const sent = new Promise<{ ticketId: string }>((resolve) => client.on('sent', resolve));
    await user.tap(form, '.fankui-form__submit');
    await sent;
    expect(sentSubmission()).toMatchObject({ form: { id: 'feedback', version: 2 }, answers: { order_id: 'E20261123001', description: '订单一直显示待支付' } });
  });

  it('renders any form definition given as `form`: radio, stars, a date, no contact', async () => {
    wx.current.setNetwork('none');
    const client = configureClient();
    const custom = {
      id: 'delivery',
      version: 3,
      title: { 'zh-CN': '配送反馈' },
      fields: [
        { kind: 'radio', id: 'category', label: { 'zh-CN': '问题' }, required: true, options: [{ value: 'late', label: { 'zh-CN': '送达太晚' } }, { value: 'damaged', label: { 'zh-CN': '商品破损' } }] },
        { kind: 'rating', id: 'courier', label: { 'zh-CN': '骑手评分' }, required: false, max: 5 },
        { kind: 'text', id: 'day', label: { 'zh-CN': '送达日期' }, required: false, format: 'date' },
        { kind: 'textarea', id: 'description', label: { 'zh-CN': '补充说明' }, required: false, maxLength: 200 },
      ],
    };
    const form = await mountForm({ form: custom });
    expect(shownFields(form)).toEqual(['category', 'courier', 'day', 'description']);
    expect(form.querySelector(at('day', '.fankui-datetime__time'))).toBeUndefined();
    expect(text(form, at('description', '.fankui-counter'))).toBe('0/200');

    await user.choose(form, 'category', '商品破损');
    expect(ticked(form, 'category')).toEqual(['商品破损']);
    await user.tap(form, at('courier', '.fankui-star'));
    expect(form.querySelectorAll('.fankui-star--on')).toHaveLength(1);
    expect(fieldOf(form, 'courier').stars).toEqual(['1 星', '2 星', '3 星', '4 星', '5 星']);
    await user.date(form, 'day', '2026-11-21');
    const queued = new Promise<{ localId: string }>((resolve) => client.on('queued', resolve));
    await user.tap(form, '.fankui-form__submit');
    const { localId } = await queued;
    const stored = [...wx.current.storage.entries()].find(([key]) => key.includes(localId));
    expect(JSON.parse(stored![1] as string).submission).toMatchObject({ form: { id: 'delivery', version: 3 }, answers: { category: 'damaged', courier: 1, day: '2026-11-21' } });
    console.info(`fankui-form: the largest setData of any interaction was ${largest} bytes`);
  });
});

import { createClient, memoryNetwork, memoryStorage, type Client, type ClientConfig, type Transport } from '@fankui/client';
import { DEFAULT_FORM, validateAnswers, type FormDefinition } from '@fankui/core';
import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FeedbackForm } from './FeedbackForm';
import { DRAFT_DELAY_MS } from './hooks/useDraft';
import { fakeClient } from './test/fake-client';
import { fakeTaro, taro } from './test/fake-taro';
import { fire, renderWith, settle } from './test/render';

/**
 * Picks an option of a select field by its label, as the Picker reports it (the index in
 * `range`). Found by label, not role: Taro's H5 picker keeps an own `hidden` property for
 * its popup, which testing-library takes for the HTML attribute and so hides its content.
 */
const picker = (field: RegExp) => screen.getByLabelText(field);
async function choose(field: RegExp, option: string) {
  const picker = screen.getByLabelText(field).closest('taro-picker-core') as Element & { range: string[] };
  expect(picker.range).toContain(option);
  await fire(picker, 'change', { value: picker.range.indexOf(option) });
}
/** Picks in the date (`part` 0) or time (1) picker of a date-time field, as Taro's Picker reports it. */
const pickWhen = (field: RegExp, part: number, value: string) =>
  fire(screen.getAllByLabelText(field)[part]!.closest('taro-picker-core')!, 'change', { value });
const type = (field: RegExp | string, value: string) => fire(screen.getByLabelText(field), 'input', { value });
/** Ticks checkboxes of a multiselect (the CheckboxGroup reports every ticked value). */
const tick = (field: RegExp, values: string[]) => fire(screen.getByRole('group', { name: field }).firstElementChild!, 'change', { value: values });
/** What each picked image shows (`<Image src>`), in order. */
const sources = () => [...document.querySelectorAll('.fankui-image__picture > *')].map((image) => image.getAttribute('src'));
const submit = async () => {
  fireEvent.click(screen.getByText('提交'));
  await settle();
};

async function renderForm(client: Client = fakeClient(), props: Parameters<typeof FeedbackForm>[0] = {}, locale?: string) {
  const view = renderWith(client, <FeedbackForm {...props} />, { locale, recordDeflection: props.onDeflected ? vi.fn() : undefined });
  await screen.findByLabelText(locale === 'en-US' ? /Type of problem/ : /问题类型/);
  return { client: client as ReturnType<typeof fakeClient>, ...view };
}

describe('FeedbackForm', () => {
  it('renders the default form from the client config, choices first', async () => {
    const { client } = await renderForm();
    expect(client.config.get).toHaveBeenCalled();
    const labels = [...document.querySelectorAll('.fankui-field__label')].map((label) => label.textContent!.replace('*', '').trim());
    expect(labels).toEqual(['问题类型', '问题描述', '截图', '联系方式']);
    expect(picker(/问题类型/).textContent).toContain('请选择');
    expect(screen.getByText('0/500')).toBeTruthy();
    expect(screen.getByText('同意客服通过以上方式联系我')).toBeTruthy();
    expect(screen.getByRole('button', { name: '添加图片' })).toBeTruthy();
    // Taro's H5 button styles itself as disabled for any `disabled` attribute, "false" included.
    expect(screen.getByText('提交').hasAttribute('disabled')).toBe(false);
  });

  it('shows sub-types, amount and time for payment problems, and only then', async () => {
    await renderForm();
    expect(screen.queryByLabelText(/交易金额/)).toBeNull();
    await choose(/问题类型/, '支付问题');
    expect(screen.getByLabelText(/交易金额/)).toBeTruthy();
    expect(screen.getAllByLabelText(/交易时间/).map((picker) => picker.getAttribute('role'))).toEqual(['button', 'button']); // a date and a time picker, nothing to type
    const subtypes = screen.getByRole('group', { name: /具体问题/ });
    expect([...subtypes.querySelectorAll('.fankui-option__label')].map((label) => label.textContent)).toEqual(['支付失败', '异常扣款', '重复扣款', '退款问题', '发票问题']);
    await choose(/问题类型/, '产品建议');
    expect(screen.queryByLabelText(/交易金额/)).toBeNull();
    expect(screen.getByText('希望增加新功能')).toBeTruthy();
  });

  it('shows per-field errors from core, in the user language, and submits nothing', async () => {
    const { client } = await renderForm();
    await submit();
    expect(screen.getByText('请选择“问题类型”')).toBeTruthy();
    expect(screen.getByText('请填写“问题描述”')).toBeTruthy();
    expect(fakeTaro.toasts).toEqual(['请检查标红的内容']);
    expect(client.submit).not.toHaveBeenCalled();
    // The error is tied to its control, and follows every change after the first try.
    // H5 hands `nativeProps` to the real <textarea> inside Taro's element, the one a keyboard and a
    // screen reader reach (tests/e2e/taro-a11y.test.ts checks it in Chromium).
    const description = screen.getByLabelText(/问题描述/) as HTMLElement & { nativeProps: Record<string, unknown> };
    expect(description.nativeProps).toMatchObject({ 'aria-label': '问题描述', 'aria-invalid': 'true', 'aria-required': 'true' });
    expect(document.getElementById(description.nativeProps['aria-describedby'] as string)!.textContent).toBe('请填写“问题描述”');
    await type(/问题描述/, '太慢');
    expect(screen.getByText('“问题描述”至少 5 个字')).toBeTruthy();
  });

  it('speaks English when the locale is en-US', async () => {
    await renderForm(fakeClient(), {}, 'en-US');
    fireEvent.click(screen.getByText('Submit'));
    await settle();
    expect(screen.getByText('Please choose "Type of problem"')).toBeTruthy();
    expect(screen.getByText('Please fill in "Description"')).toBeTruthy();
  });

  it('submits the answers, contact and consent to the client, then shows the SLA promise', async () => {
    const onSubmitted = vi.fn();
    const { client } = await renderForm(fakeClient(), { onSubmitted });
    await choose(/问题类型/, '支付问题');
    await tick(/具体问题/, ['payment_failed']);
    await type(/交易金额/, '99.00');
    await pickWhen(/交易时间/, 1, '08:30');
    await pickWhen(/交易时间/, 0, '2026-11-23');
    expect(screen.getAllByLabelText(/交易时间/).map((picked) => picked.textContent)).toEqual(['2026-11-23›', '08:30›']);
    await type(/问题描述/, '支付失败但是银行卡被扣款了');
    await type('手机号', '13800138000');
    await fire(document.querySelector('.fankui-consent')!, 'change', { value: ['consent'] });
    await submit();

    const answers = { category: 'payment', subtypes: ['payment_failed'], amount: '99.00', transaction_time: '2026-11-23 08:30', description: '支付失败但是银行卡被扣款了' };
    // H5 has no subscribe messages: nothing was asked, nothing accepted.
    expect(client.submit).toHaveBeenCalledWith(answers, { contact: { phone: '13800138000' }, consent: true, shareContext: false, form: DEFAULT_FORM, subscriptions: [] });
    expect(fakeTaro.subscribeRequests).toEqual([]);
    expect(validateAnswers(DEFAULT_FORM, { answers, contact: { phone: '13800138000' }, consent: true }).ok).toBe(true);
    expect(screen.getByText('已收到，正在处理中，我们将在 30 分钟内回复')).toBeTruthy();
    expect(screen.queryByText('已保存，联网后自动提交')).toBeNull();
    expect(onSubmitted).toHaveBeenCalledWith(expect.objectContaining({ localId: 'submission-1', offline: false }));
    // Delivered: the ticket number to quote to 客服, copyable.
    act(() => client.emit('sent', { localId: 'submission-1', ticketId: 'T20261123-0042', ack: { message: '已收到，正在处理中，我们将在 30 分钟内回复', priority: 'high' } }));
    expect(screen.getByText('工单号').parentElement!.textContent).toContain('T20261123-0042');
    fireEvent.click(screen.getByText('复制工单号'));
    expect(fakeTaro.clipboard).toBe('T20261123-0042');
  });

  it('asks for the config\'s subscribe messages in the submit tap on WeChat, and submits with the templates the user accepted', async () => {
    vi.spyOn(taro, 'getEnv').mockReturnValue('WEAPP');
    const client = fakeClient();
    client.config.get.mockResolvedValue({ form: DEFAULT_FORM, sla: null, subscribeTemplates: { replied: 'TPL-reply', statusChanged: 'TPL-status' }, source: 'remote' });
    fakeTaro.subscribeAnswers = { 'TPL-reply': 'accept', 'TPL-status': 'reject' };
    renderWith(client, <FeedbackForm />);
    await settle();
    await choose(/问题类型/, '账户安全');
    await tick(/具体问题/, ['login']);
    await type(/问题描述/, '换了手机以后登录不上');
    fireEvent.click(screen.getByText('提交'));
    // Within the tap itself (WeChat shows its dialog only then), before the submission.
    expect(fakeTaro.subscribeRequests).toEqual([['TPL-reply', 'TPL-status']]);
    expect(client.submit).not.toHaveBeenCalled();
    await settle();
    expect(client.submit).toHaveBeenCalledWith(expect.objectContaining({ category: 'account' }), expect.objectContaining({ subscriptions: ['TPL-reply'] }));
    expect(screen.getByText(/已收到，正在处理中/)).toBeTruthy();
  });

  it('still submits when the user refuses every subscribe message', async () => {
    vi.spyOn(taro, 'getEnv').mockReturnValue('WEAPP');
    const client = fakeClient();
    client.config.get.mockResolvedValue({ form: DEFAULT_FORM, sla: null, subscribeTemplates: { replied: 'TPL-reply' }, source: 'remote' });
    fakeTaro.subscribeAnswers = { 'TPL-reply': 'reject' };
    renderWith(client, <FeedbackForm />);
    await settle();
    await choose(/问题类型/, '账户安全');
    await tick(/具体问题/, ['login']);
    await type(/问题描述/, '换了手机以后登录不上');
    await submit();
    expect(fakeTaro.subscribeRequests).toEqual([['TPL-reply']]);
    expect(client.submit).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ subscriptions: [] }));
    expect(screen.getByText(/已收到，正在处理中/)).toBeTruthy();
  });

  it('keeps a date without its time as it is and refuses it, rather than guessing the time', async () => {
    const { client } = await renderForm();
    await choose(/问题类型/, '支付问题');
    await pickWhen(/交易时间/, 0, '2026-11-23');
    expect(screen.getAllByLabelText(/交易时间/).map((picked) => picked.textContent)).toEqual(['2026-11-23›', '选择时间›']);
    await type(/问题描述/, '支付失败但是银行卡被扣款了');
    await submit();
    expect(client.submit).not.toHaveBeenCalled();
    expect(document.querySelector('.fankui-field--error')!.textContent).toContain('交易时间');
  });

  it('drops sub-types of a category the user switched away from', async () => {
    const { client } = await renderForm();
    await choose(/问题类型/, '支付问题');
    await tick(/具体问题/, ['payment_failed']);
    await choose(/问题类型/, '账户安全');
    await tick(/具体问题/, ['payment_failed', 'login']);
    await type(/问题描述/, '换了手机以后登录不上');
    await submit();
    expect(client.submit).toHaveBeenCalledWith({ category: 'account', subtypes: ['login'], description: '换了手机以后登录不上' }, expect.anything());
  });

  it('asks for consent before sending contact details', async () => {
    const { client } = await renderForm();
    await choose(/问题类型/, '其他');
    await type(/问题描述/, '有人冒充客服打电话');
    await type('微信号', 'wang_nvshi');
    await submit();
    expect(screen.getByText('请先勾选“同意客服通过以上方式联系我”')).toBeTruthy();
    expect(client.submit).not.toHaveBeenCalled();
  });

  it('promises delivery later when offline, with the real client queueing it', async () => {
    const transport: Transport = { send: vi.fn(() => Promise.reject(new Error('offline'))) };
    const client = createClient({
      endpoint: 'https://feedback.example.com',
      transport,
      storage: memoryStorage(),
      network: memoryNetwork({ online: false }),
      form: DEFAULT_FORM,
      validate: validateAnswers,
    });
    await renderForm(client);
    await choose(/问题类型/, '支付问题');
    await type(/问题描述/, '支付失败了，钱被扣了');
    await submit();
    // Nothing has reached the server: no promise yet, and no ✓ "已收到".
    await screen.findByText('已保存，联网后自动提交');
    expect(screen.queryByText(/已收到/)).toBeNull();
    expect(screen.queryByText('工单号')).toBeNull();
    expect(await client.pending()).toHaveLength(1);
    expect(vi.mocked(transport.send).mock.calls.filter(([request]) => request.method === 'POST')).toEqual([]);
    client.close();
  });

  it('gives the promise and the ticket number once the queue has sent the submission made offline', async () => {
    const client = fakeClient({ online: false });
    await renderForm(client);
    await choose(/问题类型/, '产品建议');
    await type(/问题描述/, '希望可以导出账单');
    await submit();
    expect(screen.getByText('已保存，联网后自动提交')).toBeTruthy();
    act(() => client.emit('sent', { localId: 'submission-1', ticketId: 'ticket-9' }));
    expect(screen.queryByText('已保存，联网后自动提交')).toBeNull();
    // Delivered: now the promise (payment problems are not asked here: 产品建议 is low priority) and the number.
    expect(screen.getByText('已收到，正在处理中，我们将在 24 小时内回复')).toBeTruthy();
    expect(screen.getByText('ticket-9')).toBeTruthy();
  });

  it('offers self-help for payment problems and records "已解决" as a deflection, not a ticket', async () => {
    const client = fakeClient();
    const recordDeflection = vi.fn();
    const onDeflected = vi.fn();
    renderWith(client, <FeedbackForm onDeflected={onDeflected} />, { recordDeflection });
    await screen.findByLabelText(/问题类型/);
    expect(screen.queryByText('支付失败？先看看这些解决办法')).toBeNull();
    await choose(/问题类型/, '支付问题');
    expect(screen.getByText('支付失败？先看看这些解决办法')).toBeTruthy();
    fireEvent.click(screen.getByText('已解决'));
    expect(recordDeflection).toHaveBeenCalledWith({ articleId: 'payment_faq', category: 'payment' });
    expect(onDeflected).toHaveBeenCalledWith(expect.objectContaining({ id: 'payment_faq' }));
    expect(screen.getByText('太好了，问题已解决')).toBeTruthy();
    expect(client.submit).not.toHaveBeenCalled();
  });

  it('suggests the operators\' FAQ from the config instead of the built-in articles', async () => {
    const client = fakeClient();
    const faq = [{ id: 'refund_time', categories: ['payment'], title: { 'zh-CN': '退款多久到账？' }, body: { 'zh-CN': '1-3 个工作日原路退回。' } }];
    client.config.get.mockResolvedValue({ form: DEFAULT_FORM, sla: null, selfHelp: faq, source: 'remote' });
    renderWith(client, <FeedbackForm />);
    await settle();
    await choose(/问题类型/, '支付问题');
    expect(screen.getByText('退款多久到账？')).toBeTruthy();
    expect(screen.queryByText('支付失败？先看看这些解决办法')).toBeNull();
    fireEvent.click(screen.getByText('已解决'));
    await settle();
    expect(client.recorded).toEqual([{ articleId: 'refund_time', category: 'payment' }]);
  });

  it('shows a known-issue notice above the form for its category (a keyword\'s always), and counts "我知道了" as a deflection', async () => {
    const client = fakeClient();
    const notices = [
      { id: 'al_payment', category: 'payment', text: '支付通道异常，正在修复，已扣款项将自动退回' },
      { id: 'al_keyword', category: null, text: '部分用户登录缓慢，正在处理' },
    ];
    client.config.get.mockResolvedValue({ form: DEFAULT_FORM, sla: null, notices, source: 'remote' });
    renderWith(client, <FeedbackForm />);
    await settle();
    await screen.findByLabelText(/问题类型/);
    // No category yet: only the notice without one.
    expect(screen.queryByText(notices[0]!.text)).toBeNull();
    const always = screen.getByRole('region', { name: '已知问题' });
    expect(always.textContent).toContain(notices[1]!.text);
    await choose(/问题类型/, '功能异常');
    expect(screen.queryByText(notices[0]!.text)).toBeNull();
    await choose(/问题类型/, '支付问题');
    const regions = screen.getAllByRole('region', { name: '已知问题' });
    expect(regions.map((region) => region.querySelector('.fankui-issue__text')!.textContent)).toEqual([notices[0]!.text, notices[1]!.text]);
    // Above the form: before the first field.
    const firstField = document.querySelector('.fankui-field')!;
    expect(regions[0]!.compareDocumentPosition(firstField) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    fireEvent.click(regions[0]!.querySelector('[role="button"], button')!);
    await settle();
    expect(screen.queryByText(notices[0]!.text)).toBeNull();
    expect(client.recorded).toEqual([{ articleId: 'al_payment', category: 'payment' }]);
    // The form stays: the reporter may still write.
    expect(screen.getByText('提交')).toBeTruthy();
    expect(client.submit).not.toHaveBeenCalled();
  });

  it('records "已解决" through the client by default', async () => {
    const client = fakeClient();
    renderWith(client, <FeedbackForm />);
    await choose(/问题类型/, '支付问题');
    fireEvent.click(screen.getByText('已解决'));
    await settle();
    expect(client.deflections.record).toHaveBeenCalledWith({ articleId: 'payment_faq', category: 'payment' });
    expect(client.recorded).toEqual([{ articleId: 'payment_faq', category: 'payment' }]);
    expect(screen.getByText('太好了，问题已解决')).toBeTruthy();
    expect(client.submit).not.toHaveBeenCalled();
  });

  it('leaves the client alone when the provider is given recordDeflection, and survives a refused deflection', async () => {
    const client = fakeClient();
    const recordDeflection = vi.fn(() => Promise.reject(new Error('refused')));
    renderWith(client, <FeedbackForm />, { recordDeflection });
    await choose(/问题类型/, '支付问题');
    fireEvent.click(screen.getByText('已解决'));
    await settle();
    expect(recordDeflection).toHaveBeenCalledWith({ articleId: 'payment_faq', category: 'payment' });
    expect(client.deflections.record).not.toHaveBeenCalled();
    expect(screen.getByText('太好了，问题已解决')).toBeTruthy();
  });

  it('suggests self-help from what is typed', async () => {
    await renderForm();
    await choose(/问题类型/, '功能异常');
    expect(screen.queryByText('闪退、白屏或打不开？试试这几步')).toBeNull();
    await type(/问题描述/, '打开就闪退');
    expect(screen.getByText('闪退、白屏或打不开？试试这几步')).toBeTruthy();
  });

  it('keeps a draft across navigation and restarts, and forgets it after submitting', async () => {
    const client = fakeClient();
    const first = await renderForm(client);
    await choose(/问题类型/, '支付问题');
    await type(/问题描述/, '退款一直没到账');
    await act(() => new Promise((resolve) => setTimeout(resolve, DRAFT_DELAY_MS + 50)));
    expect(JSON.parse(fakeTaro.storage.get('fankui:draft:feedback') as string).answers).toEqual({ category: 'payment', description: '退款一直没到账' });
    await type(/交易金额/, '88');
    first.unmount(); // navigating away writes at once
    expect(JSON.parse(fakeTaro.storage.get('fankui:draft:feedback') as string).answers.amount).toBe('88');

    await renderForm(client);
    expect(screen.getByText('已恢复上次未提交的内容')).toBeTruthy();
    expect(picker(/问题类型/).textContent).toContain('支付问题');
    expect(screen.getByLabelText(/问题描述/).getAttribute('value')).toBe('退款一直没到账');
    expect(screen.getByLabelText(/交易金额/).getAttribute('value')).toBe('88');
    await submit();
    expect(client.submit).toHaveBeenCalledWith({ category: 'payment', amount: '88', description: '退款一直没到账' }, expect.anything());
    expect(fakeTaro.storage.has('fankui:draft:feedback')).toBe(false);
  });

  it('attaches screenshots through the client, previews its kept copies and removes them', async () => {
    const { client } = await renderForm();
    fakeTaro.pickedImages.push(['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg']);
    fireEvent.click(screen.getByRole('button', { name: '添加图片' }));
    await screen.findByRole('button', { name: '删除第 2 张图片' });
    expect(client.attachments.add.mock.calls.map(([path]) => path)).toEqual(['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg']);
    // The client's copies under USER_DATA_PATH, not WeChat's temp files: they survive a restart.
    const kept = ['wxfile://usr/fankui-local-file-1', 'wxfile://usr/fankui-local-file-2'];
    expect(sources()).toEqual(kept);
    fireEvent.click(screen.getByRole('button', { name: '查看第 2 张图片' }));
    expect(fakeTaro.previews).toEqual([{ urls: kept, current: kept[1] }]);
    fireEvent.click(screen.getByRole('button', { name: '删除第 1 张图片' }));
    expect(client.attachments.remove).toHaveBeenCalledWith('local-file-1');

    await choose(/问题类型/, '功能异常');
    await type(/问题描述/, '提交订单时页面报错');
    await submit();
    expect(client.submit).toHaveBeenCalledWith(expect.objectContaining({ screenshots: ['local-file-2'] }), expect.anything());
  });

  it('hands the picked File to the client on H5, where paths are blob URLs', async () => {
    const { client } = await renderForm();
    fakeTaro.originalFiles = true;
    fakeTaro.pickedImages.push(['blob:http://localhost/1']);
    fireEvent.click(screen.getByRole('button', { name: '添加图片' }));
    await screen.findByRole('button', { name: '删除第 1 张图片' });
    expect(client.attachments.add.mock.calls[0]![0]).toBeInstanceOf(Blob);
    expect(sources()).toEqual(['blob:http://localhost/local-file-1']); // the client's IndexedDB copy
  });

  it('keeps the kept copy in the draft, and shows the picked path when the client has no uri', async () => {
    const client = fakeClient();
    client.attachments.add.mockResolvedValueOnce({ id: 'local-file-9', size: 2048 }); // a memory file adapter
    const first = await renderForm(client);
    fakeTaro.pickedImages.push(['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg']);
    fireEvent.click(screen.getByRole('button', { name: '添加图片' }));
    await screen.findByRole('button', { name: '删除第 2 张图片' });
    expect(sources()).toEqual(['wxfile://tmp/a.jpg', 'wxfile://usr/fankui-local-file-1']);
    first.unmount();
    expect(JSON.parse(fakeTaro.storage.get('fankui:draft:feedback') as string).previews).toEqual({
      'local-file-9': 'wxfile://tmp/a.jpg',
      'local-file-1': 'wxfile://usr/fankui-local-file-1',
    });
  });

  it('does not offer images when the client cannot keep them (attachments.supported is false)', async () => {
    const client = fakeClient({ attachments: false });
    await renderForm(client);
    expect(screen.queryByRole('button', { name: '添加图片' })).toBeNull();
    expect(screen.getByText('当前环境不支持上传图片')).toBeTruthy();
    expect(screen.getByText('截图')).toBeTruthy(); // the field is still there, saying why it is empty
    expect(client.attachments.add).not.toHaveBeenCalled();
  });

  it('says when images cannot be attached (H5 has no file system) and stops offering them', async () => {
    const client = fakeClient();
    client.attachments.add.mockRejectedValue(Object.assign(new Error('Attachments need a file adapter'), { code: 'unsupported' }));
    await renderForm(client);
    fakeTaro.pickedImages.push(['blob:http://localhost/1']);
    fireEvent.click(screen.getByRole('button', { name: '添加图片' }));
    await screen.findByText('当前环境不支持上传图片');
    expect(screen.queryByRole('button', { name: '添加图片' })).toBeNull();
  });

  it('renders at once from config.current(), then switches when config.get() brings another version', async () => {
    const client = fakeClient();
    const relabel = (form: FormDefinition, version: number, label: string): FormDefinition => ({
      ...form,
      version,
      fields: form.fields.map((field) => (field.id === 'description' ? { ...field, label: { 'zh-CN': label } } : field)),
    });
    client.config.current.mockReturnValue({ form: relabel(DEFAULT_FORM, 2, '问题详情'), sla: null, source: 'cache' });
    let answer: (config: ClientConfig) => void = () => undefined;
    client.config.get.mockReturnValue(new Promise<ClientConfig>((resolve) => (answer = resolve)));
    renderWith(client, <FeedbackForm />);
    // No waiting for the network: the cached form is there in the first render.
    expect(screen.queryByText('加载中…')).toBeNull();
    expect(screen.getByLabelText(/问题详情/)).toBeTruthy();
    expect(client.config.get).toHaveBeenCalledTimes(1);
    await type(/问题详情/, '退款一直没到账');
    await act(async () => answer({ form: relabel(DEFAULT_FORM, 3, '问题描述（必填）'), sla: null, source: 'remote' }));
    await settle();
    // The new version replaces it, keeping what was typed.
    expect(screen.queryByLabelText(/问题详情/)).toBeNull();
    expect(screen.getByLabelText(/问题描述（必填）/).getAttribute('value')).toBe('退款一直没到账');
  });

  it('keeps the form as it is when config.get() confirms the version it shows', async () => {
    const client = fakeClient();
    renderWith(client, <FeedbackForm />);
    expect(client.config.current).toHaveBeenCalled();
    await type(/问题描述/, '页面一直白屏');
    await settle();
    expect(client.config.get).toHaveBeenCalledTimes(1);
    expect(client.config.current()).toEqual({ form: DEFAULT_FORM, sla: null, source: 'bundled' });
    expect(screen.getByLabelText(/问题描述/).getAttribute('value')).toBe('页面一直白屏');
    expect(screen.queryByText('已恢复上次未提交的内容')).toBeNull(); // not remounted from the draft
  });

  it('sends device details only when the reporter ticks 附带设备信息 (an opt-in, unticked at first and after a reset)', async () => {
    const form: FormDefinition = {
      id: 'short',
      version: 1,
      title: { 'zh-CN': '反馈' },
      fields: [{ kind: 'radio', id: 'visit', label: { 'zh-CN': '第几次使用' }, required: true, options: [{ value: 'first', label: { 'zh-CN': '第一次' } }, { value: 'again', label: { 'zh-CN': '多次' } }] }],
    };
    const pick = (value: string) => fire(screen.getByRole('radiogroup', { name: /第几次使用/ }).firstElementChild!, 'change', { value });
    const client = fakeClient();
    renderWith(client, <FeedbackForm form={form} />);
    const label = screen.getByText('附带设备信息，便于排查问题');
    // Labelled like the contact consent: the tick mark sits inside the label that names it.
    const mark = label.closest('.fankui-option')!.querySelector('.fankui-option__mark')!;
    expect(mark.getAttribute('id')).toBe(label.closest('.fankui-option')!.getAttribute('for'));
    await pick('first');
    await submit();
    expect(client.submit).toHaveBeenLastCalledWith({ visit: 'first' }, expect.objectContaining({ shareContext: false }));

    fireEvent.click(screen.getByText('继续反馈'));
    await pick('again');
    await fire(document.querySelector('.fankui-share-context')!, 'change', { value: ['context'] });
    await submit();
    expect(client.submit).toHaveBeenLastCalledWith({ visit: 'again' }, expect.objectContaining({ shareContext: true }));

    fireEvent.click(screen.getByText('继续反馈'));
    await pick('first');
    await submit();
    expect(client.submit).toHaveBeenLastCalledWith({ visit: 'first' }, expect.objectContaining({ shareContext: false }));
  });

  it('renders the form it is given, in its own order and kinds', async () => {
    const form: FormDefinition = {
      id: 'survey',
      version: 1,
      title: { 'zh-CN': '满意度调查' },
      fields: [
        { kind: 'radio', id: 'visit', label: { 'zh-CN': '第几次使用' }, required: true, options: [{ value: 'first', label: { 'zh-CN': '第一次' } }, { value: 'again', label: { 'zh-CN': '多次' } }] },
        { kind: 'rating', id: 'score', label: { 'zh-CN': '满意度' }, required: true, max: 5 },
        { kind: 'text', id: 'email', label: { 'zh-CN': '邮箱' }, required: false, format: 'email' },
      ],
    };
    const client = fakeClient();
    renderWith(client, <FeedbackForm form={form} />);
    expect(client.config.get).not.toHaveBeenCalled();
    await fire(screen.getByRole('radiogroup', { name: /第几次使用/ }).firstElementChild!, 'change', { value: 'again' });
    fireEvent.click(screen.getByRole('radio', { name: '4 星' }));
    await type(/邮箱/, 'li@example');
    await submit();
    expect(screen.getByText('请填写正确的邮箱地址')).toBeTruthy();
    await type(/邮箱/, 'li@example.cn');
    await submit();
    expect(client.submit).toHaveBeenCalledWith({ visit: 'again', score: 4, email: 'li@example.cn' }, { contact: undefined, consent: false, shareContext: false, form, subscriptions: [] });
  });
});

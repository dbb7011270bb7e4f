import type { TicketDetail } from '@fankui/core';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FeedbackTracker } from './FeedbackTracker';
import { POLL_MS, POLL_ROUNDS } from './hooks/useLiveRefresh';
import { fakeClient, type FakeClient } from './test/fake-client';
import { fakeTaro } from './test/fake-taro';
import { resolvedTicket, ticketRows } from './test/fixtures';
import { fire, renderWith, settle } from './test/render';

function trackerClient(): FakeClient {
  const client = fakeClient();
  client.tickets.list.mockResolvedValue({ items: ticketRows, nextCursor: null, stale: false });
  client.tickets.get.mockResolvedValue(resolvedTicket);
  return client;
}

async function openTicket(client = trackerClient(), locale?: string) {
  renderWith(client, <FeedbackTracker />, { locale });
  fireEvent.click(await screen.findByText(resolvedTicket.summary));
  await screen.findByRole('list');
  await settle();
  return client;
}

const type = (label: RegExp | string, value: string) => fire(screen.getByLabelText(label), 'input', { value });
const texts = (selector: string) => [...document.querySelectorAll(selector)].map((node) => node.textContent!.trim());

describe('FeedbackTracker', () => {
  it('lists queued submissions and tickets with their status tags and unread replies', async () => {
    const client = trackerClient();
    renderWith(client, <FeedbackTracker />);
    await screen.findByText('页面打不开，一直白屏');
    expect(texts('.fankui-tag')).toEqual(['待发送', '已解决', '处理中']);
    expect(texts('.fankui-ticket__category')).toEqual(['功能异常', '支付问题', '账户安全']);
    expect(screen.getByText('1 条新回复')).toBeTruthy();
    expect(client.tickets.list).toHaveBeenCalledWith({ cursor: undefined, limit: 20 });
  });

  it('says it is showing the local cache when offline', async () => {
    const client = trackerClient();
    client.tickets.list.mockResolvedValue({ items: ticketRows, nextCursor: null, stale: true });
    renderWith(client, <FeedbackTracker />);
    expect(await screen.findByText('当前离线，显示本地记录')).toBeTruthy();
    expect(screen.getByText('收不到验证码')).toBeTruthy();
  });

  it('refreshes on the page pull-down (then stops its spinner) and when the queue delivers', async () => {
    const client = trackerClient();
    renderWith(client, <FeedbackTracker />);
    await screen.findByText('收不到验证码');
    act(() => fakeTaro.page('pullDownRefresh'));
    await settle();
    expect(client.tickets.list).toHaveBeenCalledTimes(2);
    expect(fakeTaro.pullDownStops).toBe(1);
    act(() => client.emit('sent', { localId: ticketRows[0]!.id, ticketId: 'ticket-3' }));
    await settle();
    expect(client.tickets.list).toHaveBeenCalledTimes(3);
  });

  it('loads more rows when the page reaches its end, and a refresh keeps them', async () => {
    const client = trackerClient();
    client.tickets.list.mockResolvedValueOnce({ items: ticketRows.slice(0, 2), nextCursor: 'page-2', stale: false });
    client.tickets.list.mockResolvedValueOnce({ items: ticketRows.slice(2), nextCursor: null, stale: false });
    renderWith(client, <FeedbackTracker pageSize={1} />);
    await screen.findByText('加载更多');
    act(() => fakeTaro.page('reachBottom'));
    await screen.findByText('收不到验证码');
    expect(client.tickets.list).toHaveBeenLastCalledWith({ cursor: 'page-2', limit: 1 });
    // Two server rows are shown: a refresh asks for both again, not for the first page alone.
    act(() => fakeTaro.page('pullDownRefresh'));
    await settle();
    expect(client.tickets.list).toHaveBeenLastCalledWith({ cursor: undefined, limit: 2 });
    expect(screen.getByText('收不到验证码')).toBeTruthy();
  });

  it('shows a new reply without the reporter doing anything: on page show, and polling while shown (bounded)', async () => {
    const client = trackerClient();
    client.tickets.list.mockResolvedValue({ items: ticketRows.map((row) => ({ ...row, unread: 0 })), nextCursor: null, stale: false });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    renderWith(client, <FeedbackTracker />);
    await screen.findByText('收不到验证码');
    expect(screen.queryByText(/条新回复/)).toBeNull();
    // An operator replies: the next poll shows it.
    client.tickets.list.mockResolvedValue({ items: ticketRows, nextCursor: null, stale: false });
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    expect(screen.getByText('1 条新回复')).toBeTruthy();
    // Hidden (another page on top): no polling; shown again: at once, then polling again.
    act(() => fakeTaro.page('hide'));
    const calls = client.tickets.list.mock.calls.length;
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS * 3));
    expect(client.tickets.list).toHaveBeenCalledTimes(calls);
    await act(() => vi.advanceTimersByTimeAsync(1_000));
    act(() => fakeTaro.show());
    await settle();
    expect(client.tickets.list).toHaveBeenCalledTimes(calls + 1);
    // Bounded: a page left open stops asking after POLL_ROUNDS polls.
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS * (POLL_ROUNDS + 5)));
    expect(client.tickets.list).toHaveBeenCalledTimes(calls + 1 + POLL_ROUNDS);
  });

  it('shows a reply on the open ticket by itself', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const client = await openTicket();
    const reply = { id: 'e9', at: resolvedTicket.updatedAt, actor: { type: 'operator' as const, name: '客服小李' }, type: 'message' as const, body: '退款已到账，请查收。', attachments: [] };
    client.tickets.get.mockResolvedValue({ ...resolvedTicket, timeline: [...resolvedTicket.timeline, reply] });
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    expect(screen.getByText('退款已到账，请查收。')).toBeTruthy();
  });

  it('shows what was sent with its labels, the screenshots, and the ticket number to copy', async () => {
    const client = trackerClient();
    client.tickets.get.mockResolvedValue({
      ...resolvedTicket,
      answers: { ...resolvedTicket.answers, amount: '199.00', transaction_time: '2026-11-22 20:15', screenshots: ['att_1', 'att_2'] },
      attachments: ['att_1', 'att_2'],
    });
    client.attachments.view.mockImplementation(async (id: string) => {
      if (id === 'att_2') throw new Error('HTTP 404');
      return `blob:http://localhost/${id}`;
    });
    await openTicket(client);
    expect(texts('.fankui-answer').map((line) => line.replace(/\s+/g, ' '))).toEqual([
      '具体问题（可多选）支付失败',
      '交易金额（元）199.00',
      '交易时间2026-11-22 20:15',
      '问题描述昨天支付失败了，但是银行卡被扣款了 199 元',
      '截图2 张图片',
    ]);
    expect(client.attachments.view).toHaveBeenCalledWith('att_1');
    expect([...document.querySelectorAll('.fankui-submission .fankui-image__picture')].map((image) => image.getAttribute('src'))).toEqual(['blob:http://localhost/att_1']);
    expect(screen.getByLabelText('截图 2: 图片无法加载')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '截图 1' }));
    expect(fakeTaro.previews).toEqual([{ urls: ['blob:http://localhost/att_1'], current: 'blob:http://localhost/att_1' }]);
    expect(document.querySelector('.fankui-detail__head')!.textContent).toContain('工单号ticket-1');
    fireEvent.click(screen.getByText('复制工单号'));
    expect(fakeTaro.clipboard).toBe('ticket-1');
  });

  it('loads more rows at the end of the list', async () => {
    const client = trackerClient();
    client.tickets.list.mockResolvedValueOnce({ items: ticketRows.slice(0, 2), nextCursor: 'page-2', stale: false });
    client.tickets.list.mockResolvedValueOnce({ items: ticketRows.slice(2), nextCursor: null, stale: false });
    renderWith(client, <FeedbackTracker pageSize={2} />);
    fireEvent.click(await screen.findByText('加载更多'));
    await screen.findByText('收不到验证码');
    expect(client.tickets.list).toHaveBeenLastCalledWith({ cursor: 'page-2', limit: 2 });
    expect(screen.queryByText('加载更多')).toBeNull();
  });

  it('renders the timeline of a ticket: acknowledgement, status changes, operator replies, no internal notes', async () => {
    const client = await openTicket();
    expect(client.tickets.get).toHaveBeenCalledWith('ticket-1');
    expect(texts('.fankui-event__line')).toEqual(['已提交', '已受理', '状态变为 处理中', '客服回复', '状态变为 已解决']);
    expect(screen.getByText('已收到，正在处理中，我们将在 30 分钟内回复')).toBeTruthy();
    const reply = document.querySelector('.fankui-event--reply')!;
    expect(within(reply as HTMLElement).getByText('您好，扣款已原路退回，预计 1-3 个工作日到账。')).toBeTruthy();
    expect(reply.querySelector('.fankui-event__meta')!.textContent).toMatch(/^客服小王 · 2026-11-23 \d\d:50$/);
    expect(screen.queryByText(/内部备注/)).toBeNull();
  });

  it('renders the timeline in English', async () => {
    await openTicket(trackerClient(), 'en-US');
    expect(texts('.fankui-event__line')).toEqual(['Submitted', 'Received', 'Status changed to In progress', 'Support replied', 'Status changed to Resolved']);
  });

  it('rates a resolved ticket with stars and a comment', async () => {
    const client = await openTicket();
    const rated: TicketDetail = {
      ...resolvedTicket,
      canRate: false,
      rating: { score: 4, comment: '处理很及时', at: resolvedTicket.updatedAt },
      timeline: [...resolvedTicket.timeline, { id: 'e7', at: resolvedTicket.updatedAt, actor: { type: 'reporter' }, type: 'rating', score: 4, comment: '处理很及时' }],
    };
    client.tickets.rate.mockResolvedValue(rated);
    const submit = screen.getByText('提交评价');
    expect(submit.getAttribute('disabled')).not.toBeNull(); // no stars yet
    fireEvent.click(screen.getByRole('radio', { name: '4 星' }));
    expect(screen.getByRole('radio', { name: '4 星' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByText('提交评价').hasAttribute('disabled')).toBe(false);
    await type('说说您的感受（选填）', '处理很及时');
    fireEvent.click(screen.getByText('提交评价'));
    await settle();
    expect(client.tickets.rate).toHaveBeenCalledWith('ticket-1', { score: 4, comment: '处理很及时' });
    expect(screen.getByText('已评价 4 星')).toBeTruthy();
    expect(screen.queryByText('提交评价')).toBeNull();
  });

  it('reopens with a reason: "问题未解决"', async () => {
    const client = await openTicket();
    client.tickets.reopen.mockResolvedValue({
      ...resolvedTicket,
      status: 'reopened',
      canRate: false,
      canReopen: false,
      timeline: [...resolvedTicket.timeline, { id: 'e7', at: resolvedTicket.updatedAt, actor: { type: 'reporter' }, type: 'reopened', reason: '钱还没到账' }],
    });
    fireEvent.click(screen.getByText('问题未解决'));
    expect(screen.getByText('重新处理').getAttribute('disabled')).not.toBeNull(); // a reason is needed
    await type('问题未解决', '钱还没到账');
    fireEvent.click(screen.getByText('重新处理'));
    await settle();
    expect(client.tickets.reopen).toHaveBeenCalledWith('ticket-1', { reason: '钱还没到账' });
    expect(screen.getByText('已重新打开：钱还没到账')).toBeTruthy();
    expect(texts('.fankui-detail__head .fankui-tag')).toEqual(['处理中']);
  });

  it('adds information and shows the ticket again', async () => {
    const client = await openTicket();
    client.tickets.addMessage.mockResolvedValue({ id: 'e8', at: resolvedTicket.updatedAt, actor: { type: 'reporter' }, type: 'message', body: '订单号 20261123001', attachments: [] });
    await type('补充信息', '订单号 20261123001');
    fireEvent.click(screen.getByText('发送'));
    await settle();
    expect(client.tickets.addMessage).toHaveBeenCalledWith('ticket-1', { body: '订单号 20261123001' });
    expect(client.tickets.get).toHaveBeenCalledTimes(2);
  });

  it('keeps what was typed and tells the user when an action fails', async () => {
    const client = await openTicket();
    client.tickets.rate.mockRejectedValue(Object.assign(new Error('offline'), { code: 'network_error' }));
    fireEvent.click(screen.getByRole('radio', { name: '5 星' }));
    await type('说说您的感受（选填）', '很好');
    fireEvent.click(screen.getByText('提交评价'));
    await settle();
    const { fakeTaro } = await import('./test/fake-taro');
    expect(fakeTaro.toasts).toEqual(['操作失败，请重试']);
    expect(screen.getByLabelText('说说您的感受（选填）').getAttribute('value')).toBe('很好');
    expect(screen.getByRole('radiogroup', { name: '对本次处理满意吗？' })).toBeTruthy();
  });

  it('shows a queued submission without asking the server, and a ticket offline with a notice', async () => {
    const client = trackerClient();
    client.tickets.get.mockRejectedValue(Object.assign(new Error('Network error'), { code: 'network_error' }));
    renderWith(client, <FeedbackTracker />);
    fireEvent.click(await screen.findByText('页面打不开，一直白屏'));
    expect(screen.getByText('网络恢复后将自动提交')).toBeTruthy();
    expect(client.tickets.get).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText(/返回列表/));
    fireEvent.click(await screen.findByText('收不到验证码'));
    expect(await screen.findByText('离线时无法查看详情')).toBeTruthy();
  });

  it('shows the copy kept from the last visit when offline, saying so', async () => {
    const client = trackerClient();
    client.tickets.get.mockResolvedValue({ ...resolvedTicket, stale: true });
    renderWith(client, <FeedbackTracker ticketId="ticket-1" />);
    expect(await screen.findByText('当前离线，显示的是上次同步的内容')).toBeTruthy();
    expect(texts('.fankui-event__line')).toEqual(['已提交', '已受理', '状态变为 处理中', '客服回复', '状态变为 已解决']);
    expect(screen.queryByText('离线时无法查看详情')).toBeNull();
  });

  it('says nothing about the cache for a fresh detail, nor once an action brought one', async () => {
    const client = trackerClient();
    client.tickets.get.mockResolvedValueOnce({ ...resolvedTicket, stale: false });
    await openTicket(client, 'en-US');
    expect(screen.queryByText('Offline: showing the last synced copy')).toBeNull();

    client.tickets.get.mockResolvedValue({ ...resolvedTicket, stale: true });
    fireEvent.click(screen.getByText(/Back to the list/));
    fireEvent.click(await screen.findByText(resolvedTicket.summary));
    expect(await screen.findByText('Offline: showing the last synced copy')).toBeTruthy();
    client.tickets.rate.mockResolvedValue({ ...resolvedTicket, canRate: false, rating: { score: 5, at: resolvedTicket.updatedAt } });
    fireEvent.click(screen.getByRole('radio', { name: '5 stars' }));
    fireEvent.click(screen.getByText('Submit rating'));
    await settle();
    expect(screen.queryByText('Offline: showing the last synced copy')).toBeNull();
  });

  it('opens the ticket given by ticketId', async () => {
    const client = trackerClient();
    renderWith(client, <FeedbackTracker ticketId="ticket-1" />);
    expect(await screen.findByText('客服回复')).toBeTruthy();
    expect(client.tickets.get).toHaveBeenCalledWith('ticket-1');
  });
});

import type { TicketRow } from '@fankui/client';
import type { TicketDetail } from '@fankui/core';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 0, 30 + minutes)).toISOString();

/** A payment ticket that support has replied to and resolved: it can be rated and reopened. */
export const resolvedTicket: TicketDetail = {
  id: 'ticket-1',
  clientId: '0192f1e2-7b3c-7d4e-8f90-a1b2c3d4e5f6',
  status: 'resolved',
  priority: 'high',
  category: 'payment',
  summary: '昨天支付失败了，但是银行卡被扣款了 199 元',
  createdAt: at(0),
  updatedAt: at(50),
  firstResponseDueAt: at(30),
  unread: 1,
  canRate: true,
  canReopen: true,
  form: { id: 'feedback', version: 1 },
  answers: { category: 'payment', subtypes: ['payment_failed'], description: '昨天支付失败了，但是银行卡被扣款了 199 元' },
  attachments: [],
  resolvedAt: at(50),
  rating: null,
  timeline: [
    { id: 'e1', at: at(0), actor: { type: 'reporter' }, type: 'submitted' },
    { id: 'e2', at: at(0), actor: { type: 'system' }, type: 'acknowledged', priority: 'high', firstResponseDueAt: at(30), message: '已收到，正在处理中，我们将在 30 分钟内回复' },
    { id: 'e3', at: at(10), actor: { type: 'operator', name: '客服小王' }, type: 'status_changed', from: 'acknowledged', to: 'in_progress' },
    { id: 'e4', at: at(12), actor: { type: 'operator', name: '客服小王' }, type: 'note', body: '内部备注：查银行流水' },
    { id: 'e5', at: at(20), actor: { type: 'operator', name: '客服小王' }, type: 'message', body: '您好，扣款已原路退回，预计 1-3 个工作日到账。', attachments: [] },
    { id: 'e6', at: at(50), actor: { type: 'operator', name: '客服小王' }, type: 'status_changed', from: 'in_progress', to: 'resolved' },
  ],
};

const { form: _form, answers: _answers, attachments: _attachments, resolvedAt: _resolvedAt, rating: _rating, timeline: _timeline, ...summary } = resolvedTicket;

/** "我的反馈" as the client lists it: a queued submission first, then the server's tickets. */
export const ticketRows: TicketRow[] = [
  {
    ...summary,
    id: '0193a000-0000-7000-8000-000000000001',
    clientId: '0193a000-0000-7000-8000-000000000001',
    status: 'submitted',
    category: 'malfunction',
    summary: '页面打不开，一直白屏',
    createdAt: at(120),
    unread: 0,
    canRate: false,
    canReopen: false,
    pending: true,
  },
  { ...summary, pending: false },
  { ...summary, id: 'ticket-2', clientId: 'c2', status: 'in_progress', category: 'account', summary: '收不到验证码', unread: 0, canRate: false, canReopen: false, pending: false },
];

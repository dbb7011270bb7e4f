import type { EventRecord, TicketRecord } from '../../src/store/store';

let sequence = 0;

/** A unique, sortable id for test records (`<prefix>_<counter>`). */
export function testId(prefix: string): string {
  sequence += 1;
  return `${prefix}_${sequence.toString().padStart(9, '0')}`;
}

const MINUTE_MS = 60_000;

/**
 * A plausible ticket as the HTTP layer would hand it to a store: created at `createdAt`
 * (default 2026-03-01 08:00 UTC) with a medium-priority SLA. Override anything.
 *
 * @example ticketRecord({ reporterId: 'r1', category: 'payment' })
 */
export function ticketRecord(overrides: Partial<TicketRecord> = {}): TicketRecord {
  const createdAt = overrides.createdAt ?? '2026-03-01T08:00:00.000Z';
  const created = Date.parse(createdAt);
  const id = overrides.id ?? testId('t');
  return {
    id,
    clientId: `c-${id}`,
    reporterId: 'reporter-a',
    status: 'submitted',
    priority: 'medium',
    category: 'crash',
    subtypes: ['app_crash'],
    summary: '打开订单页面就闪退',
    searchText: '打开订单页面就闪退 app_crash crash',
    keywords: ['闪退'],
    formId: 'feedback',
    formVersion: 1,
    answers: { category: 'crash', subtypes: ['app_crash'], description: '打开订单页面就闪退' },
    context: { platform: 'weapp', sdkVersion: '0.1.0', pagePath: 'pages/order/detail' },
    contact: null,
    attachments: [],
    assignee: null,
    team: null,
    channel: 'app',
    submittedAt: createdAt,
    createdAt,
    updatedAt: createdAt,
    firstResponseDueAt: new Date(created + 240 * MINUTE_MS).toISOString(),
    resolutionDueAt: new Date(created + 3 * 24 * 60 * MINUTE_MS).toISOString(),
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    ratingScore: null,
    ratingComment: null,
    ratedAt: null,
    reopenCount: 0,
    unread: 0,
    ...overrides,
  };
}

/** The events a new ticket starts with: submitted by the reporter, acknowledged by the system. */
export function openingEvents(ticket: TicketRecord): EventRecord[] {
  return [
    {
      id: testId('e'),
      ticketId: ticket.id,
      at: ticket.createdAt,
      actorType: 'reporter',
      actorName: null,
      type: 'submitted',
      payload: {},
      internal: false,
    },
    {
      id: testId('e'),
      ticketId: ticket.id,
      at: ticket.createdAt,
      actorType: 'system',
      actorName: null,
      type: 'acknowledged',
      payload: { firstResponseDueAt: ticket.firstResponseDueAt },
      internal: false,
    },
  ];
}

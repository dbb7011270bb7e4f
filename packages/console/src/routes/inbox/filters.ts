import { PRIORITIES, TICKET_STATUSES, type AdminTicketListQuery, type TicketChannel } from '@fankui/core';

/** Every channel a ticket can come from: the record's type fails to compile when core adds one. */
const CHANNELS: Record<TicketChannel, true> = { app: true, phone: true, email: true, wechat: true, other: true };
export const TICKET_CHANNELS = Object.keys(CHANNELS) as TicketChannel[];

/**
 * The inbox view as URL parameters, so a view can be bookmarked and shared: what the
 * operator picked (dates as YYYY-MM-DD) and the page cursor. `toQuery` turns it into the
 * admin list query (dates → timestamps at local midnight; `to` is inclusive).
 */
export interface InboxView {
  status: string;
  priority: string;
  category: string;
  /** A team's id, `mine` (the operator's teams), `none`, or '' for every team. */
  team: string;
  /** `app` or an operator channel; '' for all. */
  channel: string;
  overdue: boolean;
  mine: boolean;
  /** `oldest` first, or the default newest first (''). */
  sort: '' | 'oldest';
  q: string;
  from: string;
  to: string;
  cursor: string;
}

const KEYS = ['status', 'priority', 'category', 'team', 'channel', 'q', 'from', 'to', 'sort', 'cursor'] as const;

export function readView(search: string): InboxView {
  const params = new URLSearchParams(search);
  const get = (key: string) => params.get(key) || '';
  const status = get('status');
  const priority = get('priority');
  return {
    status: (TICKET_STATUSES as readonly string[]).includes(status) ? status : '',
    priority: (PRIORITIES as readonly string[]).includes(priority) ? priority : '',
    category: get('category'),
    team: /^[a-z][a-z0-9_-]*$/.test(get('team')) ? get('team') : '',
    channel: (TICKET_CHANNELS as readonly string[]).includes(get('channel')) ? get('channel') : '',
    overdue: params.get('overdue') === 'true',
    mine: params.get('mine') === 'true',
    sort: params.get('sort') === 'oldest' ? 'oldest' : '',
    q: get('q'),
    from: /^\d{4}-\d{2}-\d{2}$/.test(get('from')) ? get('from') : '',
    to: /^\d{4}-\d{2}-\d{2}$/.test(get('to')) ? get('to') : '',
    cursor: get('cursor'),
  };
}

export function writeView(view: InboxView): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (view[key]) params.set(key, view[key]);
  if (view.overdue) params.set('overdue', 'true');
  if (view.mine) params.set('mine', 'true');
  const text = params.toString();
  return text ? `?${text}` : '';
}

const startOfDay = (day: string, plusDays = 0): string => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays).toISOString();
};

/** The filter part of the admin query (what the CSV export takes too). */
export function toFilter(view: InboxView): Omit<AdminTicketListQuery, 'cursor' | 'limit' | 'sort'> {
  const filter: Omit<AdminTicketListQuery, 'cursor' | 'limit' | 'sort'> = {};
  if (view.status) filter.status = view.status as AdminTicketListQuery['status'];
  if (view.priority) filter.priority = view.priority as AdminTicketListQuery['priority'];
  if (view.category) filter.category = view.category;
  if (view.team) filter.team = view.team;
  if (view.channel) filter.channel = view.channel as AdminTicketListQuery['channel'];
  if (view.overdue) filter.overdue = 'true';
  if (view.mine) filter.mine = 'true';
  if (view.q.trim()) filter.q = view.q.trim();
  if (view.from) filter.from = startOfDay(view.from);
  if (view.to) filter.to = startOfDay(view.to, 1);
  return filter;
}

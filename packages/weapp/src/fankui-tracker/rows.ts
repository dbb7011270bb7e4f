/**
 * A row of 我的反馈 as the list shows it: only what the template prints (the status label
 * comes from `statusText`, sent once), so a page of rows stays small.
 */
import type { TicketRow } from '@fankui/client';
import type { FormDefinition, Locale, MessageKey, MessageParams } from '@fankui/core';
import { categoryLabel, firstLine, formatTime } from '../common/ticket-view';

export interface RowView {
  /** A ticket status, or `pending` (待发送) for a submission still queued. */
  status: string;
  category: string;
  summary: string;
  date: string;
  /** "2 条新回复"; absent when every reply was read. */
  unread?: string;
}

export function rowView(row: TicketRow, form: FormDefinition, locale: Locale, t: (key: MessageKey, params?: MessageParams) => string): RowView {
  const view: RowView = {
    status: row.pending ? 'pending' : row.status,
    category: categoryLabel(form, row.category, locale),
    summary: firstLine(row.summary),
    date: formatTime(row.createdAt, 'day'),
  };
  if (row.unread > 0) view.unread = t('ui.unread', { count: row.unread });
  return view;
}

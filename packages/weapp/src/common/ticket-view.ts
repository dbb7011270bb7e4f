/**
 * What the tracker's list and a ticket's detail both show: dates, category and status
 * labels, the form a ticket is read against; and `localized`, which the form reads its
 * definition's texts with too. Plain functions of the data, so the view models stay small
 * and the components only wire events.
 */
import type { Client } from '@fankui/client';
import { CATEGORY_FIELD, DEFAULT_LOCALE, type FormDefinition, type Locale, type MessageKey, type TicketStatus } from '@fankui/core';

/** A form definition's text in `locale`, falling back to zh-CN (the only language a form must have). */
export const localized = (text: Partial<Record<Locale, string>> | undefined, locale: Locale) => (text && (text[locale] || text[DEFAULT_LOCALE])) || '';

const pad = (value: number) => (value < 10 ? '0' : '') + value;

/**
 * `2026-11-23 08:30` in the device's time zone (dates read the same in every locale): `day`
 * only the date; `short`, for timelines, as chats do: the time alone today (`08:30`), without
 * the year this year (`11-23 08:30`).
 */
export function formatTime(iso: string, style: 'full' | 'day' | 'short' = 'full'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const now = new Date();
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (style === 'short' && date.toDateString() === now.toDateString()) return time;
  const monthDay = `${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const day = style === 'short' && date.getFullYear() === now.getFullYear() ? monthDay : `${date.getFullYear()}-${monthDay}`;
  return style === 'day' ? day : `${day} ${time}`;
}

/** "支付问题" for `payment`, from the form's category options; the id itself when the form does not know it. */
export function categoryLabel(form: FormDefinition, category: string | null, locale: Locale): string {
  const field = form.fields.find((candidate) => candidate.id === CATEGORY_FIELD);
  const option = field && 'options' in field ? field.options.find((candidate) => candidate.value === category) : undefined;
  return option ? localized(option.label, locale) : category || '';
}

/** 待发送 / 已提交 / 已受理 / 处理中 / 已解决 / 已关闭 / 未受理, from core's `status.*` catalogue. */
export const statusKey = (status: TicketStatus | 'pending') => `status.${status}` as MessageKey;

/** The form labels come from: the one given to the component, else the client's current config. */
export const formOf = (client: Client, given: unknown): FormDefinition =>
  given && typeof given === 'object' && Array.isArray((given as FormDefinition).fields) ? (given as FormDefinition) : client.config.current().form;

/** The first line of a text, cut to `max` characters: a list row is one glance, not the whole story. */
export function firstLine(text: string, max = 40): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

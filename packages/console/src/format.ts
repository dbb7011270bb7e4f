import type { AdminTicketSummary } from '@fankui/core';
import { locale, t } from './i18n';

const MINUTE = 60_000;

/** "5 分钟前", "3 小时前", "2 天前". */
export function age(iso: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(iso)) / MINUTE);
  if (minutes < 1) return t('age.justNow');
  if (minutes < 60) return t('age.minutes', { n: minutes });
  if (minutes < 60 * 24) return t('age.hours', { n: Math.floor(minutes / 60) });
  return t('age.days', { n: Math.floor(minutes / (60 * 24)) });
}

/** A short duration: "25 分", "3 时 10 分", "2 天 4 时" (en: 25m, 3h 10m, 2d 4h). */
export function duration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const en = locale() === 'en-US';
  const [d, h, min] = en ? ['d', 'h', 'm'] : [' 天', ' 时', ' 分'];
  if (m < 60) return `${m}${min}`;
  if (m < 60 * 24) return `${Math.floor(m / 60)}${h}${m % 60 ? ` ${m % 60}${min}` : ''}`;
  return `${Math.floor(m / 1440)}${d}${Math.floor((m % 1440) / 60) ? ` ${Math.floor((m % 1440) / 60)}${h}` : ''}`;
}

export type SlaTone = 'ok' | 'warn' | 'late' | 'done';

/** Core's rule for `at_risk`: under a fifth of the window left (kept live between reloads). */
const AT_RISK_FRACTION = 0.2;

/**
 * The countdown an inbox row shows: against the first response until someone answered,
 * then against resolution. Amber when the server says `at_risk` or, as the page stays
 * open, under a fifth of the window is left; red once breached or past due.
 */
export function slaCountdown(ticket: AdminTicketSummary, now: number): { text: string; tone: SlaTone } {
  const waitingFirst = ticket.firstRespondedAt === null;
  const state = waitingFirst ? ticket.sla.firstResponse : ticket.sla.resolution;
  if (state === 'met') return { text: t('sla.met'), tone: 'done' };
  if (ticket.resolvedAt !== null && !waitingFirst) return { text: t('sla.done'), tone: 'done' };
  const due = Date.parse(waitingFirst ? ticket.firstResponseDueAt : ticket.resolutionDueAt);
  const left = (due - now) / MINUTE;
  if (left < 0) return { text: t('sla.over', { time: duration(-left) }), tone: 'late' };
  // Breached by the server's clock while this one says there is time left: say so without a figure.
  if (state === 'breached') return { text: t('sla.breached'), tone: 'late' };
  const window = (due - Date.parse(ticket.createdAt)) / MINUTE;
  const near = state === 'at_risk' || left < window * AT_RISK_FRACTION;
  return { text: t('sla.left', { time: duration(left) }), tone: near ? 'warn' : 'ok' };
}

/** A local date-time, short: "12-01 14:05" (with the year when it is not this year). */
export function dateTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return date.getFullYear() === new Date().getFullYear() ? day : `${date.getFullYear()}-${day}`;
}

/** The first line of a description, for a table cell. */
export const firstLine = (text: string): string => text.split('\n')[0]!.trim();

export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

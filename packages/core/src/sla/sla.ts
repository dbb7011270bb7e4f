import { FankuiError } from '../errors';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locale';
import { slaMessages } from '../i18n/messages/sla';
import { translate } from '../i18n/translate';
import { PRIORITIES, type Priority } from '../model';

/** Response-time promises per priority, in minutes from the ticket's creation. */
export type SlaPolicy = {
  firstResponseMinutes: Record<Priority, number>;
  resolutionMinutes: Record<Priority, number>;
};

const HOUR = 60;
const DAY = 24 * HOUR;

/** The promises Fankui makes out of the box: high 30 min / 24 h, medium 4 h / 72 h, low 24 h / 7 days. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  firstResponseMinutes: { high: 30, medium: 4 * HOUR, low: DAY },
  resolutionMinutes: { high: DAY, medium: 3 * DAY, low: 7 * DAY },
};

/** How one SLA clock stands. `at_risk`: still running with under a fifth of its window left. */
export type SlaClockState = 'met' | 'breached' | 'pending' | 'at_risk';

export type SlaState = { firstResponse: SlaClockState; resolution: SlaClockState; overdue: boolean };

/** Instants as the wire (ISO strings), storage (epoch ms) or code (Date) hold them. */
type Instant = Date | string | number;

/** What the SLA needs to know about a ticket; `null` and absent both mean "not yet". */
export type SlaTicket = {
  priority: Priority;
  createdAt: Instant;
  firstRespondedAt?: Instant | null;
  /** When it was resolved or rejected: either stops the resolution clock. */
  resolvedAt?: Instant | null;
};

export type SlaErrorCode = 'invalid_sla_policy' | 'invalid_date' | 'invalid_duration';

const AT_RISK_FRACTION = 0.2;
const MINUTE_MS = 60_000;

function toTime(value: Instant, field: string): number {
  const time = value instanceof Date ? value.getTime() : new Date(value).getTime();
  // An Invalid Date would turn every comparison false and silently read as "pending".
  if (Number.isNaN(time)) throw new FankuiError<SlaErrorCode>('invalid_date', `${field} is not a valid date`, { field, value });
  return time;
}

/**
 * Checks a policy from configuration once, so the SLA functions can trust it afterwards.
 * Every priority needs a finite, positive number of minutes in both maps.
 *
 * @example const policy = validateSlaPolicy(JSON.parse(raw)) // throws FankuiError 'invalid_sla_policy'
 */
export function validateSlaPolicy(policy: unknown): SlaPolicy {
  for (const clock of ['firstResponseMinutes', 'resolutionMinutes'] as const) {
    const minutes = policy ? (policy as Partial<SlaPolicy>)[clock] : undefined;
    for (const priority of PRIORITIES) {
      const value: unknown = typeof minutes === 'object' && minutes !== null ? minutes[priority] : undefined;
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        const path = `${clock}.${priority}`;
        throw new FankuiError<SlaErrorCode>('invalid_sla_policy', `${path} must be a positive number of minutes`, { path, value });
      }
    }
  }
  return policy as SlaPolicy;
}

/**
 * When the first reply and the resolution are due for a ticket created at `createdAt`.
 *
 * @example slaDueTimes('high', '2026-01-01T08:00:00Z').firstResponseDueAt // 2026-01-01T08:30:00Z
 */
export function slaDueTimes(
  priority: Priority,
  createdAt: Instant,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): { firstResponseDueAt: Date; resolutionDueAt: Date } {
  const start = toTime(createdAt, 'createdAt');
  return {
    firstResponseDueAt: new Date(start + policy.firstResponseMinutes[priority] * MINUTE_MS),
    resolutionDueAt: new Date(start + policy.resolutionMinutes[priority] * MINUTE_MS),
  };
}

function clockState(dueAt: number, windowMs: number, doneAt: number | undefined, now: number): SlaClockState {
  // A deadline is met when the work lands on or before it, to the millisecond.
  if (doneAt !== undefined) return doneAt <= dueAt ? 'met' : 'breached';
  if (now > dueAt) return 'breached';
  return dueAt - now < windowMs * AT_RISK_FRACTION ? 'at_risk' : 'pending';
}

/**
 * Where a ticket stands against its SLA at `now`. A resolution also counts as the first
 * response (the operator answered by resolving). `overdue` means a clock that is still
 * running has passed its deadline — work that is late now, not late in the past.
 *
 * @example slaState({ priority: 'high', createdAt: '2026-01-01T08:00:00Z' }, new Date('2026-01-01T08:25:00Z'))
 * // { firstResponse: 'at_risk', resolution: 'pending', overdue: false }
 */
export function slaState(ticket: SlaTicket, now: Instant, policy: SlaPolicy = DEFAULT_SLA_POLICY): SlaState {
  const { firstResponseDueAt, resolutionDueAt } = slaDueTimes(ticket.priority, ticket.createdAt, policy);
  const at = toTime(now, 'now');
  const resolvedAt = ticket.resolvedAt == null ? undefined : toTime(ticket.resolvedAt, 'resolvedAt');
  const respondedAt = ticket.firstRespondedAt == null ? undefined : toTime(ticket.firstRespondedAt, 'firstRespondedAt');
  const firstDone = respondedAt === undefined ? resolvedAt : resolvedAt === undefined ? respondedAt : Math.min(respondedAt, resolvedAt);

  const firstResponse = clockState(
    firstResponseDueAt.getTime(),
    policy.firstResponseMinutes[ticket.priority] * MINUTE_MS,
    firstDone,
    at,
  );
  const resolution = clockState(resolutionDueAt.getTime(), policy.resolutionMinutes[ticket.priority] * MINUTE_MS, resolvedAt, at);
  const overdue =
    (firstDone === undefined && firstResponse === 'breached') || (resolvedAt === undefined && resolution === 'breached');
  return { firstResponse, resolution, overdue };
}

type DurationUnit = 'minutes' | 'hours' | 'days';

function unit(count: number, name: DurationUnit, locale: Locale): string {
  return translate(slaMessages, `duration.${name}.${count === 1 ? 'one' : 'other'}`, { count }, locale);
}

/**
 * A duration as people say it: minutes under an hour, hours up to two days (so "48 小时"
 * rather than "2 天", matching how SLAs are usually promised), days beyond. Leftover
 * smaller units are spelled out rather than dropped, so a promise never reads shorter
 * than it is. Fractions of a minute are rounded.
 *
 * @example formatDuration(30) // '30 分钟'
 * @example formatDuration(90) // '1 小时 30 分钟'
 * @example formatDuration(7 * 24 * 60, 'en-US') // '7 days'
 */
export function formatDuration(minutes: number, locale: Locale = DEFAULT_LOCALE): string {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new FankuiError<SlaErrorCode>('invalid_duration', 'minutes must be a finite, non-negative number', { minutes });
  }
  let rest = Math.round(minutes);
  const days = rest > 2 * DAY ? Math.floor(rest / DAY) : 0;
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const parts: string[] = [];
  if (days) parts.push(unit(days, 'days', locale));
  if (hours) parts.push(unit(hours, 'hours', locale));
  if (rest || parts.length === 0) parts.push(unit(rest, 'minutes', locale));
  return parts.join(' ');
}

/**
 * The instant acknowledgement shown after submitting, with the first-response promise.
 *
 * @example acknowledgementText('high') // '已收到，正在处理中，我们将在 30 分钟内回复'
 * @example acknowledgementText('medium', 'en-US') // 'Received — we are on it and will reply within 4 hours'
 */
export function acknowledgementText(
  priority: Priority,
  locale: Locale = DEFAULT_LOCALE,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): string {
  return translate(slaMessages, 'sla.ack', { duration: formatDuration(policy.firstResponseMinutes[priority], locale) }, locale);
}

import {
  INTERNAL_EVENT_TYPES,
  findPii,
  redactDeep,
  redactPii,
  slaState,
  type PiiKind,
  type AdminTicketDetail,
  type AdminTicketSummary,
  type ContactInfo,
  type SlaPolicy,
  type TicketDetail,
  type TicketSummary,
  type TimelineEvent,
} from '@fankui/core';
import type { EventRecord, TicketRecord } from '../store/store';

/**
 * Store records → protocol views. This is where "who sees what" is decided: reporters
 * never see internal events, and operators see contact details only because the reporter
 * consented to them (the store keeps nothing else).
 */

const MINUTE_MS = 60_000;

/** One timeline entry as the wire shows it. Operators are shown by display name; reporters never are. */
export function toTimelineEvent(event: EventRecord): TimelineEvent {
  const actor = event.actorType === 'operator' && event.actorName ? { type: event.actorType, name: event.actorName } : { type: event.actorType };
  // The fixed fields come last so a payload can never overwrite them.
  return { ...event.payload, id: event.id, at: event.at, actor, type: event.type } as TimelineEvent;
}

/** The reporter's timeline: oldest first, internal events removed even if the store returned them. */
export function reporterTimeline(events: readonly EventRecord[]): TimelineEvent[] {
  return events.filter((event) => !event.internal && !INTERNAL_EVENT_TYPES.includes(event.type)).map(toTimelineEvent);
}

/** Resolved and not rated since this resolution: a reopened-and-resolved-again ticket may be rated again. */
export function canRate(ticket: TicketRecord): boolean {
  return ticket.status === 'resolved' && (ticket.ratedAt === null || (ticket.resolvedAt !== null && ticket.ratedAt < ticket.resolvedAt));
}

export function toTicketSummary(ticket: TicketRecord): TicketSummary {
  return {
    id: ticket.id,
    clientId: ticket.clientId,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    summary: ticket.summary,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    firstResponseDueAt: ticket.firstResponseDueAt,
    unread: ticket.unread,
    canRate: canRate(ticket),
    canReopen: ticket.status === 'resolved',
  };
}

function rating(ticket: TicketRecord): TicketDetail['rating'] {
  if (ticket.ratingScore === null || ticket.ratedAt === null) return null;
  return ticket.ratingComment === null
    ? { score: ticket.ratingScore, at: ticket.ratedAt }
    : { score: ticket.ratingScore, comment: ticket.ratingComment, at: ticket.ratedAt };
}

const withContact = (contact: ContactInfo | null) => (contact ? { contact } : {});

export function toTicketDetail(ticket: TicketRecord, events: readonly EventRecord[]): TicketDetail {
  return {
    ...toTicketSummary(ticket),
    form: { id: ticket.formId, version: ticket.formVersion },
    answers: ticket.answers as TicketDetail['answers'],
    ...withContact(ticket.contact),
    attachments: ticket.attachments,
    resolvedAt: ticket.resolvedAt,
    rating: rating(ticket),
    timeline: reporterTimeline(events),
  };
}

/**
 * The ticket's own SLA windows, from its stored due times: a policy change or a reopen
 * (which restarts the resolution clock) is reflected without re-reading the config.
 */
function ticketPolicy(ticket: TicketRecord): SlaPolicy {
  const created = Date.parse(ticket.createdAt);
  const minutes = (due: string) => Math.max((Date.parse(due) - created) / MINUTE_MS, 1 / MINUTE_MS);
  const first = minutes(ticket.firstResponseDueAt);
  const resolution = minutes(ticket.resolutionDueAt);
  return {
    firstResponseMinutes: { high: first, medium: first, low: first },
    resolutionMinutes: { high: resolution, medium: resolution, low: resolution },
  };
}

/**
 * Reporters of tickets an operator typed in (a phone call, an e-mail) are named after the
 * channel, `channel:<channel>:<ticket id>`: no token ever authenticates as one, so nobody
 * reads those tickets through the reporter API. The channel itself is stored on the ticket.
 */
export const CHANNEL_REPORTER_PREFIX = 'channel:';

export function toAdminTicketSummary(ticket: TicketRecord, now: Date): AdminTicketSummary {
  const { unread: _unread, canRate: _canRate, canReopen: _canReopen, ...summary } = toTicketSummary(ticket);
  summary.summary = redactPii(summary.summary);
  // Rejecting or closing without resolving also stops the resolution clock.
  const stoppedAt = ticket.resolvedAt ?? (ticket.status === 'rejected' || ticket.status === 'closed' ? ticket.closedAt : null);
  return {
    ...summary,
    channel: ticket.channel,
    platform: ticket.context.platform,
    appVersion: ticket.context.appVersion ?? null,
    assignee: ticket.assignee,
    team: ticket.team,
    firstRespondedAt: ticket.firstRespondedAt,
    resolvedAt: ticket.resolvedAt,
    resolutionDueAt: ticket.resolutionDueAt,
    sla: slaState(
      { priority: ticket.priority, createdAt: ticket.createdAt, firstRespondedAt: ticket.firstRespondedAt, resolvedAt: stoppedAt },
      now,
      ticketPolicy(ticket),
    ),
  };
}

/**
 * An opaque, stable handle on the reporter for operators: a prefix of the secret's hash
 * (which cannot be turned back into the secret), or the integrator's own user id.
 */
export function reporterReference(reporterId: string): string {
  if (reporterId.startsWith('user:') || reporterId.startsWith(CHANNEL_REPORTER_PREFIX)) return reporterId;
  return `anon:${reporterId.slice(0, 12)}`;
}

/** Event payload fields that hold what a person typed, and so may hold personal data. */
const FREE_TEXT_FIELDS = ['body', 'reason', 'comment'] as const;

/** The kinds of personal data in a ticket's free text: answers, rating comment, timeline texts. */
export function piiKindsOf(ticket: TicketRecord, events: readonly EventRecord[]): PiiKind[] {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
  };
  Object.values(ticket.answers).forEach(collect);
  collect(ticket.ratingComment);
  for (const event of events) for (const field of FREE_TEXT_FIELDS) collect(event.payload[field]);
  const kinds = new Set<PiiKind>();
  for (const text of texts) for (const match of findPii(text)) kinds.add(match.kind);
  return [...kinds];
}

function redactEvent(event: TimelineEvent): TimelineEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const field of FREE_TEXT_FIELDS) if (typeof copy[field] === 'string') copy[field] = redactPii(copy[field] as string);
  return copy as TimelineEvent;
}

/**
 * The operator's view of a ticket. Personal data in free text is masked with core's
 * redaction unless `reveal` (an operator asked, and the reveal is on the timeline).
 */
export function toAdminTicketDetail(ticket: TicketRecord, events: readonly EventRecord[], now: Date, options: { reveal?: boolean } = {}): AdminTicketDetail {
  const reveal = options.reveal === true;
  const timeline = events.map(toTimelineEvent);
  const shown = rating(ticket);
  const merged = [...events].reverse().find((event) => event.type === 'merged' && typeof event.payload.into === 'string');
  const summary = toAdminTicketSummary(ticket, now);
  if (reveal) summary.summary = ticket.summary;
  return {
    ...summary,
    form: { id: ticket.formId, version: ticket.formVersion },
    answers: (reveal ? ticket.answers : redactDeep(ticket.answers)) as AdminTicketDetail['answers'],
    ...withContact(ticket.contact),
    context: ticket.context,
    attachments: ticket.attachments,
    rating: shown && shown.comment !== undefined && !reveal ? { ...shown, comment: redactPii(shown.comment) } : shown,
    timeline: reveal ? timeline : timeline.map(redactEvent),
    reporter: reporterReference(ticket.reporterId),
    redacted: !reveal,
    pii: piiKindsOf(ticket, events),
    duplicateOf: merged ? (merged.payload.into as string) : null,
  };
}

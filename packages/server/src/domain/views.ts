import {
  INTERNAL_EVENT_TYPES,
  slaState,
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

export function toAdminTicketSummary(ticket: TicketRecord, now: Date): AdminTicketSummary {
  const { unread: _unread, canRate: _canRate, canReopen: _canReopen, ...summary } = toTicketSummary(ticket);
  // Rejecting or closing without resolving also stops the resolution clock.
  const stoppedAt = ticket.resolvedAt ?? (ticket.status === 'rejected' || ticket.status === 'closed' ? ticket.closedAt : null);
  return {
    ...summary,
    assignee: ticket.assignee,
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
  return reporterId.startsWith('user:') ? reporterId : `anon:${reporterId.slice(0, 12)}`;
}

export function toAdminTicketDetail(ticket: TicketRecord, events: readonly EventRecord[], now: Date): AdminTicketDetail {
  return {
    ...toAdminTicketSummary(ticket, now),
    form: { id: ticket.formId, version: ticket.formVersion },
    answers: ticket.answers as AdminTicketDetail['answers'],
    ...withContact(ticket.contact),
    attachments: ticket.attachments,
    rating: rating(ticket),
    timeline: events.map(toTimelineEvent),
    reporter: reporterReference(ticket.reporterId),
  };
}

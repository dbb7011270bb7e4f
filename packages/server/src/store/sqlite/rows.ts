import type { Priority, TicketStatus } from '@fankui/core';
import { canonicalTime, canonicalTimeOrNull, minutesBetween } from '../shared/derived';
import type { AttachmentRecord, EventRecord, TicketChange, TicketRecord } from '../store';

/**
 * Records to statement parameters and rows back to records, for the embedded store:
 * timestamps canonical text, arrays and objects JSON text, booleans 0/1.
 */

/** The fields of a ticket record that are bound as they are. */
type PlainTicketField = Exclude<keyof TicketRecord, 'subtypes' | 'keywords' | 'answers' | 'context' | 'contact' | 'attachments' | 'channel'>;

/** Named parameters of the ticket insert (`CREATE_TICKET_SQL.insertTicket`), derived columns included. */
export interface TicketParams extends Pick<TicketRecord, PlainTicketField> {
  /** JSON text. */
  subtypes: string;
  keywords: string;
  answers: string;
  context: string;
  contact: string | null;
  attachments: string;
  /** NULL for `app`. */
  channel: string | null;
  resolvedEver: 0 | 1;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
}

/** Named parameters of the event insert. */
export interface EventParams {
  id: string;
  ticketId: string;
  at: string;
  actorType: EventRecord['actorType'];
  actorName: string | null;
  type: EventRecord['type'];
  payload: string;
  internal: 0 | 1;
}

/**
 * Statement parameters of a new ticket: timestamps canonical, arrays and objects JSON text,
 * derived columns computed.
 *
 * @throws RangeError for a timestamp that is not a date.
 * @example insertTicket.run(ticketParams(ticket));
 */
export function ticketParams(ticket: TicketRecord): TicketParams {
  const createdAt = canonicalTime(ticket.createdAt);
  const firstRespondedAt = canonicalTimeOrNull(ticket.firstRespondedAt);
  const resolvedAt = canonicalTimeOrNull(ticket.resolvedAt);
  return {
    id: ticket.id,
    clientId: ticket.clientId,
    reporterId: ticket.reporterId,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    subtypes: JSON.stringify(ticket.subtypes),
    summary: ticket.summary,
    searchText: ticket.searchText,
    keywords: JSON.stringify(ticket.keywords),
    formId: ticket.formId,
    formVersion: ticket.formVersion,
    answers: JSON.stringify(ticket.answers),
    context: JSON.stringify(ticket.context),
    contact: ticket.contact === null ? null : JSON.stringify(ticket.contact),
    attachments: JSON.stringify(ticket.attachments),
    assignee: ticket.assignee,
    team: ticket.team,
    // NULL for the app: the channel index holds only tickets operators typed in.
    channel: ticket.channel === 'app' ? null : ticket.channel,
    submittedAt: canonicalTime(ticket.submittedAt),
    createdAt,
    updatedAt: canonicalTime(ticket.updatedAt),
    firstResponseDueAt: canonicalTime(ticket.firstResponseDueAt),
    resolutionDueAt: canonicalTime(ticket.resolutionDueAt),
    firstRespondedAt,
    resolvedAt,
    closedAt: canonicalTimeOrNull(ticket.closedAt),
    ratingScore: ticket.ratingScore,
    ratingComment: ticket.ratingComment,
    ratedAt: canonicalTimeOrNull(ticket.ratedAt),
    reopenCount: ticket.reopenCount,
    unread: ticket.unread,
    // Only a resolved ticket can be reopened, so a reopen count also means "resolved once".
    resolvedEver: resolvedAt !== null || ticket.reopenCount > 0 ? 1 : 0,
    firstResponseMinutes: minutesBetween(createdAt, firstRespondedAt),
    resolutionMinutes: minutesBetween(createdAt, resolvedAt),
  };
}

/** Statement parameters of an event. @throws RangeError for a timestamp that is not a date. */
export function eventParams(event: EventRecord): EventParams {
  return {
    id: event.id,
    ticketId: event.ticketId,
    at: canonicalTime(event.at),
    actorType: event.actorType,
    actorName: event.actorName,
    type: event.type,
    payload: JSON.stringify(event.payload),
    internal: event.internal ? 1 : 0,
  };
}

/** A `tickets` row as selected by `TICKET_COLUMNS`. */
export interface TicketRow {
  id: string;
  client_id: string;
  reporter_id: string;
  status: TicketStatus;
  priority: Priority;
  category: string | null;
  subtypes: string;
  summary: string;
  search_text: string;
  keywords: string;
  form_id: string;
  form_version: number;
  answers: string;
  context: string;
  contact: string | null;
  attachments: string;
  assignee: string | null;
  submitted_at: string;
  created_at: string;
  updated_at: string;
  first_response_due_at: string;
  resolution_due_at: string;
  first_responded_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  rating_score: number | null;
  rating_comment: string | null;
  rated_at: string | null;
  reopen_count: number;
  unread: number;
  team: string | null;
  /** NULL for `app`. */
  channel: Exclude<TicketRecord['channel'], 'app'> | null;
}

/** An `events` row. */
export interface EventRow {
  id: string;
  ticket_id: string;
  at: string;
  actor_type: EventRecord['actorType'];
  actor_name: string | null;
  type: EventRecord['type'];
  payload: string;
  internal: number;
}

/** An `attachments` row. */
export interface AttachmentRow {
  id: string;
  reporter_id: string;
  content_type: AttachmentRecord['contentType'];
  size: number;
  created_at: string;
  ticket_id: string | null;
}

/** Flag-and-value pairs for the fixed update statement. */
export function updateParams(id: string, createdAt: string, change: TicketChange) {
  const set = (value: unknown) => (value === undefined ? 0 : 1);
  const time = (value: string | null | undefined) => (value === undefined ? null : canonicalTimeOrNull(value));
  const firstRespondedAt = time(change.firstRespondedAt);
  const resolvedAt = time(change.resolvedAt);
  return {
    id,
    updatedAt: canonicalTime(change.updatedAt),
    setStatus: set(change.status),
    status: change.status ?? null,
    setPriority: set(change.priority),
    priority: change.priority ?? null,
    setCategory: set(change.category),
    category: change.category ?? null,
    setAssignee: set(change.assignee),
    assignee: change.assignee ?? null,
    setTeam: set(change.team),
    team: change.team ?? null,
    setFirstResponseDueAt: set(change.firstResponseDueAt),
    firstResponseDueAt: time(change.firstResponseDueAt),
    setResolutionDueAt: set(change.resolutionDueAt),
    resolutionDueAt: time(change.resolutionDueAt),
    setFirstRespondedAt: set(change.firstRespondedAt),
    firstRespondedAt,
    firstResponseMinutes: minutesBetween(createdAt, firstRespondedAt),
    setResolvedAt: set(change.resolvedAt),
    resolvedAt,
    resolutionMinutes: minutesBetween(createdAt, resolvedAt),
    setClosedAt: set(change.closedAt),
    closedAt: time(change.closedAt),
    setRatingScore: set(change.ratingScore),
    ratingScore: change.ratingScore ?? null,
    setRatingComment: set(change.ratingComment),
    ratingComment: change.ratingComment ?? null,
    setRatedAt: set(change.ratedAt),
    ratedAt: time(change.ratedAt),
    setAttachments: set(change.attachments),
    attachments: change.attachments === undefined ? null : JSON.stringify(change.attachments),
    unreadMode: change.unread === 'increment' ? 'increment' : change.unread === 0 ? 'reset' : 'keep',
    reopenIncrement: change.reopenCount === 'increment' ? 1 : 0,
  };
}

/** Named parameters of the attachment insert. */
export function attachmentParams(record: AttachmentRecord) {
  return { ...record, createdAt: canonicalTime(record.createdAt) };
}

/** A selected ticket row as the record the store returns. */
export function toTicket(row: TicketRow): TicketRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    reporterId: row.reporter_id,
    status: row.status,
    priority: row.priority,
    category: row.category,
    subtypes: JSON.parse(row.subtypes) as string[],
    summary: row.summary,
    searchText: row.search_text,
    keywords: JSON.parse(row.keywords) as string[],
    formId: row.form_id,
    formVersion: row.form_version,
    answers: JSON.parse(row.answers) as TicketRecord['answers'],
    context: JSON.parse(row.context) as TicketRecord['context'],
    contact: row.contact === null ? null : (JSON.parse(row.contact) as TicketRecord['contact']),
    attachments: JSON.parse(row.attachments) as string[],
    assignee: row.assignee,
    team: row.team,
    channel: row.channel ?? 'app',
    submittedAt: row.submitted_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstResponseDueAt: row.first_response_due_at,
    resolutionDueAt: row.resolution_due_at,
    firstRespondedAt: row.first_responded_at,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    ratingScore: row.rating_score,
    ratingComment: row.rating_comment,
    ratedAt: row.rated_at,
    reopenCount: row.reopen_count,
    unread: row.unread,
  };
}

/** A selected event row as a record. */
export function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    at: row.at,
    actorType: row.actor_type,
    actorName: row.actor_name,
    type: row.type,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    internal: row.internal === 1,
  };
}

/** A selected attachment row as a record. */
export function toAttachment(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    reporterId: row.reporter_id,
    contentType: row.content_type,
    size: row.size,
    createdAt: row.created_at,
    ticketId: row.ticket_id,
  };
}


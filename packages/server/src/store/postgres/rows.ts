import type { Priority, TicketStatus } from '@fankui/core';
import { canonicalTime, canonicalTimeOrNull, minutesBetween } from '../shared/derived';
import type { AttachmentRecord, EventRecord, TicketChange, TicketRecord } from '../store';

/**
 * Records to query values and rows back to records, for the PostgreSQL store. Rows come
 * back with timestamptz as Date and jsonb parsed; records carry `toISOString()` text.
 */

/** A `tickets` row as selected by `TICKET_COLUMNS`. */
export interface TicketRow {
  id: string;
  client_id: string;
  reporter_id: string;
  status: TicketStatus;
  priority: Priority;
  category: string | null;
  subtypes: string[];
  summary: string;
  search_text: string;
  keywords: string[];
  form_id: string;
  form_version: number;
  answers: TicketRecord['answers'];
  context: TicketRecord['context'];
  contact: TicketRecord['contact'];
  attachments: string[];
  assignee: string | null;
  submitted_at: Date;
  created_at: Date;
  updated_at: Date;
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_responded_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  rating_score: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
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
  at: Date;
  actor_type: EventRecord['actorType'];
  actor_name: string | null;
  type: EventRecord['type'];
  payload: Record<string, unknown>;
  internal: boolean;
}

/** An `attachments` row. */
export interface AttachmentRow {
  id: string;
  reporter_id: string;
  content_type: AttachmentRecord['contentType'];
  size: number;
  created_at: Date;
  ticket_id: string | null;
}

/** Values $1..$33 of `CREATE_TICKET_SQL`, derived columns included. */
export function ticketValues(ticket: TicketRecord): unknown[] {
  const createdAt = canonicalTime(ticket.createdAt);
  const firstRespondedAt = canonicalTimeOrNull(ticket.firstRespondedAt);
  const resolvedAt = canonicalTimeOrNull(ticket.resolvedAt);
  return [
    ticket.id,
    ticket.clientId,
    ticket.reporterId,
    ticket.status,
    ticket.priority,
    ticket.category,
    JSON.stringify(ticket.subtypes),
    ticket.summary,
    ticket.searchText,
    JSON.stringify(ticket.keywords),
    ticket.formId,
    ticket.formVersion,
    JSON.stringify(ticket.answers),
    JSON.stringify(ticket.context),
    ticket.contact === null ? null : JSON.stringify(ticket.contact),
    JSON.stringify(ticket.attachments),
    ticket.assignee,
    canonicalTime(ticket.submittedAt),
    createdAt,
    canonicalTime(ticket.updatedAt),
    canonicalTime(ticket.firstResponseDueAt),
    canonicalTime(ticket.resolutionDueAt),
    firstRespondedAt,
    resolvedAt,
    canonicalTimeOrNull(ticket.closedAt),
    ticket.ratingScore,
    ticket.ratingComment,
    canonicalTimeOrNull(ticket.ratedAt),
    ticket.reopenCount,
    ticket.unread,
    // Only a resolved ticket can be reopened, so a reopen count also means "resolved once".
    resolvedAt !== null || ticket.reopenCount > 0,
    minutesBetween(createdAt, firstRespondedAt),
    minutesBetween(createdAt, resolvedAt),
  ];
}

/** Values $43, $44 of `CREATE_TICKET_SQL`: the team, and the channel (NULL for the app, as the partial index wants). */
export function ticketRouteValues(ticket: TicketRecord): unknown[] {
  return [ticket.team, ticket.channel === 'app' ? null : ticket.channel];
}

/** Values $40, $41 of `UPDATE_TICKET_SQL`: the team's flag and value. */
export function teamChangeValues(change: TicketChange): unknown[] {
  return [change.team !== undefined, change.team ?? null];
}

/** Flag-and-value pairs, then the counters and updatedAt, for the fixed update statement ($3..$31). */
export function changeValues(change: TicketChange): unknown[] {
  const set = (value: unknown) => value !== undefined;
  const time = (value: string | null | undefined) => (value === undefined ? null : canonicalTimeOrNull(value));
  return [
    set(change.status),
    change.status ?? null,
    set(change.priority),
    change.priority ?? null,
    set(change.category),
    change.category ?? null,
    set(change.assignee),
    change.assignee ?? null,
    set(change.firstResponseDueAt),
    time(change.firstResponseDueAt),
    set(change.resolutionDueAt),
    time(change.resolutionDueAt),
    set(change.firstRespondedAt),
    time(change.firstRespondedAt),
    set(change.resolvedAt),
    time(change.resolvedAt),
    set(change.closedAt),
    time(change.closedAt),
    set(change.ratingScore),
    change.ratingScore ?? null,
    set(change.ratingComment),
    change.ratingComment ?? null,
    set(change.ratedAt),
    time(change.ratedAt),
    set(change.attachments),
    change.attachments === undefined ? null : JSON.stringify(change.attachments),
    change.unread === 'increment' ? 'increment' : change.unread === 0 ? 'reset' : 'keep',
    change.reopenCount === 'increment',
    canonicalTime(change.updatedAt),
  ];
}

/** Events as eight parallel arrays, for `unnest`. */
export function eventArrays(events: readonly EventRecord[]): unknown[][] {
  return [
    events.map((event) => event.id),
    events.map((event) => event.ticketId),
    events.map((event) => canonicalTime(event.at)),
    events.map((event) => event.actorType),
    events.map((event) => event.actorName),
    events.map((event) => event.type),
    events.map((event) => JSON.stringify(event.payload)),
    events.map((event) => event.internal),
  ];
}

const iso = (value: Date) => value.toISOString();
const isoOrNull = (value: Date | null) => (value === null ? null : value.toISOString());

/** A selected ticket row as the record the store returns. */
export function toTicket(row: TicketRow): TicketRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    reporterId: row.reporter_id,
    status: row.status,
    priority: row.priority,
    category: row.category,
    subtypes: row.subtypes,
    summary: row.summary,
    searchText: row.search_text,
    keywords: row.keywords,
    formId: row.form_id,
    formVersion: row.form_version,
    answers: row.answers,
    context: row.context,
    contact: row.contact,
    attachments: row.attachments,
    assignee: row.assignee,
    team: row.team,
    channel: row.channel ?? 'app',
    submittedAt: iso(row.submitted_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    firstResponseDueAt: iso(row.first_response_due_at),
    resolutionDueAt: iso(row.resolution_due_at),
    firstRespondedAt: isoOrNull(row.first_responded_at),
    resolvedAt: isoOrNull(row.resolved_at),
    closedAt: isoOrNull(row.closed_at),
    ratingScore: row.rating_score,
    ratingComment: row.rating_comment,
    ratedAt: isoOrNull(row.rated_at),
    reopenCount: row.reopen_count,
    unread: row.unread,
  };
}

/** A selected event row as a record. */
export function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    at: iso(row.at),
    actorType: row.actor_type,
    actorName: row.actor_name,
    type: row.type,
    payload: row.payload,
    internal: row.internal,
  };
}

/** A selected attachment row as a record. */
export function toAttachment(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    reporterId: row.reporter_id,
    contentType: row.content_type,
    size: row.size,
    createdAt: iso(row.created_at),
    ticketId: row.ticket_id,
  };
}

import type { ActorType, ContactInfo, Priority, SubmissionContext, TicketChannel, TicketStatus, TimelineEventType } from '@fankui/core';

/**
 * What the store keeps. These are the server's own records, not wire views: the HTTP layer
 * turns them into protocol shapes (`src/domain/views.ts`), deciding what each caller sees.
 * Timestamps are ISO 8601 strings in UTC (`Date#toISOString()`), which sort as text.
 */
export interface TicketRecord {
  id: string;
  /** The submission's client id: the idempotency key. Unique. */
  clientId: string;
  /** `sha256(secret)` hex for secret-holding reporters, `user:<sub>` for signed user tokens. */
  reporterId: string;
  status: TicketStatus;
  priority: Priority;
  category: string | null;
  subtypes: string[];
  /** The beginning of the description, for list rows. */
  summary: string;
  /** Normalised text the operator search runs on (description, subtypes, category). */
  searchText: string;
  /** Triage keywords found in the text, for "hot keywords" statistics. */
  keywords: string[];
  formId: string;
  formVersion: number;
  answers: Record<string, unknown>;
  context: SubmissionContext;
  /** Kept only when the reporter consented. */
  contact: ContactInfo | null;
  attachments: string[];
  assignee: string | null;
  /** The team handling it (an id from the settings' routing), set at creation by the routing rules; null: none. */
  team: string | null;
  /**
   * How it reached support: `app`, or the channel an operator typed it in from. Stored (not
   * derived from the reporter id) so it survives the retention purge and erasure, which
   * unlink the reporter.
   */
  channel: TicketChannel;
  /** The client's clock when the user pressed submit. */
  submittedAt: string;
  /** The server's clock when it accepted the submission; SLA timers start here. */
  createdAt: string;
  updatedAt: string;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  ratingScore: number | null;
  ratingComment: string | null;
  ratedAt: string | null;
  reopenCount: number;
  /** Operator replies the reporter has not opened yet. */
  unread: number;
}

/**
 * The reporter id of a ticket the retention purge anonymised. Real ones are 64 hex digits or
 * `user:<sub>`, so it matches nobody: the ticket leaves every reporter's list.
 */
export const PURGED_REPORTER_ID = 'purged';

export interface EventRecord {
  id: string;
  ticketId: string;
  at: string;
  actorType: ActorType;
  actorName: string | null;
  type: TimelineEventType;
  /** Type-specific fields (from/to, body, score, …) as in the TimelineEvent wire schema. */
  payload: Record<string, unknown>;
  /** Operator-only (notes, priority/category/assignee changes): never shown to the reporter. */
  internal: boolean;
}

export interface AttachmentRecord {
  id: string;
  /** Who uploaded it; only they and operators may read it. */
  reporterId: string;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  size: number;
  createdAt: string;
  /** Set when a submission or message refers to it. */
  ticketId: string | null;
}

export interface OperatorTokenRecord {
  id: string;
  name: string;
  /** sha256 hex of the token; the token itself is never stored. */
  tokenHash: string;
  createdAt: string;
  /** Set once the token was revoked; it no longer authenticates. */
  revokedAt?: string | null;
}

/** One timeline event as the change feed reports it, with its position in the feed. */
export interface ChangeRecord {
  /**
   * Opaque position: the feed continues after it. Digits and dots only (the embedded
   * store's event sequence; PostgreSQL's writing transaction and sequence).
   */
  cursor: string;
  ticketId: string;
  type: EventRecord['type'];
  at: string;
  actorType: ActorType;
  actorName: string | null;
}

/**
 * The settings operators edit at run time, as saved. `body` is the JSON the domain
 * validated (form, sla, triage, selfHelp); the store keeps it opaque.
 */
export interface SettingsRecord {
  version: number;
  body: Record<string, unknown>;
  updatedAt: string;
  updatedBy: string | null;
}

export interface DeflectionRecord {
  id: string;
  /**
   * The client's idempotency key (`DeflectionCreate.id`), unique per reporter; absent from
   * older clients, whose deflections are each recorded.
   */
  clientId?: string;
  reporterId: string;
  articleId: string;
  category: string | null;
  at: string;
}

/** Fields of a ticket that an update may set. `unread: 'increment' | 0` keeps the counter atomic. */
export type TicketChange = Partial<
  Pick<
    TicketRecord,
    | 'status'
    | 'priority'
    | 'category'
    | 'assignee'
    | 'team'
    | 'firstResponseDueAt'
    | 'resolutionDueAt'
    | 'firstRespondedAt'
    | 'resolvedAt'
    | 'closedAt'
    | 'ratingScore'
    | 'ratingComment'
    | 'ratedAt'
    | 'attachments'
  >
> & { updatedAt: string; unread?: 'increment' | 0; reopenCount?: 'increment' };

export interface TicketFilter {
  reporterId?: string;
  status?: TicketStatus;
  priority?: Priority;
  category?: string;
  assignee?: string;
  /** A team's tickets; null: tickets without a team. */
  team?: string | null;
  /** The tickets of any of these teams (an operator's teams); none when empty. */
  teams?: string[];
  channel?: TicketChannel;
  /** Open tickets whose first-response or resolution due time is before `now`. */
  overdueAt?: string;
  /** Substring of the normalised search text. */
  text?: string;
  /** createdAt range, inclusive from, exclusive to. */
  from?: string;
  to?: string;
}

export interface PageRequest {
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
  /** By creation time (then id): `newest` first (default) or `oldest` first. */
  order?: 'newest' | 'oldest';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Aggregates over tickets created in [from, to). Durations in minutes. */
export interface StatsRecord {
  total: number;
  open: number;
  byCategory: { category: string | null; count: number }[];
  /** `day` is YYYY-MM-DD in UTC. */
  byDay: { day: string; category: string | null; count: number }[];
  byPriority: { priority: Priority; count: number }[];
  firstResponse: { count: number; p50Minutes: number | null; p90Minutes: number | null };
  resolution: { count: number; p50Minutes: number | null; p90Minutes: number | null };
  /** Tickets whose first response came late or is overdue at `now`, over all tickets in range. */
  slaBreaches: number;
  /** `distribution[i]`: ratings of `i + 1` stars (always five entries). */
  ratings: { count: number; average: number | null; satisfied: number; distribution: number[] };
  /** Tickets reopened at least once. */
  reopened: number;
  /** Tickets that reached resolved at least once. */
  resolvedEver: number;
  deflections: number;
  hotKeywords: { keyword: string; count: number }[];
}

/** Thrown by `createTicket` when the client id exists but belongs to another reporter. */
export class ClientIdConflictError extends Error {
  override readonly name = 'ClientIdConflictError';
}

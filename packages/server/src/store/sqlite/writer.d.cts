import type Database from 'better-sqlite3';
import type { EventRecord, TicketRecord } from '../store';

/**
 * The types of writer.cjs: what its group commit takes and answers, and the record →
 * statement-parameter conversion it runs (sqlite-rows.ts and derived.ts re-export it).
 */

/** The SQL text of the group commit's statements (`CREATE_TICKET_SQL` in sqlite-statements.ts). */
export interface CreateTicketSql {
  insertTicket: string;
  insertEvent: string;
  insertKeyword: string;
  selectByClientId: string;
  /** `ticket_days` += the tickets whose rowids are the JSON array bound to its one `?`. */
  rollUpTicketDays: string;
  /** `keyword_days` += a JSON array of `[day, keyword, count]`. */
  rollUpKeywordDays: string;
  /** `rating_days` += the rated tickets whose rowids are the JSON array bound to its one `?`. */
  rollUpRatingDays: string;
}

/** One ticket to create, as the store was given it (plain data: it is posted to the worker). */
export interface WriteItem {
  ticket: TicketRecord;
  events: readonly EventRecord[];
}

/** Why one ticket was not written, in a form that crosses threads. */
export interface WriteFailure {
  /**
   * The error the caller gets: `client-id-conflict` a `ClientIdConflictError`, `range-error` a
   * `RangeError` (an invalid timestamp), `type-error` a `TypeError` (a value JSON cannot
   * hold), `failed` an `Error` (a `SqliteError` when there is a `code`).
   */
  kind: 'client-id-conflict' | 'range-error' | 'type-error' | 'failed';
  message: string;
  /** The SQLite error code (`SQLITE_CONSTRAINT_NOTNULL`, …) when SQLite refused it. */
  code: string | null;
}

/** Per item of a group, in order. */
export type WriteOutcome = { created: boolean; ticketId: string } | { error: WriteFailure };

/**
 * Writes a group in one immediate transaction, with the daily roll-ups of the tickets it
 * inserted; after an error, again with one savepoint per ticket so only the failing ones fail.
 * Never throws. `retried`: the group may already have committed on a writer that died before
 * answering, so a ticket finding its own row counts as created.
 */
export type WriteGroup = (items: WriteItem[], retried?: boolean) => WriteOutcome[];

/** Prepares the group commit's statements on `db`. */
export function groupWriter(db: Database.Database, sql: CreateTicketSql): WriteGroup;

/**
 * What one transaction inserted, added to the daily roll-ups by one statement per table
 * before it commits (`rollUpTicketDays`, `rollUpKeywordDays`).
 *
 * @example
 * const rollUp = new GroupRollUp(sql.rollUpTicketDays, sql.rollUpKeywordDays, sql.rollUpRatingDays);
 * const params = ticketParams(ticket);
 * rollUp.ticket(insertTicket.run(params).lastInsertRowid, params.ratingScore);
 * for (const keyword of ticket.keywords) {
 *   if (insertKeyword.run(ticket.id, keyword, params.createdAt).changes === 1) rollUp.keyword(params.createdAt, keyword);
 * }
 * rollUp.run(); // in the same transaction
 */
export class GroupRollUp {
  constructor(ticketDays: Database.Statement, keywordDays: Database.Statement, ratingDays: Database.Statement);
  /** A ticket row inserted, with its rating when it came rated. */
  ticket(rowid: number | bigint, ratingScore?: number | null): void;
  /** A `ticket_keywords` row inserted (`createdAt` canonical). */
  keyword(createdAt: string, keyword: string): void;
  /** Where it stands, to `undo` back to when a savepoint rolls back. */
  mark(): { tickets: number; keywords: number; rated: number };
  undo(mark: { tickets: number; keywords: number; rated: number }): void;
  /** Forgets everything (the transaction rolled back). */
  clear(): void;
  /** Adds everything noted to the roll-ups, then forgets it. */
  run(): void;
}

/** Named parameters of the ticket insert, derived columns included. */
export interface TicketParams {
  id: string;
  clientId: string;
  reporterId: string;
  status: TicketRecord['status'];
  priority: TicketRecord['priority'];
  category: string | null;
  subtypes: string;
  summary: string;
  searchText: string;
  keywords: string;
  formId: string;
  formVersion: number;
  answers: string;
  context: string;
  contact: string | null;
  attachments: string;
  assignee: string | null;
  submittedAt: string;
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
  unread: number;
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
 */
export function ticketParams(ticket: TicketRecord): TicketParams;

/** Statement parameters of an event. @throws RangeError for a timestamp that is not a date. */
export function eventParams(event: EventRecord): EventParams;

/**
 * The canonical form of a timestamp: `Date#toISOString()`. Stored timestamps must all have
 * this exact shape because the embedded store compares them as text.
 *
 * @throws RangeError for a string that is not a date.
 * @example canonicalTime('2026-01-01T08:00:00Z') // '2026-01-01T08:00:00.000Z'
 */
export function canonicalTime(value: string): string;

/** `canonicalTime` that lets null through. */
export function canonicalTimeOrNull(value: string | null): string | null;

/**
 * Minutes from `start` to `end` (fractional, negative if `end` is earlier), or null when
 * `end` is null. Computed in JavaScript for both stores so percentiles match exactly.
 *
 * @example minutesBetween('2026-01-01T08:00:00.000Z', '2026-01-01T08:01:30.000Z') // 1.5
 */
export function minutesBetween(start: string, end: string | null): number | null;

/** `workerData.sqliteWriter` of the writer worker. */
export interface WriterStart {
  /** Resolved path of better-sqlite3, so the worker loads the store's own driver. */
  driver: string;
  file: string;
  busyTimeoutMs: number;
  /** Run in order on the worker's connection (synchronous, foreign_keys, …). */
  pragmas: string[];
  sql: CreateTicketSql;
}

import type Database from 'better-sqlite3';
import { eventParams, ticketParams, type EventParams, type TicketParams } from './rows';
import { ClientIdConflictError, type EventRecord, type TicketOutbox, type TicketRecord, type WebhookDeliveryRecord } from '../store';

type CreateResult = { created: boolean; ticketId: string };

/** The statements the group commit runs, prepared on the store's connection (`prepareStatements`). */
export interface GroupCommitStatements {
  insertTicket: Database.Statement;
  insertEvent: Database.Statement;
  insertKeyword: Database.Statement;
  selectByClientId: Database.Statement;
  /** `ticket_days` += the tickets whose rowids are the JSON array bound to its one `?`. */
  rollUpTicketDays: Database.Statement;
  /** `keyword_days` += a JSON array of `[day, keyword, count]`. */
  rollUpKeywordDays: Database.Statement;
  /** `rating_days` += the rated tickets whose rowids are the JSON array bound to its one `?`. */
  rollUpRatingDays: Database.Statement;
}

/** The group commit of `createTicket`. */
export interface GroupCommit {
  create(ticket: TicketRecord, events: readonly EventRecord[], outbox?: TicketOutbox): Promise<CreateResult>;
  /** Resolves once the queued group (if any) is written and answered. */
  close(): Promise<void>;
}

interface Pending {
  ticket: TicketRecord;
  events: readonly EventRecord[];
  outbox: TicketOutbox | undefined;
  resolve(result: CreateResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit: creates requested in the same turn of the event loop share one transaction,
 * so concurrent submissions pay for one WAL write of the pages they have in common (index
 * tails, roll-ups) instead of one each. Each ticket still succeeds or fails on its own;
 * every caller's promise settles only after the commit.
 *
 * @example
 * const groupCommit = startGroupCommit(db, prepareStatements(db));
 * await Promise.all(tickets.map((ticket) => groupCommit.create(ticket, openingEvents(ticket)))); // one transaction
 */
export function startGroupCommit(
  db: Database.Database,
  statements: GroupCommitStatements,
  insertDeliveries: (records: readonly WebhookDeliveryRecord[]) => void = () => {},
): GroupCommit {
  const writeGroup = groupWriter(db, statements, insertDeliveries);
  let queued: Pending[] = [];
  let scheduled = false;
  let idle: (() => void)[] = [];

  function write(): void {
    scheduled = false;
    const group = queued;
    queued = [];
    const outcomes = writeGroup(group);
    group.forEach((pending, index) => {
      const outcome = outcomes[index] as Outcome;
      if ('error' in outcome) pending.reject(outcome.error);
      else pending.resolve(outcome);
    });
    for (const resolve of idle) resolve();
    idle = [];
  }

  return {
    create(ticket, events, outbox) {
      return new Promise((resolve, reject) => {
        queued.push({ ticket, events, outbox, resolve, reject });
        if (scheduled) return;
        scheduled = true;
        setImmediate(write);
      });
    },
    async close() {
      if (scheduled) await new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}

/** Per item of a group, in order: what the caller's promise settles with. */
type Outcome = CreateResult | { error: unknown };
type Converted = { ticket: TicketParams; events: EventParams[]; keywords: readonly string[]; record: TicketRecord; outbox: TicketOutbox | undefined };

/**
 * Prepares the writing of a group: one immediate transaction with the daily roll-ups of the
 * tickets it inserted; after an error, again with one savepoint per ticket so only the
 * failing ones fail. Never throws.
 */
function groupWriter(db: Database.Database, sql: GroupCommitStatements, insertDeliveries: (records: readonly WebhookDeliveryRecord[]) => void): (items: readonly Pending[]) => Outcome[] {
  const rollUp = new GroupRollUp(sql.rollUpTicketDays, sql.rollUpKeywordDays, sql.rollUpRatingDays);

  /**
   * Writes one ticket inside the caller's transaction, noting in `rollUp` what it inserted.
   * A repeat or a conflict is answered, not thrown: nothing of that ticket was written, so the
   * rest of the group stands. Its outbox rows go in with it; one that cannot throws.
   */
  function insertOne({ ticket, events, keywords, record, outbox }: Converted): Outcome {
    const inserted = sql.insertTicket.run(ticket);
    if (inserted.changes === 1) {
      rollUp.ticket(inserted.lastInsertRowid, ticket.ratingScore);
      for (const event of events) sql.insertEvent.run(event);
      for (const keyword of keywords) {
        if (sql.insertKeyword.run(ticket.id, keyword, ticket.createdAt).changes === 1) rollUp.keyword(ticket.createdAt, keyword);
      }
      if (outbox) insertDeliveries(outbox(record));
      return { created: true, ticketId: ticket.id };
    }
    const existing = sql.selectByClientId.get(ticket.clientId) as { id: string; reporter_id: string } | undefined;
    // The insert hit another unique key (the ticket id) without a client-id row behind it.
    if (!existing) return { error: new Error(`Ticket id ${ticket.id} is already taken`) };
    if (existing.reporter_id !== ticket.reporterId) {
      return { error: new ClientIdConflictError(`Client id ${ticket.clientId} belongs to another reporter`) };
    }
    return { created: false, ticketId: existing.id };
  }

  // Savepoint-nested inside the group commit below: one failing ticket leaves no trace.
  const createOne = db.transaction(insertOne);
  // The usual case: every ticket goes in, no savepoints (and no statement journal per ticket).
  const writeAll = db.transaction((items: (Converted | { error: unknown })[]) => {
    const outcomes = items.map((item) => ('error' in item ? item : insertOne(item)));
    rollUp.run();
    return outcomes;
  });
  // After an error rolled the whole group back: again, each ticket in its own savepoint, so
  // only the failing one fails.
  const writeEach = db.transaction((items: (Converted | { error: unknown })[]) => {
    const outcomes = items.map((item): Outcome => {
      if ('error' in item) return item;
      const mark = rollUp.mark();
      try {
        return createOne(item);
      } catch (error) {
        rollUp.undo(mark);
        return { error };
      }
    });
    rollUp.run();
    return outcomes;
  });

  return (items) => {
    // Converted one by one first: a record that cannot be (an invalid timestamp) fails alone.
    const converted = items.map(convert);
    // IMMEDIATE: the write lock is taken (or waited for) up front, never upgraded mid-way.
    try {
      return writeAll.immediate(converted);
    } catch {
      // Retried below, ticket by ticket, with nothing of this attempt in the roll-up.
      rollUp.clear();
    }
    try {
      return writeEach.immediate(converted);
    } catch (error) {
      rollUp.clear();
      return converted.map((item) => ('error' in item ? item : { error }));
    }
  };
}

/** One item as statement parameters, or the error of its conversion. */
function convert({ ticket, events, outbox }: Pending): Converted | { error: unknown } {
  try {
    return { ticket: ticketParams(ticket), events: events.map(eventParams), keywords: ticket.keywords, record: ticket, outbox };
  } catch (error) {
    return { error };
  }
}

/**
 * What one transaction inserted, added to the daily roll-ups by one statement per table
 * before it commits (the insert triggers that did it row by row were dropped by migration 2).
 *
 * @example
 * const rollUp = new GroupRollUp(sql.rollUpTicketDays, sql.rollUpKeywordDays, sql.rollUpRatingDays);
 * const params = ticketParams(ticket);
 * rollUp.ticket(sql.insertTicket.run(params).lastInsertRowid, params.ratingScore);
 * for (const keyword of ticket.keywords) {
 *   if (sql.insertKeyword.run(ticket.id, keyword, params.createdAt).changes === 1) rollUp.keyword(params.createdAt, keyword);
 * }
 * rollUp.run(); // in the same transaction
 */
export class GroupRollUp {
  /** Rowids of the inserted tickets. */
  private tickets: number[] = [];
  /** Rowids of those that came with a rating. */
  private rated: number[] = [];
  /** Day (10 characters) + keyword of each inserted `ticket_keywords` row. */
  private keywords: string[] = [];

  constructor(
    private readonly ticketDays: Database.Statement,
    private readonly keywordDays: Database.Statement,
    private readonly ratingDays: Database.Statement,
  ) {}

  /** A ticket row inserted, with its rating when it came rated. */
  ticket(rowid: number | bigint, ratingScore?: number | null): void {
    this.tickets.push(Number(rowid));
    if (ratingScore !== null && ratingScore !== undefined) this.rated.push(Number(rowid));
  }

  /** A `ticket_keywords` row inserted (`createdAt` canonical). */
  keyword(createdAt: string, keyword: string): void {
    // substr(created_at, 1, 10), as the trigger keyed it.
    this.keywords.push(createdAt.slice(0, 10) + keyword);
  }

  /** Where it stands, to `undo` back to when a savepoint rolls back. */
  mark(): RollUpMark {
    return { tickets: this.tickets.length, keywords: this.keywords.length, rated: this.rated.length };
  }

  undo(mark: RollUpMark): void {
    this.tickets.length = mark.tickets;
    this.keywords.length = mark.keywords;
    this.rated.length = mark.rated;
  }

  /** Forgets everything (the transaction rolled back). */
  clear(): void {
    this.tickets = [];
    this.keywords = [];
    this.rated = [];
  }

  /** Adds everything noted to the roll-ups, then forgets it. */
  run(): void {
    if (this.tickets.length > 0) this.ticketDays.run(JSON.stringify(this.tickets));
    if (this.rated.length > 0) this.ratingDays.run(JSON.stringify(this.rated));
    if (this.keywords.length > 0) {
      const counts = new Map<string, number>();
      for (const key of this.keywords) counts.set(key, (counts.get(key) ?? 0) + 1);
      this.keywordDays.run(JSON.stringify(Array.from(counts, ([key, count]) => [key.slice(0, 10), key.slice(10), count])));
    }
    this.clear();
  }
}

type RollUpMark = { tickets: number; keywords: number; rated: number };

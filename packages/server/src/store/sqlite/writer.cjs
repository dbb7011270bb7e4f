// @ts-check
'use strict';

/**
 * The group commit of new tickets, in plain CommonJS so one file serves both ways it runs:
 * required by the store to write on its own connection (memory stores, and the fallback
 * when the writer worker is not there), and started as the writer worker of a file-backed
 * store, which opens its own connection and answers one message per group. The store posts
 * records; turning them into statement parameters happens here, where the SQL runs, so the
 * conversion (and the timestamp rules both stores share, re-exported by derived.ts) has this
 * one implementation. Types: writer.d.cts.
 */

const { parentPort, workerData } = require('node:worker_threads');

/** @typedef {import('./writer.cjs').WriteItem} WriteItem */
/** @typedef {import('./writer.cjs').WriteOutcome} WriteOutcome */
/** @typedef {import('./writer.cjs').WriterStart} WriterStart */
/** @typedef {import('./writer.cjs').TicketParams} TicketParams */
/** @typedef {import('./writer.cjs').EventParams} EventParams */

const MINUTE_MS = 60_000;

/** @type {import('./writer.cjs').canonicalTime} */
function canonicalTime(value) {
  // A ticket's timestamps and its events' mostly repeat one value: convert it once.
  if (value === lastValue) return lastCanonical;
  const canonical = new Date(value).toISOString();
  lastValue = value;
  lastCanonical = canonical;
  return canonical;
}
/** @type {string | undefined} */
let lastValue;
let lastCanonical = '';

/** @type {import('./writer.cjs').canonicalTimeOrNull} */
function canonicalTimeOrNull(value) {
  return value === null ? null : canonicalTime(value);
}

/** @type {import('./writer.cjs').minutesBetween} */
function minutesBetween(start, end) {
  return end === null ? null : (Date.parse(end) - Date.parse(start)) / MINUTE_MS;
}

/** @type {import('./writer.cjs').ticketParams} */
function ticketParams(ticket) {
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

/** @type {import('./writer.cjs').eventParams} */
function eventParams(event) {
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

/**
 * What one transaction inserted, added to the daily roll-ups by one statement per table
 * before it commits (`rollUpTicketDays`, `rollUpKeywordDays` of `CREATE_TICKET_SQL`; the
 * insert triggers that did it row by row were dropped by migration 2). Types: writer.d.cts.
 */
class GroupRollUp {
  /**
   * @param {import('better-sqlite3').Statement} ticketDays
   * @param {import('better-sqlite3').Statement} keywordDays
   * @param {import('better-sqlite3').Statement} ratingDays
   */
  constructor(ticketDays, keywordDays, ratingDays) {
    this.ticketDays = ticketDays;
    this.keywordDays = keywordDays;
    this.ratingDays = ratingDays;
    /** @type {number[]} rowids of the inserted tickets */
    this.tickets = [];
    /** @type {number[]} rowids of those that came with a rating */
    this.rated = [];
    /** @type {string[]} day (10 characters) + keyword of each inserted `ticket_keywords` row */
    this.keywords = [];
  }

  /**
   * @param {number | bigint} rowid
   * @param {number | null} [ratingScore]
   */
  ticket(rowid, ratingScore) {
    this.tickets.push(Number(rowid));
    if (ratingScore !== null && ratingScore !== undefined) this.rated.push(Number(rowid));
  }

  /**
   * @param {string} createdAt canonical
   * @param {string} keyword
   */
  keyword(createdAt, keyword) {
    // substr(created_at, 1, 10), as the trigger keyed it.
    this.keywords.push(createdAt.slice(0, 10) + keyword);
  }

  mark() {
    return { tickets: this.tickets.length, keywords: this.keywords.length, rated: this.rated.length };
  }

  /** @param {{ tickets: number, keywords: number, rated: number }} mark */
  undo(mark) {
    this.tickets.length = mark.tickets;
    this.keywords.length = mark.keywords;
    this.rated.length = mark.rated;
  }

  clear() {
    this.tickets = [];
    this.keywords = [];
    this.rated = [];
  }

  run() {
    if (this.tickets.length > 0) this.ticketDays.run(JSON.stringify(this.tickets));
    if (this.rated.length > 0) this.ratingDays.run(JSON.stringify(this.rated));
    if (this.keywords.length > 0) {
      /** @type {Map<string, number>} */
      const counts = new Map();
      for (const key of this.keywords) counts.set(key, (counts.get(key) ?? 0) + 1);
      this.keywordDays.run(JSON.stringify(Array.from(counts, ([key, count]) => [key.slice(0, 10), key.slice(10), count])));
    }
    this.clear();
  }
}

/**
 * Prepares the group commit on `db` (migrated, foreign keys on).
 *
 * @type {import('./writer.cjs').groupWriter}
 */
function groupWriter(db, sql) {
  const insertTicket = db.prepare(sql.insertTicket);
  const insertEvent = db.prepare(sql.insertEvent);
  const insertKeyword = db.prepare(sql.insertKeyword);
  const selectByClientId = db.prepare(sql.selectByClientId);
  const rollUp = new GroupRollUp(db.prepare(sql.rollUpTicketDays), db.prepare(sql.rollUpKeywordDays), db.prepare(sql.rollUpRatingDays));

  /**
   * Writes one ticket inside the caller's transaction, noting in `rollUp` what it inserted.
   * A conflict is answered, not thrown: nothing of that ticket was written, so the rest of the
   * group stands.
   *
   * @param {Converted} item
   * @param {boolean} retried
   * @returns {WriteOutcome}
   */
  function insertOne({ ticket, events, keywords }, retried) {
    const inserted = insertTicket.run(ticket);
    if (inserted.changes === 1) {
      rollUp.ticket(inserted.lastInsertRowid, ticket.ratingScore);
      for (const event of events) insertEvent.run(event);
      for (const keyword of keywords) {
        if (insertKeyword.run(ticket.id, keyword, ticket.createdAt).changes === 1) rollUp.keyword(ticket.createdAt, keyword);
      }
      return { created: true, ticketId: ticket.id };
    }
    const existing = /** @type {{ id: string, reporter_id: string } | undefined} */ (selectByClientId.get(ticket.clientId));
    // The insert hit another unique key (the ticket id) without a client-id row behind it.
    if (!existing) return { error: { kind: 'failed', message: `Ticket id ${ticket.id} is already taken`, code: null } };
    if (existing.reporter_id !== ticket.reporterId) {
      return { error: { kind: 'client-id-conflict', message: `Client id ${ticket.clientId} belongs to another reporter`, code: null } };
    }
    // A group retried after the worker died may have committed there: its own row is its
    // creation (already in the roll-ups, committed with it).
    return { created: retried && existing.id === ticket.id, ticketId: existing.id };
  }

  // Savepoint-nested inside the group commit below: one failing ticket leaves no trace.
  const createOne = db.transaction(insertOne);
  // The usual case: every ticket goes in, no savepoints (and no statement journal per ticket).
  const writeAll = db.transaction(
    /** @type {(items: (Converted | Failed)[], retried: boolean) => WriteOutcome[]} */
    (items, retried) => {
      const outcomes = items.map((item) => ('error' in item ? item : insertOne(item, retried)));
      rollUp.run();
      return outcomes;
    },
  );
  // After an error rolled the whole group back: again, each ticket in its own savepoint, so
  // only the failing one fails.
  const writeEach = db.transaction(
    /** @type {(items: (Converted | Failed)[], retried: boolean) => WriteOutcome[]} */
    (items, retried) => {
      const outcomes = items.map((item) => {
        if ('error' in item) return item;
        const mark = rollUp.mark();
        try {
          return createOne(item, retried);
        } catch (error) {
          rollUp.undo(mark);
          return { error: failureOf(error) };
        }
      });
      rollUp.run();
      return outcomes;
    },
  );

  return function writeGroup(items, retried = false) {
    // Converted one by one first: a record that cannot be (an invalid timestamp) fails alone.
    const converted = items.map(convert);
    // IMMEDIATE: the write lock is taken (or waited for) up front, never upgraded mid-way.
    try {
      return writeAll.immediate(converted, retried);
    } catch {
      // Retried below, ticket by ticket, with nothing of this attempt in the roll-up.
      rollUp.clear();
    }
    try {
      return writeEach.immediate(converted, retried);
    } catch (error) {
      rollUp.clear();
      const failure = failureOf(error);
      return converted.map((item) => ('error' in item ? item : { error: failure }));
    }
  };
}

/** @typedef {{ ticket: TicketParams, events: EventParams[], keywords: readonly string[] }} Converted */
/** @typedef {{ error: import('./writer.cjs').WriteFailure }} Failed */

/**
 * One item as statement parameters, or the failure of its conversion.
 *
 * @param {WriteItem} item
 * @returns {Converted | Failed}
 */
function convert({ ticket, events }) {
  try {
    return { ticket: ticketParams(ticket), events: events.map(eventParams), keywords: ticket.keywords };
  } catch (error) {
    return { error: failureOf(error) };
  }
}

/**
 * What crosses the thread boundary of an error: its class (as `kind`), its message, and its
 * SQLite code if any.
 *
 * @param {unknown} error
 * @returns {import('./writer.cjs').WriteFailure}
 */
function failureOf(error) {
  const { message, code } = /** @type {{ message?: unknown, code?: unknown }} */ (error instanceof Error ? error : {});
  return {
    kind: error instanceof RangeError ? 'range-error' : error instanceof TypeError ? 'type-error' : 'failed',
    message: typeof message === 'string' ? message : String(error),
    code: typeof code === 'string' ? code : null,
  };
}

module.exports = { groupWriter, GroupRollUp, ticketParams, eventParams, canonicalTime, canonicalTimeOrNull, minutesBetween };

// Started as the writer worker: one connection, one group per message, one reply per group.
// 'stop' closes the connection; the thread then ends as nothing else keeps it alive.
/** @type {{ sqliteWriter?: WriterStart } | null} */
const data = workerData;
if (parentPort && data?.sqliteWriter) {
  const port = parentPort;
  const { driver, file, busyTimeoutMs, pragmas, sql } = data.sqliteWriter;
  /** @type {typeof import('better-sqlite3')} */
  const Database = require(driver);
  const db = new Database(file, { timeout: busyTimeoutMs });
  for (const pragma of pragmas) db.pragma(pragma);
  const writeGroup = groupWriter(db, sql);
  port.on('message', (/** @type {WriteItem[] | 'stop'} */ message) => {
    if (message === 'stop') {
      db.close();
      port.close();
      return;
    }
    port.postMessage(writeGroup(message));
  });
}

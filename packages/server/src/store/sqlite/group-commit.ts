import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { SQLITE_WRITER_URL, sqliteWriter } from './rows';
import { CREATE_TICKET_SQL } from './statements';
import type { WriteFailure, WriteGroup, WriteItem, WriteOutcome, WriterStart } from './writer.cjs';
import { ClientIdConflictError, type EventRecord, type TicketRecord } from '../store';

type CreateResult = { created: boolean; ticketId: string };

/** Groups posted to the worker at once (see `inFlight`). */
const MAX_IN_FLIGHT = 2;
interface Pending {
  item: WriteItem;
  resolve(result: CreateResult): void;
  reject(error: unknown): void;
}

/** Where new tickets are written: a writer worker with its own connection, or the store's connection. */
export type TicketWriterMode = 'worker' | 'in-thread';

/** The group commit of `createTicket`. */
export interface GroupCommit {
  create(ticket: TicketRecord, events: readonly EventRecord[]): Promise<CreateResult>;
  readonly mode: TicketWriterMode;
  /** Waits for the queued and in-flight groups, then stops the worker. */
  close(): Promise<void>;
  /** The writer worker while it runs (tests kill it). */
  readonly worker: Worker | null;
}

/**
 * Group commit: creates requested in the same turn of the event loop share one transaction,
 * so concurrent submissions pay for one WAL write of the pages they have in common (index
 * tails, roll-ups) instead of one each. Each ticket still succeeds or fails on its own;
 * every caller's promise settles only after the commit.
 *
 * With `writerThread`, the SQL runs in a worker thread on its own connection: this thread
 * only posts the records (the worker turns them into statement parameters). At most two
 * groups are in flight (the worker answers them in order, and under load the next group
 * grows while the worker writes). Should the worker not start or die, groups are written on
 * `db` from then on, those in flight included: inserts are idempotent on the client id, so
 * a group that did commit there is not written twice.
 */
export function startGroupCommit(
  db: Database.Database,
  writerThread: Omit<WriterStart, 'driver' | 'sql'> | null,
): GroupCommit {
  const writeHere: WriteGroup = sqliteWriter.groupWriter(db, CREATE_TICKET_SQL);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let writer = writerThread === null ? null : startWriter({ ...writerThread, driver, sql: CREATE_TICKET_SQL });

  let queued: Pending[] = [];
  // Groups posted to the worker and not yet answered, oldest first. Up to two: the worker
  // starts on the next group as soon as it commits one, instead of idling while this
  // thread gets round to its answer and posts again.
  let inFlight: Pending[][] = [];
  let scheduled = false;
  let idle: (() => void)[] = [];

  function startWriter(start: WriterStart): Worker | null {
    let started: Worker;
    try {
      started = new Worker(SQLITE_WRITER_URL, { workerData: { sqliteWriter: start } });
    } catch {
      return null;
    }
    started.unref();
    started.on('message', (outcomes: WriteOutcome[]) => {
      const group = inFlight.shift() as Pending[];
      if (inFlight.length === 0) started.unref();
      settle(group, outcomes);
    });
    // Failed to open the database or crashed: the 'exit' that follows falls back.
    started.on('error', () => {});
    started.on('exit', () => {
      if (writer !== started) return;
      writer = null;
      const groups = inFlight;
      inFlight = [];
      for (const group of groups) settle(group, writeHere(group.map((pending) => pending.item), true));
    });
    return started;
  }

  function schedule(): void {
    if (scheduled || inFlight.length >= MAX_IN_FLIGHT) return;
    scheduled = true;
    setImmediate(send);
  }

  function send(): void {
    scheduled = false;
    if (inFlight.length >= MAX_IN_FLIGHT) return;
    if (queued.length === 0) return resolveIdle();
    const group = queued;
    queued = [];
    const items = group.map((pending) => pending.item);
    if (writer) {
      // A pending promise does not keep the process alive; a group on its way does.
      writer.ref();
      try {
        writer.postMessage(items);
        inFlight.push(group);
        return;
      } catch {
        // A record that is not plain data (a function somewhere in its answers): written here instead.
        if (inFlight.length === 0) writer.unref();
      }
    }
    settle(group, writeHere(items));
  }

  function settle(group: Pending[], outcomes: WriteOutcome[]): void {
    group.forEach((pending, index) => {
      const outcome = outcomes[index] as WriteOutcome;
      if ('error' in outcome) pending.reject(toError(outcome.error));
      else pending.resolve(outcome);
    });
    if (queued.length > 0) schedule();
    else resolveIdle();
  }

  function resolveIdle(): void {
    if (inFlight.length > 0 || scheduled || queued.length > 0) return;
    for (const resolve of idle) resolve();
    idle = [];
  }

  return {
    create(ticket, events) {
      return new Promise((resolve, reject) => {
        queued.push({ item: { ticket, events }, resolve, reject });
        schedule();
      });
    },
    get mode() {
      return writer ? 'worker' : 'in-thread';
    },
    get worker() {
      return writer;
    },
    async close() {
      if (inFlight.length > 0 || scheduled || queued.length > 0) await new Promise<void>((resolve) => idle.push(resolve));
      const running = writer;
      writer = null;
      if (running) await stopWorker(running);
    },
  };
}

/**
 * Asks a store worker (writer or checkpointer) to close its connection and end, and waits
 * until it has; it is terminated if it has not within a second.
 */
export async function stopWorker(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage('stop');
  const timeout = setTimeout(() => void worker.terminate(), 1000);
  await exited;
  clearTimeout(timeout);
}

function toError({ kind, message, code }: WriteFailure): Error {
  switch (kind) {
    case 'client-id-conflict':
      return new ClientIdConflictError(message);
    case 'range-error':
      return new RangeError(message);
    case 'type-error':
      return new TypeError(message);
    case 'failed':
      return code === null ? new Error(message) : new Database.SqliteError(message, code);
  }
}

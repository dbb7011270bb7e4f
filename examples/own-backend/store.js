import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * The storage the routes need, and nothing more. Swap `createMemoryStore` for your own
 * database by implementing these methods (all async); the routes never touch anything else.
 *
 * @typedef {object} Store
 * @property {(ticket: Ticket) => Promise<{ created: boolean, ticket: Ticket }>} insertTicket
 *   Adds a ticket unless one with the same `clientId` exists, in which case that one is
 *   returned with `created: false`. This is the idempotency key: make it a UNIQUE column
 *   (`INSERT … ON CONFLICT (client_id) DO NOTHING`, then select), so concurrent resends
 *   cannot create two tickets.
 * @property {(clientId: string) => Promise<Ticket | null>} findTicketByClientId
 * @property {(id: string) => Promise<Ticket | null>} getTicket
 * @property {(id: string, change: (ticket: Ticket) => Ticket) => Promise<Ticket | null>} updateTicket
 *   Applies `change` atomically (a transaction with `SELECT … FOR UPDATE`); `change` may
 *   throw to abort. Null when there is no such ticket.
 * @property {(reporterId: string, page: { cursor?: string, limit: number }) => Promise<{ items: Ticket[], nextCursor: string | null }>} listTickets
 *   The reporter's tickets, newest first. The cursor is opaque to clients; an unknown one throws `InvalidCursorError`.
 * @property {(record: AttachmentRecord, bytes: Uint8Array) => Promise<void>} putAttachment
 * @property {(id: string) => Promise<{ record: AttachmentRecord, bytes: Uint8Array } | null>} getAttachment
 * @property {(id: string) => Promise<AttachmentRecord | null>} getAttachmentRecord
 * @property {(ids: string[], ticketId: string) => Promise<void>} linkAttachments
 * @property {(deflection: Deflection) => Promise<boolean>} recordDeflection
 *   False when this reporter already recorded a deflection with this `clientId` (a resend).
 *
 * @typedef {object} Ticket A ticket with its public timeline, as the reporter sees it, plus its owner.
 * @property {string} id
 * @property {string} clientId the submission's id: the idempotency key
 * @property {string} reporterId
 * @property {import('@fankui/core').TicketStatus} status
 * @property {import('@fankui/core').Priority} priority
 * @property {string | null} category
 * @property {string} summary
 * @property {string} createdAt
 * @property {string} updatedAt
 * @property {string} firstResponseDueAt
 * @property {string} resolutionDueAt
 * @property {string | null} resolvedAt
 * @property {number} unread operator replies the reporter has not opened yet
 * @property {{ score: number, comment?: string, at: string } | null} rating
 * @property {{ id: string, version: number }} form
 * @property {import('@fankui/core').TicketDetail['answers']} answers
 * @property {import('@fankui/core').ContactInfo} [contact]
 * @property {string[]} attachments
 * @property {import('@fankui/core').TimelineEvent[]} timeline
 *
 * @typedef {object} AttachmentRecord
 * @property {string} id
 * @property {string} reporterId who uploaded it: only they (and their tickets) may use it
 * @property {'image/jpeg' | 'image/png' | 'image/webp'} contentType
 * @property {number} size
 * @property {string} createdAt
 * @property {string | null} ticketId
 *
 * @typedef {object} Deflection
 * @property {string} reporterId
 * @property {string | null} clientId
 * @property {string} articleId
 * @property {string | null} category
 * @property {string} at
 */

/** A cursor this store never handed out (answered with 400 `invalid_query`). */
export class InvalidCursorError extends Error {}

/**
 * An in-memory store, optionally kept in a directory: `state.json` (written to a temporary
 * file, synced, then renamed over the old one, so a crash leaves the old or the new state,
 * never half of one) and one file per attachment under `attachments/`. Every change is on
 * disk before its promise resolves, so an `accepted` answer is never lost; changes made
 * while a write is in flight share the next write.
 *
 * Good for a demo or a small deployment on one machine; put a database behind `Store` when
 * you outgrow it.
 *
 * @param {{ dir?: string }} [options] without `dir`, nothing survives a restart
 * @returns {Promise<Store>}
 *
 * @example
 * const store = await createMemoryStore({ dir: './fankui-data' });
 */
export async function createMemoryStore(options = {}) {
  const { dir } = options;
  const stateFile = dir && join(dir, 'state.json');
  const attachmentDir = dir && join(dir, 'attachments');

  /** Every ticket has a sequence number: the list order (newest first) and the cursor. */
  let seq = 0;
  /** @type {Map<string, Ticket & { seq: number }>} */
  const tickets = new Map();
  /** @type {Map<string, string>} clientId → ticket id */
  const byClientId = new Map();
  /** @type {Map<string, AttachmentRecord>} */
  const attachments = new Map();
  /** @type {Map<string, Uint8Array>} the bytes, when nothing is kept on disk */
  const attachmentBytes = new Map();
  /** @type {Map<string, Deflection>} keyed by reporter and client id */
  const deflections = new Map();
  let anonymousDeflections = [];

  if (stateFile && attachmentDir) {
    await mkdir(attachmentDir, { recursive: true });
    const saved = await readFile(stateFile, 'utf8').then(JSON.parse, (error) => (error.code === 'ENOENT' ? null : Promise.reject(error)));
    if (saved) {
      seq = saved.seq;
      for (const ticket of saved.tickets) {
        tickets.set(ticket.id, ticket);
        byClientId.set(ticket.clientId, ticket.id);
      }
      for (const record of saved.attachments) attachments.set(record.id, record);
      for (const deflection of saved.deflections) deflections.set(deflectionKey(deflection), deflection);
      anonymousDeflections = saved.anonymousDeflections ?? [];
    }
  }

  // Group commit: at most one write in flight, and one queued behind it for every change
  // made meanwhile.
  let lastWrite = Promise.resolve();
  /** @type {Promise<void> | null} */
  let nextWrite = null;
  function persist() {
    if (!stateFile) return Promise.resolve();
    if (nextWrite) return nextWrite;
    const write = lastWrite.then(() => {
      nextWrite = null; // changes from here on need another write
      return writeAtomically(stateFile, JSON.stringify({ seq, tickets: [...tickets.values()], attachments: [...attachments.values()], deflections: [...deflections.values()], anonymousDeflections }));
    });
    nextWrite = write;
    lastWrite = write.catch(() => undefined);
    return write;
  }

  // Callers get copies, as from a database: changing one changes nothing stored.
  const copy = (value) => (value ? structuredClone(value) : null);
  const withoutSeq = (ticket) => {
    if (!ticket) return null;
    const { seq: _seq, ...rest } = ticket;
    return structuredClone(rest);
  };

  return {
    async insertTicket(ticket) {
      const existing = byClientId.get(ticket.clientId);
      if (existing) {
        // A resend may arrive while the first copy is still being written: "duplicate"
        // must mean "we have it", so wait for that write too.
        await persist();
        return { created: false, ticket: withoutSeq(tickets.get(existing)) };
      }
      tickets.set(ticket.id, { ...structuredClone(ticket), seq: ++seq });
      byClientId.set(ticket.clientId, ticket.id);
      await persist();
      return { created: true, ticket: withoutSeq(tickets.get(ticket.id)) };
    },
    async findTicketByClientId(clientId) {
      // Only what is on disk counts: a ticket still being written is waited for.
      await (nextWrite ?? lastWrite).catch(() => undefined);
      const id = byClientId.get(clientId);
      return id ? withoutSeq(tickets.get(id)) : null;
    },
    async getTicket(id) {
      return withoutSeq(tickets.get(id));
    },
    async updateTicket(id, change) {
      const current = tickets.get(id);
      if (!current) return null;
      const updated = change(withoutSeq(current));
      tickets.set(id, { ...updated, id, seq: current.seq });
      await persist();
      return withoutSeq(tickets.get(id));
    },
    async listTickets(reporterId, { cursor, limit }) {
      let before = Infinity;
      if (cursor !== undefined) {
        if (!/^\d{1,15}$/.test(cursor)) throw new InvalidCursorError('The cursor is not one this server handed out');
        before = Number(cursor);
      }
      // A database answers this from an index on (reporter_id, seq DESC).
      const own = [...tickets.values()].filter((ticket) => ticket.reporterId === reporterId && ticket.seq < before).sort((a, b) => b.seq - a.seq);
      const page = own.slice(0, limit);
      const last = page[page.length - 1];
      const nextCursor = own.length > limit && last ? String(last.seq) : null;
      return { items: page.map(withoutSeq), nextCursor };
    },
    async putAttachment(record, bytes) {
      if (attachmentDir) await writeAtomically(join(attachmentDir, record.id), bytes);
      else attachmentBytes.set(record.id, bytes);
      attachments.set(record.id, { ...record });
      await persist();
    },
    async getAttachment(id) {
      const record = attachments.get(id);
      if (!record) return null;
      const bytes = attachmentDir ? new Uint8Array(await readFile(join(attachmentDir, id))) : (attachmentBytes.get(id) ?? new Uint8Array(0));
      return { record: copy(record), bytes };
    },
    async getAttachmentRecord(id) {
      return copy(attachments.get(id));
    },
    async linkAttachments(ids, ticketId) {
      for (const id of ids) {
        const record = attachments.get(id);
        if (record && record.ticketId === null) record.ticketId = ticketId;
      }
      await persist();
    },
    async recordDeflection(deflection) {
      if (deflection.clientId === null) {
        anonymousDeflections.push({ ...deflection });
      } else {
        const key = deflectionKey(deflection);
        if (deflections.has(key)) {
          await persist();
          return false;
        }
        deflections.set(key, { ...deflection });
      }
      await persist();
      return true;
    },
  };
}

const deflectionKey = (deflection) => `${deflection.reporterId}\n${deflection.clientId}`;

/** Write to a temporary file, flush it to disk, then rename it over the target. */
async function writeAtomically(file, data) {
  const temporary = join(dirname(file), `.${basename(file)}.${randomUUID()}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

import type {
  AttachmentRecord,
  ChangeRecord,
  SettingsRecord,
  DeflectionRecord,
  EventRecord,
  OperatorTokenRecord,
  Page,
  PageRequest,
  StatsRecord,
  TicketChange,
  TicketFilter,
  TicketRecord,
} from './types';
import type { TicketStatus } from '@fankui/core';
import type { SubscriptionStore } from './subscription-types';
import type { AlertStore } from './alert-types';
import type { WebhookDeliveryRecord, WebhookOutbox } from './webhook-types';

export * from './types';
export * from './webhook-types';
export * from './alert-types';
export * from './subscription-types';

/**
 * The outbox rows (webhooks, subscribe messages) of one ticket write, given the ticket as
 * written. Called inside the write's transaction, perhaps more than once (a retried group
 * commit) or before the write (a statement that inserts both): only the rows of the attempt
 * that commits are kept, and none when nothing was written (a repeat, a lost status guard).
 * A row that cannot be written (a taken delivery id) fails the whole write: nothing of it
 * is kept, and the caller's error says so.
 */
export type TicketOutbox = (ticket: TicketRecord) => WebhookDeliveryRecord[];

/**
 * Where the server keeps everything. Two implementations pass one contract suite
 * (`contract/store.contract.ts`): the embedded SQLite store (default, zero set-up) and PostgreSQL.
 * Every method is atomic on its own; none of them builds SQL from strings.
 */
export interface Store extends WebhookOutbox, AlertStore, SubscriptionStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending schema migrations; safe to call on every start and concurrently. */
  migrate(): Promise<void>;
  /** Throws when the store cannot answer (readiness). */
  ping(): Promise<void>;
  /** Waits for in-flight work, then releases connections and files. */
  close(): Promise<void>;

  /**
   * Inserts a ticket with its first events unless one with the same `clientId` exists.
   * Safe under concurrent calls with the same clientId: exactly one creates.
   * Returns the existing ticket's id for a duplicate from the same reporter; throws
   * `ClientIdConflictError` when the clientId belongs to another reporter.
   * `outbox`'s rows are written in the ticket's own transaction, only when it is created.
   */
  createTicket(ticket: TicketRecord, events: EventRecord[], outbox?: TicketOutbox): Promise<{ created: boolean; ticketId: string }>;
  /**
   * The ticket a client id (idempotency key) already made, and whose it is; null when none.
   * One lookup on the unique client-id index: ingestion asks it before validating, so a
   * resend is answered `duplicate` even after the active form changed.
   */
  findTicketIdByClientId(clientId: string): Promise<{ ticketId: string; reporterId: string } | null>;
  getTicket(id: string): Promise<TicketRecord | null>;
  /**
   * Applies `change` and appends `events` in one transaction. When `expectedStatus` is
   * given and the ticket's status differs (someone else moved it), nothing is written and
   * null is returned; null also for an unknown id. `outbox` is called with the row as
   * written and its rows go in the same transaction (not called when nothing is written).
   */
  updateTicket(id: string, change: TicketChange, events: EventRecord[], expectedStatus?: TicketStatus, outbox?: TicketOutbox): Promise<TicketRecord | null>;
  /** The timeline, oldest first. */
  listEvents(ticketId: string, options: { includeInternal: boolean }): Promise<EventRecord[]>;
  /** Newest first (createdAt, then id) unless `page.order` says oldest, cursor-paginated. */
  listTickets(filter: TicketFilter, page: PageRequest): Promise<Page<TicketRecord>>;
  /** Every matching ticket, newest (or `order`) first, streamed in chunks (CSV export). */
  iterateTickets(filter: TicketFilter, order?: 'newest' | 'oldest'): AsyncIterable<TicketRecord>;
  stats(range: { from: string; to: string }, now: string): Promise<StatsRecord>;

  putAttachment(record: AttachmentRecord, bytes: Uint8Array): Promise<void>;
  getAttachment(id: string): Promise<{ record: AttachmentRecord; bytes: Uint8Array } | null>;
  getAttachmentRecords(ids: string[]): Promise<AttachmentRecord[]>;
  /** Marks attachments as belonging to a ticket. */
  linkAttachments(ids: string[], ticketId: string): Promise<void>;
  /** Bytes of uploads no ticket refers to yet: this reporter's, and everyone's (the upload quota). */
  unattachedBytes(reporterId: string): Promise<{ reporter: number; total: number }>;
  /**
   * Deletes uploads no ticket refers to that were made before `before`, record and bytes;
   * returns how many. An upload linked meanwhile is kept.
   */
  purgeUnattachedAttachments(before: string): Promise<number>;
  /**
   * The retention purge: for every resolved, closed or rejected ticket last changed before
   * `before` and not purged yet, removes its personal data (answers, summary and search
   * text, contact, device context but platform and SDK version, rating comment, the texts
   * and attachments of its timeline, its attachments with their bytes) and unlinks it from
   * its reporter, keeping the row's statistics (status, priority, category, keywords, times,
   * score). Returns the ids of the tickets purged.
   */
  purgeTicketPersonalData(before: string, at: string): Promise<string[]>;

  /**
   * What the store holds of a reporter beside their tickets (`GET /v1/me/export`): every
   * upload they made (linked to a ticket or not) and their deflections, oldest first.
   */
  reporterRecords(reporterId: string): Promise<{ attachments: AttachmentRecord[]; deflections: DeflectionRecord[] }>;
  /**
   * Erases a reporter (`DELETE /v1/me`), in one transaction, table by table (each engine's
   * `erase.ts` lists the tables): their tickets lose what the retention purge removes
   * (whatever their status) and belong to nobody; their uploads go, rows and bytes; their
   * deflections and the webhook deliveries about their tickets lose what names them. The
   * embedded store also overwrites the freed bytes and empties its WAL, so no copy is left
   * in the data directory. Irreversible and idempotent: returns the ids of the tickets
   * anonymised, none on a second call.
   */
  eraseReporter(reporterId: string, at: string): Promise<{ tickets: string[] }>;

  /**
   * Records a deflection unless this reporter already recorded one with the same
   * `clientId` (then nothing is written: a resend). The key is scoped to the reporter: the
   * same `clientId` from another reporter is a deflection of its own and neither reads nor
   * changes the first. Safe under concurrent calls: exactly one writes.
   */
  recordDeflection(record: DeflectionRecord): Promise<void>;

  addOperatorToken(record: OperatorTokenRecord): Promise<void>;
  /** The token with this hash, unless it was revoked. */
  findOperatorToken(tokenHash: string): Promise<OperatorTokenRecord | null>;
  /** Every stored token, revoked ones included, oldest first. */
  listOperatorTokens(): Promise<OperatorTokenRecord[]>;
  /** Revokes a token (a second call keeps the first time); null for an unknown id. */
  revokeOperatorToken(id: string, at: string): Promise<OperatorTokenRecord | null>;

  /**
   * Timeline events of every ticket written after position `after` (a `cursor` from this
   * feed or `latestChange`), at most `limit`: the operators' change feed. An event that
   * becomes visible later is always after every position handed out before, so a reader
   * that follows the cursors misses nothing. Throws `InvalidCursorError` for a position
   * this store did not make.
   */
  listChanges(after: string, limit: number): Promise<ChangeRecord[]>;
  /** The position after everything written so far ("from now on"). */
  latestChange(): Promise<string>;

  /** The settings operators saved last; null while none were saved. */
  getSettings(): Promise<SettingsRecord | null>;
  /**
   * Saves settings when the saved version is still `record.version - 1` (0: none saved yet),
   * and keeps `form` (the form definition in `record.body.form`) as a version of its form,
   * so submissions made with it stay valid after later changes. False when someone saved
   * meanwhile (nothing written). Safe under concurrent calls: exactly one wins per version.
   */
  saveSettings(record: SettingsRecord, form: { id: string; version: number; definition: unknown } | null): Promise<boolean>;
  /** A form version kept by `saveSettings`; null when unknown. */
  getFormVersion(formId: string, version: number): Promise<unknown | null>;
}

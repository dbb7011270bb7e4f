import type { TicketRecord } from './types';
import type { WebhookDeliveryRecord } from './webhook-types';

/** One spike alert: a category's or triage keyword's volume jumped over its baseline. */
export interface AlertRecord {
  id: string;
  kind: 'category' | 'keyword';
  /** The category value or the keyword. */
  subject: string;
  status: 'open' | 'closed';
  /** Tickets of the subject in the window that raised it, and the baseline per window then. */
  count: number;
  baseline: number;
  windowMinutes: number;
  openedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** The known-issue notice; kept after closing (history), served to apps only while open. */
  notice: string | null;
  noticePublishedAt: string | null;
  noticePublishedBy: string | null;
}

/** Tickets created in a range for one category or keyword. */
export interface VolumeRecord {
  kind: AlertRecord['kind'];
  subject: string;
  count: number;
}

/** An SLA due time that passed unmet, marked once. */
export interface SlaBreachRecord {
  ticketId: string;
  kind: 'first_response' | 'resolution';
  dueAt: string;
}

/** The outbox rows of one claimed breach, given its ticket as the claim found it. */
export type BreachOutbox = (breach: SlaBreachRecord, ticket: TicketRecord) => WebhookDeliveryRecord[];

/**
 * Spike alerts and SLA breaches, part of every store. Both are marked atomically in the
 * store, so several server processes on one database raise each alert, and report each
 * breach, once: an alert is unique while open per kind and subject; a breach is unique per
 * ticket, kind and due time.
 */
export interface AlertStore {
  /** Tickets created in [from, to): per category (tickets without one are left out) and per triage keyword. */
  ticketVolume(range: { from: string; to: string }): Promise<VolumeRecord[]>;
  /**
   * Writes `record` (status open) unless an alert for its kind and subject is open, or was
   * closed at or after `quietSince`; true when this call opened it. One statement: an
   * operator's close that lands while a check runs does not let that check open it again.
   */
  openAlert(record: AlertRecord, quietSince?: string): Promise<boolean>;
  /** Newest first (openedAt, then id). */
  listAlerts(filter: { status?: AlertRecord['status'] | undefined }, limit: number): Promise<AlertRecord[]>;
  getAlert(id: string): Promise<AlertRecord | null>;
  /** Closes an open alert; an already closed one is returned as it is; null for an unknown id. */
  closeAlert(id: string, at: string, by: string): Promise<AlertRecord | null>;
  /**
   * Publishes (`notice` given) or withdraws (null) the notice of an OPEN alert. Null when no
   * open alert has this id (unknown or closed: nothing written).
   */
  setAlertNotice(id: string, notice: { text: string; at: string; by: string } | null): Promise<AlertRecord | null>;
  /**
   * Marks every due time in [since, now) that an open, unresolved ticket missed (first
   * response: no reply yet; resolution) and was not marked before, and returns those marks:
   * exactly one caller gets each, however many run at once. `outbox`'s rows are written in
   * the marks' transaction: a row that cannot be written leaves every mark unwritten (the
   * next check claims them again).
   */
  claimSlaBreaches(range: { since: string; now: string; at: string }, outbox?: BreachOutbox): Promise<SlaBreachRecord[]>;
}

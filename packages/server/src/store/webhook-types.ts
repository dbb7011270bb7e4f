import type { Page } from './types';

/** One delivery of one event to one endpoint: a row of the outbox. */
export interface WebhookDeliveryRecord {
  /** The delivery id (`Fankui-Delivery`): the same on every attempt. */
  id: string;
  /** The endpoint's URL (its secret stays in the configuration, never in the store). */
  endpoint: string;
  event: string;
  ticketId: string | null;
  /** The JSON body, fixed when the delivery was written, so every attempt signs the same bytes. */
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** When the next attempt is due; while a sender holds the delivery, when its lease runs out. */
  nextAttemptAt: string;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** What a sender writes after an attempt: the outcome and, while pending, when to try again. */
export interface WebhookAttemptResult {
  status: WebhookDeliveryRecord['status'];
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastStatus: number | null;
  deliveredAt: string | null;
}

export interface WebhookDeliveryFilter {
  status?: WebhookDeliveryRecord['status'] | undefined;
  event?: string | undefined;
}

/**
 * The webhook outbox, part of every store. Deliveries are claimed with a lease: a claim
 * moves a due pending delivery's `nextAttemptAt` to the end of the lease and names the
 * claimant, atomically (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: one writer at a time),
 * so two senders, in one process or several, never hold the same delivery at once. A sender
 * that dies leaves the delivery to be claimed again when its lease runs out (at least once).
 */
export interface WebhookOutbox {
  /** Writes new pending deliveries. */
  enqueueWebhookDeliveries(records: WebhookDeliveryRecord[]): Promise<void>;
  /** Claims up to `limit` pending deliveries due at `now`, oldest due first, until `leaseUntil`. */
  claimWebhookDeliveries(claim: { now: string; leaseUntil: string; claimant: string; limit: number }): Promise<WebhookDeliveryRecord[]>;
  /** Records an attempt's outcome; false (nothing written) when `claimant` no longer holds the delivery. */
  finishWebhookDelivery(id: string, claimant: string, result: WebhookAttemptResult): Promise<boolean>;
  /** Deletes delivered and failed deliveries written before `before`; returns how many. Pending ones stay. */
  pruneWebhookDeliveries(before: string): Promise<number>;
  /** The delivery log, newest first (createdAt, then id), cursor-paginated. */
  listWebhookDeliveries(filter: WebhookDeliveryFilter, page: { cursor?: string | undefined; limit: number }): Promise<Page<WebhookDeliveryRecord>>;
}

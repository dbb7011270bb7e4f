import { createHmac, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { redactPii } from '@fankui/core';
import type { WebhookEvent } from '@fankui/core/schema';
import type { ServerConfig } from '../config';
import { newId } from '../ids';
import type { Logger } from '../logger';
import type { TicketStatus } from '@fankui/core';
import type { EventRecord, Store, TicketChange, TicketOutbox, TicketRecord, WebhookDeliveryRecord } from '../store/store';
import { toAdminTicketSummary } from './views';
import { SUBSCRIBE_ENDPOINT, type SubscribeTransport } from './wechat/subscriptions';

/**
 * Webhooks: the integrator's systems hear what happens to tickets.
 *
 * - What: `ticket.created`, `ticket.status_changed` (moves the reporter sees),
 *   `ticket.replied` (an operator's reply) and `ticket.adopted` (采纳), read from the timeline events a store write
 *   carries, so every path that changes a ticket (SDK, console, API) is covered.
 * - Durable: one outbox row per endpoint and event, written in the ticket write's own
 *   transaction (`TicketOutbox`): the change and its webhooks commit together or not at all.
 *   The body is fixed then, with text masked by core's redaction.
 * - Sent by a sender in each server process: it claims due rows with a lease (see
 *   `WebhookOutbox`), posts them signed, and records the outcome; failures are retried
 *   with exponential backoff and jitter until `maxAttempts`, then the row is `failed`.
 *   A sender that dies mid-attempt leaves the row to be claimed again after the lease:
 *   delivery is at least once, and `Fankui-Delivery` is the receiver's dedupe key.
 */

/** The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>`. */
export const SIGNATURE_HEADER = 'Fankui-Signature';
export const DELIVERY_HEADER = 'Fankui-Delivery';
export const EVENT_HEADER = 'Fankui-Event';
export const ATTEMPT_HEADER = 'Fankui-Attempt';

/**
 * The signature header's value for a body sent at `timestamp` (unix seconds).
 *
 * @example signWebhook('a-long-webhook-secret', 1767225600, '{"id":"wh_…"}') // 't=1767225600,v1=5f0c…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export interface TicketHappening {
  event: WebhookEvent;
  /** The timeline event behind it (the `submitted` one for a creation). */
  eventId: string;
  at: string;
  data: Record<string, unknown>;
}

const masked = (value: unknown): unknown => (typeof value === 'string' ? redactPii(value) : value);

/**
 * The webhook events one store write makes: a new ticket, its public status moves (a
 * reporter's "问题未解决" is a `reopened` event, from `previousStatus`), operator replies and
 * adoptions.
 */
export function webhookHappenings(ticket: TicketRecord, events: readonly EventRecord[], created: boolean, previousStatus?: string): TicketHappening[] {
  const out: TicketHappening[] = [];
  if (created) {
    const first = events[0];
    out.push({ event: 'ticket.created', eventId: first ? first.id : ticket.id, at: ticket.createdAt, data: {} });
  }
  for (const item of events) {
    if (item.type === 'adopted') {
      const adoption: Record<string, unknown> = { operator: item.actorName };
      if (item.payload.note !== undefined) adoption.note = masked(item.payload.note);
      out.push({ event: 'ticket.adopted', eventId: item.id, at: item.at, data: { adoption } });
    }
    if (item.internal) continue;
    if (item.type === 'status_changed' && !created) {
      const change: Record<string, unknown> = { from: item.payload.from, to: item.payload.to };
      if (item.payload.reason !== undefined) change.reason = masked(item.payload.reason);
      out.push({ event: 'ticket.status_changed', eventId: item.id, at: item.at, data: { change } });
    } else if (item.type === 'reopened' && !created) {
      const change = { from: previousStatus ?? 'resolved', to: 'reopened', reason: masked(item.payload.reason) };
      out.push({ event: 'ticket.status_changed', eventId: item.id, at: item.at, data: { change } });
    } else if (item.type === 'message' && item.actorType === 'operator') {
      const attachments = Array.isArray(item.payload.attachments) ? item.payload.attachments.length : 0;
      out.push({ event: 'ticket.replied', eventId: item.id, at: item.at, data: { reply: { body: masked(item.payload.body), attachments, operator: item.actorName } } });
    }
  }
  return out;
}

/** The outbox rows for these happenings: one per endpoint that subscribed to the event. */
export function webhookDeliveries(config: ServerConfig, ticket: TicketRecord, happenings: readonly TicketHappening[], now: Date): WebhookDeliveryRecord[] {
  const rows: WebhookDeliveryRecord[] = [];
  if (happenings.length === 0) return rows;
  const summary = toAdminTicketSummary(ticket, now);
  for (const happening of happenings) {
    rows.push(...eventDeliveries(config, Object.assign({}, happening, { data: Object.assign({ ticket: summary }, happening.data) }), ticket.id, now));
  }
  return rows;
}

/**
 * The outbox rows for one event, whatever it is about (a ticket, an alert): one per endpoint
 * subscribed to it, each body fixed now. `data` must already be masked.
 */
export function eventDeliveries(config: ServerConfig, happening: TicketHappening, ticketId: string | null, now: Date): WebhookDeliveryRecord[] {
  const rows: WebhookDeliveryRecord[] = [];
  const createdAt = now.toISOString();
  for (const endpoint of config.webhooks.endpoints) {
    if (endpoint.events && !endpoint.events.includes(happening.event)) continue;
    const id = newId('wh', now.getTime());
    const body = JSON.stringify({ id, event: happening.event, eventId: happening.eventId, occurredAt: happening.at, data: happening.data });
    rows.push({ id, endpoint: endpoint.url, event: happening.event, ticketId, body, status: 'pending', attempts: 0, nextAttemptAt: createdAt, lastError: null, lastStatus: null, createdAt, deliveredAt: null });
  }
  return rows;
}

/**
 * The store as the domain sees it when webhooks are configured: ticket writes also fill the
 * outbox, in their own transaction, and wake the sender once they commit. An outbox row that
 * cannot be written fails the whole change (nothing of it is kept; the client's retry makes it
 * again), so a change is never kept without its webhooks.
 */
export function withWebhookOutbox(store: Store, config: ServerConfig, now: () => Date, queued: () => void): Store {
  // The rows of one write, with the caller's own (`outbox`) after them; `rows` counts the last call's.
  const outboxOf = (events: readonly EventRecord[], created: boolean, previousStatus: string | undefined, outbox: TicketOutbox | undefined) => {
    const made = { rows: 0 };
    const rowsOf: TicketOutbox = (ticket) => {
      const rows = webhookDeliveries(config, ticket, webhookHappenings(ticket, events, created, previousStatus), now());
      if (outbox) rows.push(...outbox(ticket));
      made.rows = rows.length;
      return rows;
    };
    return { made, rowsOf };
  };
  return Object.assign(Object.create(store) as Store, {
    async createTicket(ticket: TicketRecord, events: EventRecord[], outbox?: TicketOutbox) {
      const { made, rowsOf } = outboxOf(events, true, undefined, outbox);
      const outcome = await store.createTicket(ticket, events, rowsOf);
      if (outcome.created && made.rows > 0) queued();
      return outcome;
    },
    async updateTicket(id: string, change: TicketChange, events: EventRecord[], expectedStatus?: TicketStatus, outbox?: TicketOutbox) {
      // A write without events makes no webhook: no outbox (PostgreSQL keeps it one statement).
      if (events.length === 0) return store.updateTicket(id, change, events, expectedStatus, outbox);
      const { made, rowsOf } = outboxOf(events, false, expectedStatus, outbox);
      const updated = await store.updateTicket(id, change, events, expectedStatus, rowsOf);
      if (updated && made.rows > 0) queued();
      return updated;
    },
  });
}

/** When attempt `attempts` (1-based) failed: the next one is due after base·2^(n-1), capped, with jitter in [½, 1]. */
export function retryDelayMs(attempts: number, webhooks: Pick<ServerConfig['webhooks'], 'retryBaseMs' | 'retryMaxMs'>, random: () => number = Math.random): number {
  const full = Math.min(webhooks.retryMaxMs, webhooks.retryBaseMs * 2 ** Math.min(attempts - 1, 40));
  return Math.round(full / 2 + (full / 2) * random());
}

export interface WebhookSender {
  /** Looks for due deliveries now (new rows were written). */
  wake(): void;
  /** Stops claiming, cancels attempts in flight (their rows are claimed again after the lease) and waits for the loop. */
  stop(): Promise<void>;
}

const BATCH = 16;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Starts this process's sender. Does nothing (and costs nothing) while no endpoint is configured
 * and no `subscribe` transport is given. Rows for {@link SUBSCRIBE_ENDPOINT} (WeChat subscribe
 * messages) go to `subscribe`, with the same claims, retries and delivery log.
 *
 * @example const sender = startWebhookSender(store, config, () => new Date(), logger); … await sender.stop();
 */
export function startWebhookSender(store: Store, config: ServerConfig, now: () => Date, logger: Logger, subscribe?: SubscribeTransport): WebhookSender {
  const settings = config.webhooks;
  if (settings.endpoints.length === 0 && !subscribe) return { wake() {}, stop: async () => {} };
  const secrets = new Map<string, string>();
  for (const endpoint of settings.endpoints) if (!secrets.has(endpoint.url)) secrets.set(endpoint.url, endpoint.secret);
  const claimant = `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  // Longer than any attempt can take, so a live sender never loses its claim mid-attempt.
  const leaseMs = settings.timeoutMs * 2 + 5_000;
  const stopping = new AbortController();
  let woken = false;
  let wakeUp: (() => void) | null = null;

  const sleep = () =>
    new Promise<void>((resolve) => {
      if (woken || stopping.signal.aborted) return resolve();
      const timer = setTimeout(done, settings.pollIntervalMs);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function attempt(delivery: WebhookDeliveryRecord): Promise<void> {
    const attempts = delivery.attempts + 1;
    const secret = secrets.get(delivery.endpoint);
    let error: string | null = null;
    let status: number | null = null;
    // Retrying cannot help (an endpoint no longer configured, a subscribe message WeChat refused for good).
    let final = false;
    if (delivery.endpoint === SUBSCRIBE_ENDPOINT && subscribe) {
      try {
        ({ error, status, final } = await subscribe.deliver(delivery, attempts));
      } catch (thrown) {
        error = (thrown as Error).message;
      }
    } else if (secret === undefined) {
      error = 'endpoint_not_configured';
      final = true;
    } else {
      const timestamp = Math.floor(now().getTime() / 1000);
      try {
        const response = await fetch(delivery.endpoint, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'fankui-webhooks/1',
            [SIGNATURE_HEADER]: signWebhook(secret, timestamp, delivery.body),
            [DELIVERY_HEADER]: delivery.id,
            [EVENT_HEADER]: delivery.event,
            [ATTEMPT_HEADER]: String(attempts),
          },
          body: delivery.body,
          signal: AbortSignal.any([AbortSignal.timeout(settings.timeoutMs), stopping.signal]),
        });
        status = response.status;
        await response.body?.cancel().catch(() => {});
        if (status < 200 || status > 299) error = `http_${status}`;
      } catch (thrown) {
        // Shutting down: leave the row claimed; it is due again when the lease runs out.
        if (stopping.signal.aborted) return;
        const cause = (thrown as { cause?: { code?: unknown } }).cause;
        error = (thrown as Error).name === 'TimeoutError' ? 'timeout' : typeof cause?.code === 'string' ? cause.code : (thrown as Error).message;
      }
    }
    const at = now();
    const delivered = error === null;
    const giveUp = !delivered && (attempts >= settings.maxAttempts || final);
    const next = delivered || giveUp ? at : new Date(at.getTime() + retryDelayMs(attempts, settings));
    await store.finishWebhookDelivery(delivery.id, claimant, {
      status: delivered ? 'delivered' : giveUp ? 'failed' : 'pending',
      attempts,
      nextAttemptAt: next.toISOString(),
      lastError: error,
      lastStatus: status,
      deliveredAt: delivered ? at.toISOString() : null,
    });
    if (!delivered) {
      const endpoint = URL.canParse(delivery.endpoint) && delivery.endpoint !== SUBSCRIBE_ENDPOINT ? new URL(delivery.endpoint) : null;
      logger.log(giveUp ? 'error' : 'warn', giveUp ? 'webhook delivery failed' : 'webhook attempt failed', {
        delivery: delivery.id,
        event: delivery.event,
        endpoint: endpoint ? `${endpoint.origin}${endpoint.pathname}` : delivery.endpoint,
        attempts,
        error,
        ...(giveUp ? {} : { nextAttemptAt: next.toISOString() }),
      });
    }
  }

  // The delivery log's pruning: at start, then about hourly, by whichever process comes first.
  let prunedAt = 0;
  const prune = async () => {
    const at = now().getTime();
    if (at - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = at;
    const removed = await store.pruneWebhookDeliveries(new Date(at - settings.keepDays * 86_400_000).toISOString());
    if (removed > 0) logger.log('info', 'webhook deliveries pruned', { removed });
  };

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      woken = false;
      let claimed: WebhookDeliveryRecord[] = [];
      try {
        const at = now();
        await prune();
        claimed = await store.claimWebhookDeliveries({ now: at.toISOString(), leaseUntil: new Date(at.getTime() + leaseMs).toISOString(), claimant, limit: BATCH });
        await Promise.all(claimed.map((delivery) => attempt(delivery)));
      } catch (error) {
        if (!stopping.signal.aborted) logger.log('error', 'webhook sender failed', { error: error instanceof Error ? error.message : String(error) });
        claimed = [];
      }
      // A full batch means more may be due: go on at once.
      if (claimed.length < BATCH) await sleep();
    }
  })();

  return {
    wake() {
      woken = true;
      if (wakeUp) wakeUp();
    },
    async stop() {
      stopping.abort();
      if (wakeUp) wakeUp();
      await loop;
    },
  };
}

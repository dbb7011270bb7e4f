import { z } from 'zod';
import { LIMITS } from '../limits';
import { Timestamp } from './primitives';

/**
 * What a webhook can tell an integrator's systems. `ticket.created`: a new ticket (from the
 * SDK or typed in by an operator); `ticket.status_changed`: a status move the reporter sees;
 * `ticket.replied`: an operator's reply to the reporter; `ticket.adopted`: an operator marked the
 * feedback as adopted (采纳), so the integrator can grant points or coupons; `ticket.sla_breached`:
 * a first-response or resolution due time passed unmet (once per ticket and due time);
 * `alert.spike_detected`: one category or keyword's volume jumped over its baseline (once per alert).
 */
export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.status_changed', 'ticket.replied', 'ticket.adopted', 'ticket.sla_breached', 'alert.spike_detected'] as const;
export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS).meta({ id: 'WebhookEvent' });

/** `pending`: waiting for its next attempt; `delivered`: a 2xx came back; `failed`: given up after the last attempt. */
export const WebhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']).meta({ id: 'WebhookDeliveryStatus' });

/** Query of `GET /v1/admin/webhooks/deliveries`, newest first. */
export const AdminWebhookDeliveryQuery = z.strictObject({
  status: WebhookDeliveryStatusSchema.optional(),
  event: WebhookEventSchema.optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMaxSize).default(50),
});

/** One delivery of one event to one endpoint, as the delivery log shows it (never the endpoint's secret). */
export const AdminWebhookDelivery = z
  .object({
    /** The `Fankui-Delivery` header: the same on every attempt, so receivers dedupe on it. */
    id: z.string(),
    event: WebhookEventSchema,
    /** The endpoint's URL. */
    endpoint: z.string(),
    ticketId: z.string().nullable(),
    status: WebhookDeliveryStatusSchema,
    attempts: z.int().min(0),
    /** When the next attempt is due (pending), or was last scheduled. */
    nextAttemptAt: Timestamp,
    /** Why the last attempt failed: `http_<status>`, `timeout` or a network error code; null after success or before any attempt. */
    lastError: z.string().nullable(),
    /** The HTTP status of the last answer; null when none came. */
    lastStatus: z.int().nullable(),
    createdAt: Timestamp,
    deliveredAt: Timestamp.nullable(),
  })
  .meta({ id: 'AdminWebhookDelivery' });

export const AdminWebhookDeliveryList = z
  .object({ items: z.array(AdminWebhookDelivery), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminWebhookDeliveryList' });

export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

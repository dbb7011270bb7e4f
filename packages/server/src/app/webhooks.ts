import type { AdminWebhookDelivery, AdminWebhookDeliveryQuery } from '@fankui/core/schema';
import type { z } from 'zod';
import type { WebhookDeliveryRecord } from '../store/store';
import type { RouteHandlers } from './context';

type Delivery = z.output<typeof AdminWebhookDelivery>;

/** A delivery as the log shows it: everything but the body (it is the receiver's to keep). */
function toAdminDelivery(record: WebhookDeliveryRecord): Delivery {
  return {
    id: record.id,
    event: record.event as Delivery['event'],
    endpoint: record.endpoint,
    ticketId: record.ticketId,
    status: record.status,
    attempts: record.attempts,
    nextAttemptAt: record.nextAttemptAt,
    lastError: record.lastError,
    lastStatus: record.lastStatus,
    createdAt: record.createdAt,
    deliveredAt: record.deliveredAt,
  };
}

/** `GET /v1/admin/webhooks/deliveries`: the delivery log, newest first. */
export function webhookRoutes(): RouteHandlers {
  return {
    adminListWebhookDeliveries: {
      async handle(c, { query }, { domain }) {
        const { status, event, cursor, limit } = query as z.output<typeof AdminWebhookDeliveryQuery>;
        const page = await domain.store.listWebhookDeliveries({ status, event }, { cursor, limit });
        return c.json({ items: page.items.map(toAdminDelivery), nextCursor: page.nextCursor });
      },
    },
  };
}

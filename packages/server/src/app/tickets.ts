import type { MessageCreate, RatingCreate, ReopenRequest, TicketIdParams, TicketListQuery } from '@fankui/core/schema';
import type { z } from 'zod';
import { addReporterMessage, rateTicket, readTicket, reopenTicket } from '../domain/tickets';
import { toTicketSummary } from '../domain/views';
import type { RouteHandlers } from './context';

type Params = z.output<typeof TicketIdParams>;

/** The reporter's "我的反馈": their own tickets only; anyone else's ticket is 404. */
export function ticketRoutes(): RouteHandlers {
  return {
    listTickets: {
      async handle(c, { query }, { domain }) {
        const { cursor, limit } = query as z.output<typeof TicketListQuery>;
        const page = await domain.store.listTickets({ reporterId: c.get('reporterId') }, cursor === undefined ? { limit } : { cursor, limit });
        return c.json({ items: page.items.map(toTicketSummary), nextCursor: page.nextCursor });
      },
    },
    getTicket: {
      async handle(c, { params }, { domain }) {
        return c.json(await readTicket(domain, c.get('reporterId'), (params as Params).id));
      },
    },
    addMessage: {
      async handle(c, { params, body }, { domain }) {
        const message = body as z.output<typeof MessageCreate>;
        return c.json(await addReporterMessage(domain, c.get('reporterId'), (params as Params).id, message), 201);
      },
    },
    rateTicket: {
      async handle(c, { params, body }, { domain }) {
        return c.json(await rateTicket(domain, c.get('reporterId'), (params as Params).id, body as z.output<typeof RatingCreate>));
      },
    },
    reopenTicket: {
      async handle(c, { params, body }, { domain }) {
        const { reason } = body as z.output<typeof ReopenRequest>;
        return c.json(await reopenTicket(domain, c.get('reporterId'), (params as Params).id, reason));
      },
    },
  };
}

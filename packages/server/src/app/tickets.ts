import type { MessageCreate, RatingCreate, ReopenRequest, TicketIdParams, TicketListQuery } from '@fankui/core/schema';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { etagMatches } from './config';
import { addReporterMessage, rateTicket, readTicket, reopenTicket } from '../domain/tickets';
import { toTicketSummary } from '../domain/views';
import type { AppContext, RouteHandlers } from './context';

type Params = z.output<typeof TicketIdParams>;

/**
 * A reporter's read with a strong ETag (a hash of the exact bytes): a client that polls
 * 我的反馈 or an open ticket sends it back as `If-None-Match` and gets a 304 without a body
 * while nothing changed. Still `no-store` (the default): no HTTP cache keeps a reporter's
 * tickets; the client keeps its own copy and asks with the tag.
 */
function withETag(c: AppContext, value: unknown): Response {
  const body = JSON.stringify(value);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, { ETag: etag });
  return c.body(body, 200, { ETag: etag, 'Content-Type': 'application/json; charset=utf-8' });
}

/** The reporter's "我的反馈": their own tickets only; anyone else's ticket is 404. */
export function ticketRoutes(): RouteHandlers {
  return {
    listTickets: {
      async handle(c, { query }, { domain }) {
        const { cursor, limit } = query as z.output<typeof TicketListQuery>;
        const page = await domain.store.listTickets({ reporterId: c.get('reporterId') }, cursor === undefined ? { limit } : { cursor, limit });
        return withETag(c, { items: page.items.map(toTicketSummary), nextCursor: page.nextCursor });
      },
    },
    getTicket: {
      async handle(c, { params }, { domain }) {
        return withETag(c, await readTicket(domain, c.get('reporterId'), (params as Params).id));
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

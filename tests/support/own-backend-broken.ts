import { LIMITS } from '@fankui/core';
import { Submission } from '@fankui/core/schema';
import type { RequestHandler } from 'express';
import { toTicketDetail } from '../../examples/own-backend/domain.js';
import type { Store, Ticket } from '../../examples/own-backend/store.js';
import { express } from './own-backend';

/**
 * Deliberately broken variants of examples/own-backend, each one a mistake a real backend
 * makes, built around the example (a store wrapper or middleware in front of its routes)
 * so the example itself carries no switch for them. The conformance kit must catch each.
 */

/**
 * (a) No idempotency: the store never finds a ticket by its client id and creates a new
 * ticket for every copy, so a resend is answered 200 `accepted` with a NEW ticket id.
 */
export function forgetClientIds(store: Store): Store {
  let copies = 0;
  // The wrapped store keeps its client ids unique, so each copy is stored under a tagged one.
  const untag = <T extends Ticket | null>(ticket: T): T => (ticket ? { ...ticket, clientId: ticket.clientId.split('#')[0]! } : ticket);
  return {
    ...store,
    findTicketByClientId: async () => null,
    async insertTicket(ticket) {
      const { created, ticket: stored } = await store.insertTicket({ ...ticket, clientId: `${ticket.clientId}#${++copies}` });
      return { created, ticket: untag(stored) };
    },
    getTicket: async (id) => untag(await store.getTicket(id)),
    updateTicket: async (id, change) => untag(await store.updateTicket(id, (ticket) => ({ ...change(untag(ticket)), clientId: ticket.clientId }))),
    async listTickets(reporterId, page) {
      const found = await store.listTickets(reporterId, page);
      return { ...found, items: found.items.map(untag) };
    },
  };
}

/**
 * (b) All or nothing: the whole batch is validated up front, and one bad item fails the
 * request with 400, so the good items around it are never stored.
 */
export const failWholeBatch: RequestHandler[] = [
  express.Router().post('/v1/submissions', express.json({ limit: LIMITS.batchMaxBytes }), (req, res, next) => {
    const items: unknown = req.body?.submissions;
    if (Array.isArray(items) && items.some((item) => !Submission.safeParse(item).success)) {
      res.status(400).json({ error: { code: 'invalid_body', message: 'The batch holds an invalid submission' } });
      return;
    }
    next();
  }),
];

/**
 * (c) No owner check: `GET /v1/tickets/:id` answers any existing ticket to anyone with a
 * token, so another reporter's ticket shows.
 */
export function showOthersTickets(store: Store): RequestHandler[] {
  return [
    express.Router().get('/v1/tickets/:id', async (req, res, next) => {
      const ticket = req.get('authorization') ? await store.getTicket(String(req.params.id)) : null;
      if (!ticket) return next();
      res.json(toTicketDetail(ticket));
    }),
  ];
}

/** (d) No ETag: `/v1/config` is served without one (and so never answers 304). */
export const withoutConfigEtag: RequestHandler[] = [
  (req, res, next) => {
    if (req.path === '/v1/config') {
      delete req.headers['if-none-match'];
      const writeHead = res.writeHead;
      res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
        this.removeHeader('etag');
        return writeHead.apply(this, args);
      } as typeof writeHead;
    }
    next();
  },
];

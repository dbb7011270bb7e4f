import { Router } from 'express';
import { LIMITS, assertTransition, slaDueTimes } from '@fankui/core';
import { MessageCreate, RatingCreate, ReopenRequest, TicketIdParams, TicketListQuery } from '@fankui/core/schema';
import { jsonBody, validParams, validate } from '../body.js';
import { HttpError, conflict, invalidBody, notFound } from '../errors.js';
import { canRate, newId, toTicketDetail, toTicketSummary } from '../domain.js';
import { InvalidCursorError } from '../store.js';

/**
 * The reporter's "我的反馈": their own tickets only. Another reporter's ticket does not
 * exist for them — 404, exactly as for an id nobody has, so ids cannot be probed.
 *
 * @param {import('../app.js').Services} services
 */
export function ticketRoutes({ store, config, now, reporter }) {
  const router = Router();
  const body = jsonBody(LIMITS.bodyMaxBytes);

  /** The caller's ticket, or 404. */
  async function ownTicket(req, res) {
    const { id } = validParams(TicketIdParams, req.params);
    const ticket = await store.getTicket(id);
    if (!ticket || ticket.reporterId !== res.locals.reporterId) throw notFound('ticket');
    return ticket;
  }

  /** `store.updateTicket` for a ticket already known to be the caller's. */
  async function update(ticket, change) {
    const updated = await store.updateTicket(ticket.id, change);
    if (!updated) throw notFound('ticket');
    return updated;
  }

  router.get('/v1/tickets', reporter, async (req, res) => {
    const { cursor, limit } = validate(TicketListQuery, { ...req.query }, 'invalid_query');
    let page;
    try {
      page = await store.listTickets(res.locals.reporterId, cursor === undefined ? { limit } : { cursor, limit });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new HttpError(400, 'invalid_query', error.message, [{ path: 'cursor', code: 'invalid_cursor', message: error.message }]);
      throw error;
    }
    res.json({ items: page.items.map(toTicketSummary), nextCursor: page.nextCursor });
  });

  router.get('/v1/tickets/:id', reporter, async (req, res) => {
    let ticket = await ownTicket(req, res);
    // Opening the ticket is reading its replies.
    if (ticket.unread > 0) ticket = await update(ticket, (current) => ({ ...current, unread: 0 }));
    res.json(toTicketDetail(ticket));
  });

  router.post('/v1/tickets/:id/messages', reporter, body, async (req, res) => {
    const ticket = await ownTicket(req, res);
    const message = validate(MessageCreate, req.body);
    for (const id of message.attachments) {
      const record = await store.getAttachmentRecord(id);
      if (!record || record.reporterId !== res.locals.reporterId) throw invalidBody({ ids: [id] }, 'Some attachments were never uploaded by this reporter');
    }
    const at = now().toISOString();
    const event = { id: newId('ev'), at, actor: { type: 'reporter' }, type: 'message', body: message.body, attachments: message.attachments };
    await update(ticket, (current) => {
      if (current.status === 'closed' || current.status === 'rejected') throw conflict(`The ticket is ${current.status}; submit a new one instead`);
      return { ...current, updatedAt: at, attachments: [...new Set([...current.attachments, ...message.attachments])], timeline: [...current.timeline, event] };
    });
    if (message.attachments.length > 0) await store.linkAttachments(message.attachments, ticket.id);
    res.status(201).json(event);
  });

  // Rating and "问题未解决" only apply once an operator resolved the ticket (your console's job).
  router.post('/v1/tickets/:id/rating', reporter, body, async (req, res) => {
    const ticket = await ownTicket(req, res);
    const { score, comment } = validate(RatingCreate, req.body);
    const at = now().toISOString();
    const rating = comment === undefined ? { score, at } : { score, comment, at };
    const updated = await update(ticket, (current) => {
      if (current.status !== 'resolved') throw conflict(`Only a resolved ticket can be rated (this one is ${current.status})`);
      if (!canRate(current)) throw conflict('This resolution has already been rated');
      const event = { id: newId('ev'), at, actor: { type: 'reporter' }, type: 'rating', score, ...(comment === undefined ? {} : { comment }) };
      return { ...current, rating, updatedAt: at, timeline: [...current.timeline, event] };
    });
    res.json(toTicketDetail(updated));
  });

  router.post('/v1/tickets/:id/reopen', reporter, body, async (req, res) => {
    const ticket = await ownTicket(req, res);
    const { reason } = validate(ReopenRequest, req.body);
    const at = now();
    const updated = await update(ticket, (current) => {
      // Core's lifecycle table decides; a refusal is a 409 `illegal_transition`.
      assertTransition(current.status, 'reopened', 'reporter');
      const { resolutionDueAt } = slaDueTimes(current.priority, at, config.sla);
      const event = { id: newId('ev'), at: at.toISOString(), actor: { type: 'reporter' }, type: 'reopened', reason };
      return { ...current, status: 'reopened', resolvedAt: null, resolutionDueAt: resolutionDueAt.toISOString(), updatedAt: at.toISOString(), timeline: [...current.timeline, event] };
    });
    res.json(toTicketDetail(updated));
  });

  return router;
}

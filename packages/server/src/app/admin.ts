import { normalizeText, type Team } from '@fankui/core';
import type {
  AdminAdopt,
  AdminExportQuery,
  AdminMerge,
  AdminRelatedQuery,
  AdminReveal,
  AdminTicketCreate,
  AdminNote,
  AdminReply,
  AdminStatsQuery,
  AdminTicketListQuery,
  AdminTicketPatch,
  TicketIdParams,
} from '@fankui/core/schema';
import type { z } from 'zod';
import { csvLines } from '../domain/csv';
import { statsRange, toAdminStats } from '../domain/stats';
import { createOperatorTicket } from '../domain/ingest';
import { relatedTickets } from '../domain/related';
import { addNote, adoptTicket, adminTicket, mergeTicket, patchTicket, replyToTicket, revealTicket } from '../domain/tickets';
import { toAdminTicketDetail, toAdminTicketSummary } from '../domain/views';
import type { Operator } from '../auth';
import { HttpError } from '../errors';
import type { TicketFilter } from '../store/store';
import type { RouteHandlers } from './context';

type Params = z.output<typeof TicketIdParams>;

/**
 * The list/export filters → the store's filter. `overdue=true` means "late now"; the store
 * has no "not overdue" filter, so `overdue=false` filters nothing. `q` is normalised the
 * way the search text was (full-width folded, lower case, no spaces). `team=mine` is every
 * team the signed-in operator is a member of (by display name, as assignments are).
 */
function ticketFilter(query: Omit<z.output<typeof AdminExportQuery>, 'sort'>, now: Date, operator: Operator, teams: readonly Team[]): TicketFilter {
  const filter: TicketFilter = {};
  if (query.status) filter.status = query.status;
  if (query.priority) filter.priority = query.priority;
  if (query.category) filter.category = query.category;
  if (query.assignee) filter.assignee = query.assignee;
  if (query.team === 'mine') filter.teams = teams.filter((team) => team.members.includes(operator.name)).map((team) => team.id);
  else if (query.team) filter.team = query.team === 'none' ? null : query.team;
  if (query.channel) filter.channel = query.channel;
  // "Mine" is the signed-in operator's display name, the name assignments are made with.
  if (query.mine === true) {
    if (query.assignee !== undefined && query.assignee !== operator.name) throw new HttpError(400, 'invalid_query', '"mine" and "assignee" name different operators', [{ path: 'mine', code: 'conflict', message: '"mine" and "assignee" name different operators' }]);
    filter.assignee = operator.name;
  }
  if (query.overdue === true) filter.overdueAt = now.toISOString();
  if (query.q) filter.text = normalizeText(query.q);
  if (query.from) filter.from = query.from;
  if (query.to) filter.to = query.to;
  return filter;
}

/** Turns an async iterable of text chunks into a byte stream, pulling only as fast as the client reads. */
function textStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** The operator API under `/v1/admin/`. */
export function adminRoutes(): RouteHandlers {
  return {
    adminListTickets: {
      async handle(c, { query }, { domain }) {
        const { cursor, limit, sort, ...filters } = query as z.output<typeof AdminTicketListQuery>;
        const now = domain.now();
        const { teams } = (await domain.settings.current()).routing;
        const page = await domain.store.listTickets(ticketFilter(filters, now, c.get('operator'), teams), cursor === undefined ? { limit, order: sort } : { cursor, limit, order: sort });
        return c.json({ items: page.items.map((ticket) => toAdminTicketSummary(ticket, now)), nextCursor: page.nextCursor });
      },
    },
    adminGetTicket: {
      async handle(c, { params }, { domain }) {
        return c.json(await adminTicket(domain, (params as Params).id));
      },
    },
    adminUpdateTicket: {
      async handle(c, { params, body }, { domain }) {
        return c.json(await patchTicket(domain, c.get('operator'), (params as Params).id, body as z.output<typeof AdminTicketPatch>));
      },
    },
    adminReply: {
      async handle(c, { params, body }, { domain }) {
        return c.json(await replyToTicket(domain, c.get('operator'), (params as Params).id, body as z.output<typeof AdminReply>), 201);
      },
    },
    adminNote: {
      async handle(c, { params, body }, { domain }) {
        const { body: text } = body as z.output<typeof AdminNote>;
        return c.json(await addNote(domain, c.get('operator'), (params as Params).id, text), 201);
      },
    },
    adminCreateTicket: {
      async handle(c, { body }, { domain }) {
        const ticket = await createOperatorTicket(domain, c.get('operator'), body as z.output<typeof AdminTicketCreate>);
        const events = await domain.store.listEvents(ticket.id, { includeInternal: true });
        return c.json(toAdminTicketDetail(ticket, events, domain.now()), 201);
      },
    },
    adminRevealTicket: {
      async handle(c, { params, body }, { domain }) {
        const { reason } = body as z.output<typeof AdminReveal>;
        return c.json(await revealTicket(domain, c.get('operator'), (params as Params).id, reason));
      },
    },
    adminRelatedTickets: {
      async handle(c, { params, query }, { domain }) {
        return c.json(await relatedTickets(domain, (params as Params).id, query as z.output<typeof AdminRelatedQuery>));
      },
    },
    adminMergeTicket: {
      async handle(c, { params, body }, { domain }) {
        return c.json(await mergeTicket(domain, c.get('operator'), (params as Params).id, body as z.output<typeof AdminMerge>));
      },
    },
    adminAdoptTicket: {
      async handle(c, { params, body }, { domain }) {
        const { note } = body as z.output<typeof AdminAdopt>;
        return c.json(await adoptTicket(domain, c.get('operator'), (params as Params).id, note));
      },
    },
    adminStats: {
      async handle(c, { query }, { domain }) {
        const now = domain.now();
        const range = statsRange(query as z.output<typeof AdminStatsQuery>, now);
        if (range.from >= range.to) throw new HttpError(400, 'invalid_query', '"from" must be before "to"', [{ path: 'from', code: 'invalid_range', message: '"from" must be before "to"' }]);
        return c.json(toAdminStats(range, await domain.store.stats(range, now.toISOString())));
      },
    },
    adminExport: {
      async handle(c, { query }, { domain }) {
        const now = domain.now();
        const { sort, ...filters } = query as z.output<typeof AdminExportQuery>;
        const { teams } = (await domain.settings.current()).routing;
        const tickets = domain.store.iterateTickets(ticketFilter(filters, now, c.get('operator'), teams), sort);
        const day = now.toISOString().slice(0, 10).replace(/-/g, '');
        return c.body(textStream(csvLines(tickets)), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="fankui-tickets-${day}.csv"`,
        });
      },
    },
  };
}

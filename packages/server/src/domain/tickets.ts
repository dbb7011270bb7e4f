import {
  LifecycleError,
  assertTransition,
  slaDueTimes,
  type ActorType,
  type AdminTicketDetail,
  type TicketDetail,
  type TicketStatus,
  type TimelineEvent,
} from '@fankui/core';
import type { Operator } from '../auth';
import { HttpError, conflict, invalidBody, notFound } from '../errors';
import { newId } from '../ids';
import type { EventRecord, TicketChange, TicketRecord } from '../store/store';
import { missingAttachments } from './attachments';
import type { Domain } from './context';
import { checkTeam } from './routing';
import { canRate, piiKindsOf, toAdminTicketDetail, toTicketDetail, toTimelineEvent } from './views';

/**
 * What reporters and operators do to a ticket. Each action reads the ticket, decides with
 * the lifecycle table from core, and writes the change with its timeline events in one
 * store call, guarded by the status it decided from.
 *
 * Rules worth knowing (also in docs/server.md):
 * - A rating never changes the status: it rates the handling, while "问题未解决" stays
 *   available on a resolved ticket. Rating is allowed once per resolution (409 otherwise);
 *   a low rating does not reopen by itself.
 * - Reopening ("问题未解决") needs a resolved ticket and a reason; it restarts the resolution
 *   clock. Closed and rejected tickets are final for the reporter.
 * - An operator's reply sets `firstRespondedAt` once, counts as unread for the reporter,
 *   and moves a submitted, acknowledged or reopened ticket to in_progress (as `system`).
 * - Notes and priority/category/assignee/team changes are internal: reporters never see them,
 *   and they do not bump the ticket's `updatedAt` the reporter sees.
 */

type Actor = { type: ActorType; name: string | null };
const REPORTER: Actor = { type: 'reporter', name: null };
const SYSTEM: Actor = { type: 'system', name: null };
const operatorActor = (operator: Operator): Actor => ({ type: 'operator', name: operator.name });

function event(ticketId: string, at: string, actor: Actor, type: EventRecord['type'], payload: Record<string, unknown>, internal = false): EventRecord {
  return { id: newId('ev'), ticketId, at, actorType: actor.type, actorName: actor.name, type, payload, internal };
}

/** The lifecycle's refusal as a 409 with its stable code and a sentence a developer can act on. */
function checkTransition(from: TicketStatus, to: TicketStatus, actor: ActorType): void {
  try {
    assertTransition(from, to, actor);
  } catch (error) {
    if (error instanceof LifecycleError) throw new HttpError(409, error.code, `${error.message} (the ticket is ${from})`, error.details);
    throw error;
  }
}

async function write(domain: Domain, ticket: TicketRecord, change: TicketChange, events: EventRecord[]): Promise<TicketRecord> {
  const updated = await domain.store.updateTicket(ticket.id, change, events, ticket.status);
  // Another process moved the ticket between our read and our write.
  if (!updated) throw conflict('The ticket was changed by someone else; reload it and try again');
  return updated;
}

/** A reporter's own ticket, or 404: another reporter's ticket does not exist for them. */
async function ownTicket(domain: Domain, reporterId: string, id: string): Promise<TicketRecord> {
  const ticket = await domain.store.getTicket(id);
  if (!ticket || ticket.reporterId !== reporterId) throw notFound('ticket');
  return ticket;
}

async function anyTicket(domain: Domain, id: string): Promise<TicketRecord> {
  const ticket = await domain.store.getTicket(id);
  if (!ticket) throw notFound('ticket');
  return ticket;
}

async function reporterDetail(domain: Domain, ticket: TicketRecord): Promise<TicketDetail> {
  return toTicketDetail(ticket, await domain.store.listEvents(ticket.id, { includeInternal: false }));
}

/**
 * `GET /v1/tickets/:id`: the detail with the public timeline; opening it marks replies read.
 *
 * @example const detail = await readTicket(domain, reporterId, 'tk_…'); // detail.unread === 0
 */
export function readTicket(domain: Domain, reporterId: string, id: string): Promise<TicketDetail> {
  return domain.ticketLocks.run(id, async () => {
    let ticket = await ownTicket(domain, reporterId, id);
    if (ticket.unread > 0) {
      ticket = (await domain.store.updateTicket(id, { unread: 0, updatedAt: ticket.updatedAt }, [])) ?? ticket;
    }
    return reporterDetail(domain, ticket);
  });
}

async function checkAttachments(domain: Domain, reporterId: string, ids: string[]): Promise<void> {
  const missing = await missingAttachments(domain.store, reporterId, ids);
  if (missing.length > 0) {
    throw invalidBody({ ids: missing }, 'Some attachments were never uploaded by this reporter');
  }
}

/** `POST /v1/tickets/:id/messages`: the reporter adds information; not on closed or rejected tickets. */
export function addReporterMessage(
  domain: Domain,
  reporterId: string,
  id: string,
  message: { body: string; attachments: string[] },
): Promise<TimelineEvent> {
  return domain.ticketLocks.run(id, async () => {
    const ticket = await ownTicket(domain, reporterId, id);
    if (ticket.status === 'closed' || ticket.status === 'rejected') {
      throw conflict(`The ticket is ${ticket.status}; submit a new one instead`);
    }
    await checkAttachments(domain, reporterId, message.attachments);
    const at = domain.now().toISOString();
    const added = event(id, at, REPORTER, 'message', { body: message.body, attachments: message.attachments });
    const attachments = [...new Set([...ticket.attachments, ...message.attachments])];
    await write(domain, ticket, { updatedAt: at, attachments }, [added]);
    if (message.attachments.length > 0) await domain.store.linkAttachments(message.attachments, id);
    return toTimelineEvent(added);
  });
}

/** `POST /v1/tickets/:id/rating`: once per resolution; the status stays resolved. */
export function rateTicket(domain: Domain, reporterId: string, id: string, rating: { score: number; comment?: string | undefined }): Promise<TicketDetail> {
  return domain.ticketLocks.run(id, async () => {
    const ticket = await ownTicket(domain, reporterId, id);
    if (ticket.status !== 'resolved') throw conflict(`Only a resolved ticket can be rated (this one is ${ticket.status})`);
    if (!canRate(ticket)) throw conflict('This resolution has already been rated');
    const at = domain.now().toISOString();
    const payload = rating.comment === undefined ? { score: rating.score } : { score: rating.score, comment: rating.comment };
    const change: TicketChange = { updatedAt: at, ratingScore: rating.score, ratingComment: rating.comment ?? null, ratedAt: at };
    return reporterDetail(domain, await write(domain, ticket, change, [event(id, at, REPORTER, 'rating', payload)]));
  });
}

/** The resolution clock restarts when a ticket comes back: it is the same amount of work again. */
async function reopenChange(domain: Domain, ticket: TicketRecord, at: Date): Promise<TicketChange> {
  const { resolutionDueAt } = slaDueTimes(ticket.priority, at, (await domain.settings.current()).sla);
  return { status: 'reopened', reopenCount: 'increment', resolvedAt: null, closedAt: null, resolutionDueAt: resolutionDueAt.toISOString(), updatedAt: at.toISOString() };
}

/** `POST /v1/tickets/:id/reopen` ("问题未解决"): a resolved ticket goes back to the operators with the reason. */
export function reopenTicket(domain: Domain, reporterId: string, id: string, reason: string): Promise<TicketDetail> {
  return domain.ticketLocks.run(id, async () => {
    const ticket = await ownTicket(domain, reporterId, id);
    checkTransition(ticket.status, 'reopened', 'reporter');
    const now = domain.now();
    const events = [event(id, now.toISOString(), REPORTER, 'reopened', { reason })];
    return reporterDetail(domain, await write(domain, ticket, await reopenChange(domain, ticket, now), events));
  });
}

/** `GET /v1/admin/tickets/:id`. */
export async function adminTicket(domain: Domain, id: string): Promise<AdminTicketDetail> {
  const ticket = await anyTicket(domain, id);
  return toAdminTicketDetail(ticket, await domain.store.listEvents(id, { includeInternal: true }), domain.now());
}

export interface TicketPatch {
  status?: TicketStatus | undefined;
  priority?: TicketRecord['priority'] | undefined;
  category?: string | undefined;
  assignee?: string | null | undefined;
  /** Reassign to one of the settings' teams, or to none (null). */
  team?: string | null | undefined;
  reason?: string | undefined;
}

/**
 * `PATCH /v1/admin/tickets/:id`. Fields equal to the current value are no-ops; a status
 * move must be in the lifecycle table for an operator (409 `illegal_transition` or
 * `actor_not_allowed` otherwise). A priority change moves the SLA due times with it. A team
 * must be one of the settings' teams (400 `unknown_team`); a reassignment is an internal
 * `team_changed` event, and its SLA clocks keep running.
 */
export function patchTicket(domain: Domain, operator: Operator, id: string, patch: TicketPatch): Promise<AdminTicketDetail> {
  return domain.ticketLocks.run(id, async () => {
    const ticket = await anyTicket(domain, id);
    const now = domain.now();
    const at = now.toISOString();
    const actor = operatorActor(operator);
    let change: TicketChange = { updatedAt: ticket.updatedAt };
    const events: EventRecord[] = [];

    if (patch.status !== undefined && patch.status !== ticket.status) {
      const to = patch.status;
      checkTransition(ticket.status, to, 'operator');
      change = to === 'reopened' ? { ...change, ...(await reopenChange(domain, ticket, now)) } : { ...change, status: to, updatedAt: at };
      if (to === 'resolved') change.resolvedAt = at;
      if (to === 'closed' || to === 'rejected') change.closedAt = at;
      const payload = patch.reason === undefined ? { from: ticket.status, to } : { from: ticket.status, to, reason: patch.reason };
      events.push(event(id, at, actor, 'status_changed', payload));
    }
    if (patch.priority !== undefined && patch.priority !== ticket.priority) {
      const due = slaDueTimes(patch.priority, ticket.createdAt, (await domain.settings.current()).sla);
      change = { ...change, priority: patch.priority, firstResponseDueAt: due.firstResponseDueAt.toISOString() };
      // A reopened ticket's resolution clock runs from the reopen; keep that start.
      if (ticket.reopenCount === 0) change.resolutionDueAt = due.resolutionDueAt.toISOString();
      events.push(event(id, at, actor, 'priority_changed', { from: ticket.priority, to: patch.priority }, true));
    }
    if (patch.category !== undefined && patch.category !== ticket.category) {
      change.category = patch.category;
      events.push(event(id, at, actor, 'category_changed', { from: ticket.category, to: patch.category }, true));
    }
    if (patch.assignee !== undefined && patch.assignee !== ticket.assignee) {
      change.assignee = patch.assignee;
      events.push(event(id, at, actor, 'assigned', { assignee: patch.assignee }, true));
    }
    if (patch.team !== undefined && patch.team !== ticket.team) {
      checkTeam((await domain.settings.current()).routing, patch.team);
      change.team = patch.team;
      events.push(event(id, at, actor, 'team_changed', { from: ticket.team, to: patch.team }, true));
    }
    const updated = events.length === 0 ? ticket : await write(domain, ticket, change, events);
    return toAdminTicketDetail(updated, await domain.store.listEvents(id, { includeInternal: true }), now);
  });
}

/** States an operator's first reply moves to in_progress on its own. */
const STARTS_WORK: readonly TicketStatus[] = ['submitted', 'acknowledged', 'reopened'];

/** `POST /v1/admin/tickets/:id/replies`: shown on the reporter's timeline and counted as unread. */
export function replyToTicket(domain: Domain, operator: Operator, id: string, reply: { body: string; attachments: string[] }): Promise<TimelineEvent> {
  return domain.ticketLocks.run(id, async () => {
    const ticket = await anyTicket(domain, id);
    const missing = await missingAttachments(domain.store, ticket.reporterId, reply.attachments);
    if (missing.length > 0) throw invalidBody({ ids: missing }, 'Some attachments do not belong to this ticket\'s reporter');
    const at = domain.now().toISOString();
    const message = event(id, at, operatorActor(operator), 'message', { body: reply.body, attachments: reply.attachments });
    const events = [message];
    const change: TicketChange = { updatedAt: at, unread: 'increment' };
    if (ticket.firstRespondedAt === null) change.firstRespondedAt = at;
    if (STARTS_WORK.includes(ticket.status)) {
      checkTransition(ticket.status, 'in_progress', 'system');
      change.status = 'in_progress';
      events.push(event(id, at, SYSTEM, 'status_changed', { from: ticket.status, to: 'in_progress' }));
    }
    await write(domain, ticket, change, events);
    return toTimelineEvent(message);
  });
}

/** `POST /v1/admin/tickets/:id/notes`: internal, on any ticket. */
export function addNote(domain: Domain, operator: Operator, id: string, body: string): Promise<TimelineEvent> {
  return domain.ticketLocks.run(id, async () => {
    const ticket = await anyTicket(domain, id);
    const note = event(id, domain.now().toISOString(), operatorActor(operator), 'note', { body }, true);
    await write(domain, ticket, { updatedAt: ticket.updatedAt }, [note]);
    return toTimelineEvent(note);
  });
}

/**
 * `POST /v1/admin/tickets/:id/reveal`: the ticket with its personal data unmasked. Each
 * reveal is an internal `revealed` event (operator, kinds shown, reason), so who saw what is
 * on the record.
 */
export function revealTicket(domain: Domain, operator: Operator, id: string, reason: string | undefined): Promise<AdminTicketDetail> {
  return domain.ticketLocks.run(id, async () => {
    const ticket = await anyTicket(domain, id);
    const events = await domain.store.listEvents(id, { includeInternal: true });
    const now = domain.now();
    const kinds = piiKindsOf(ticket, events);
    const revealed = event(id, now.toISOString(), operatorActor(operator), 'revealed', reason === undefined ? { kinds } : { kinds, reason }, true);
    await write(domain, ticket, { updatedAt: ticket.updatedAt }, [revealed]);
    return toAdminTicketDetail(ticket, [...events, revealed], now, { reveal: true });
  });
}

/**
 * `POST /v1/admin/tickets/:id/merge`: the ticket is a duplicate of `into`. The duplicate is
 * resolved (its reporter sees the status change, with `reason` when given), and both
 * timelines get an internal `merged` event naming the other ticket. A ticket that is no
 * longer open, or a target that is itself a duplicate, is refused with 409.
 */
export async function mergeTicket(domain: Domain, operator: Operator, id: string, merge: { into: string; reason?: string | undefined }): Promise<AdminTicketDetail> {
  if (merge.into === id) throw conflict('A ticket cannot be merged into itself');
  const target = await domain.store.getTicket(merge.into);
  if (!target) throw invalidBody([{ path: 'into', code: 'not_found', message: `No ticket ${merge.into}` }], 'The ticket to merge into does not exist');
  const targetEvents = await domain.store.listEvents(target.id, { includeInternal: true });
  const targetDuplicateOf = [...targetEvents].reverse().find((item) => item.type === 'merged' && typeof item.payload.into === 'string');
  if (targetDuplicateOf) throw conflict(`${target.id} is itself a duplicate of ${String(targetDuplicateOf.payload.into)}; merge into that one`);
  const detail = await domain.ticketLocks.run(id, async () => {
    const ticket = await anyTicket(domain, id);
    checkTransition(ticket.status, 'resolved', 'operator');
    const now = domain.now();
    const at = now.toISOString();
    const actor = operatorActor(operator);
    const statusPayload = merge.reason === undefined ? { from: ticket.status, to: 'resolved' } : { from: ticket.status, to: 'resolved', reason: merge.reason };
    const mergedPayload = merge.reason === undefined ? { into: target.id } : { into: target.id, reason: merge.reason };
    const events = [event(id, at, actor, 'status_changed', statusPayload), event(id, at, actor, 'merged', mergedPayload, true)];
    const updated = await write(domain, ticket, { status: 'resolved', resolvedAt: at, updatedAt: at }, events);
    return toAdminTicketDetail(updated, await domain.store.listEvents(id, { includeInternal: true }), now);
  });
  await domain.ticketLocks.run(target.id, async () => {
    const current = await anyTicket(domain, target.id);
    await write(domain, current, { updatedAt: current.updatedAt }, [event(target.id, domain.now().toISOString(), operatorActor(operator), 'merged', { from: id }, true)]);
  });
  return detail;
}

/**
 * `POST /v1/admin/tickets/:id/adopt`: the feedback was adopted (采纳), once per ticket (409
 * after that). An internal `adopted` event records who and when; with webhooks configured
 * it is sent as `ticket.adopted`, so the integrator can grant points or coupons.
 */
export function adoptTicket(domain: Domain, operator: Operator, id: string, note: string | undefined): Promise<AdminTicketDetail> {
  return domain.ticketLocks.run(id, async () => {
    const ticket = await anyTicket(domain, id);
    const events = await domain.store.listEvents(id, { includeInternal: true });
    if (events.some((item) => item.type === 'adopted')) throw conflict('This feedback has already been adopted');
    const now = domain.now();
    const adopted = event(id, now.toISOString(), operatorActor(operator), 'adopted', note === undefined ? {} : { note }, true);
    const updated = await write(domain, ticket, { updatedAt: ticket.updatedAt }, [adopted]);
    return toAdminTicketDetail(updated, [...events, adopted], now);
  });
}

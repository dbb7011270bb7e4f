import { FankuiError } from '../errors';
import { TICKET_STATUSES, type ActorType, type TicketStatus } from '../model';

/** For each state, the states it may move to and the actors allowed to make that move. */
export type TransitionTable = {
  readonly [From in TicketStatus]: Readonly<Partial<Record<TicketStatus, readonly ActorType[]>>>;
};

/**
 * The ticket state machine as data: the server enforces it, the console greys out
 * buttons with it, and tests enumerate it. A move that is not listed here is illegal,
 * self-transitions included.
 */
export const TRANSITIONS: TransitionTable = {
  submitted: {
    acknowledged: ['system', 'operator'],
    // The system starts work when an operator's first reply arrives before any status change.
    in_progress: ['operator', 'system'],
    resolved: ['operator'],
    rejected: ['operator'],
  },
  acknowledged: { in_progress: ['operator', 'system'], resolved: ['operator'], rejected: ['operator'] },
  in_progress: { resolved: ['operator'], rejected: ['operator'] },
  reopened: { in_progress: ['operator', 'system'], resolved: ['operator'], rejected: ['operator'] },
  resolved: {
    // The reporter confirms, an operator closes, or the system does after the auto-close period.
    closed: ['reporter', 'operator', 'system'],
    // "问题未解决" is the reporter's way back; an operator may reopen on their behalf.
    reopened: ['reporter', 'operator'],
  },
  // Once closed or rejected, only a person on the operator side may revive a ticket.
  closed: { reopened: ['operator'] },
  rejected: { reopened: ['operator'] },
};

export type LifecycleErrorCode = 'illegal_transition' | 'actor_not_allowed';

/** A refused transition; `details` holds `{ from, to, actor }`. */
export class LifecycleError extends FankuiError<LifecycleErrorCode> {
  override readonly name: string = 'LifecycleError';
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

// Statuses arrive from the wire as plain strings; own-property checks keep `constructor`
// and friends from being mistaken for table entries.
function allowedActors(from: TicketStatus, to: TicketStatus): readonly ActorType[] | undefined {
  if (!hasOwn(TRANSITIONS, from)) return undefined;
  const targets = TRANSITIONS[from];
  return hasOwn(targets, to) ? targets[to] : undefined;
}

/**
 * Whether `actor` may move a ticket from `from` to `to`.
 *
 * @example canTransition('resolved', 'reopened', 'reporter') // true
 * @example canTransition('closed', 'reopened', 'reporter') // false: only an operator may
 */
export function canTransition(from: TicketStatus, to: TicketStatus, actor: ActorType): boolean {
  const actors = allowedActors(from, to);
  return actors !== undefined && actors.includes(actor);
}

/**
 * Throws a {@link LifecycleError} unless the move is allowed: `illegal_transition` when the
 * table has no such edge, `actor_not_allowed` when it has the edge but not for this actor.
 *
 * @example assertTransition('submitted', 'acknowledged', 'system') // ok
 * @example assertTransition('closed', 'in_progress', 'operator') // throws illegal_transition
 */
export function assertTransition(from: TicketStatus, to: TicketStatus, actor: ActorType): void {
  const actors = allowedActors(from, to);
  const details = { from, to, actor };
  if (!actors) throw new LifecycleError('illegal_transition', `No transition from ${from} to ${to}`, details);
  if (!actors.includes(actor)) {
    throw new LifecycleError('actor_not_allowed', `A ${actor} may not move a ticket from ${from} to ${to}`, details);
  }
}

/**
 * The states `actor` may move a ticket to from `from`, in {@link TICKET_STATUSES} order.
 *
 * @example nextStatuses('resolved', 'reporter') // ['closed', 'reopened']
 */
export function nextStatuses(from: TicketStatus, actor: ActorType): TicketStatus[] {
  return TICKET_STATUSES.filter((to) => canTransition(from, to, actor));
}

/**
 * Closed and rejected tickets are final from the reporter's side: nothing they do moves
 * them again (an operator still may reopen them).
 *
 * @example isTerminal('closed') // true; isTerminal('resolved') // false
 */
export function isTerminal(status: TicketStatus): boolean {
  return status === 'closed' || status === 'rejected';
}

/**
 * Whether the ticket still awaits the operator side: submitted, acknowledged, in progress
 * or reopened. Resolved tickets wait on the reporter, so they are not open.
 *
 * @example isOpen('reopened') // true; isOpen('resolved') // false
 */
export function isOpen(status: TicketStatus): boolean {
  return status === 'submitted' || status === 'acknowledged' || status === 'in_progress' || status === 'reopened';
}

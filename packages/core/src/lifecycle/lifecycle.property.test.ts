import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTOR_TYPES, TICKET_STATUSES, type ActorType, type TicketStatus } from '../model';
import { LifecycleError, TRANSITIONS, assertTransition, canTransition } from './lifecycle';

/**
 * A second, deliberately different encoding of the lifecycle (rules as code rather than a
 * table), written from the design text. The walks below check the table against it.
 */
function referenceAllows(from: TicketStatus, to: TicketStatus, actor: ActorType): boolean {
  const workable = from === 'submitted' || from === 'acknowledged' || from === 'in_progress' || from === 'reopened';
  switch (to) {
    case 'acknowledged':
      return from === 'submitted' && actor !== 'reporter';
    case 'in_progress':
      return (from === 'submitted' || from === 'acknowledged' || from === 'reopened') && actor !== 'reporter';
    case 'resolved':
    case 'rejected':
      return workable && actor === 'operator';
    case 'closed':
      return from === 'resolved';
    case 'reopened':
      if (from === 'resolved') return actor !== 'system';
      return (from === 'closed' || from === 'rejected') && actor === 'operator';
    default:
      return false;
  }
}

const status = fc.constantFrom(...TICKET_STATUSES);
const actor = fc.constantFrom(...ACTOR_TYPES);
const attempts = fc.array(fc.record({ to: status, actor }), { maxLength: 60 });

/** Applies attempts with assertTransition, recording every move it accepted. */
function walk(start: TicketStatus, steps: readonly { to: TicketStatus; actor: ActorType }[]) {
  let current = start;
  const taken: [TicketStatus, TicketStatus, ActorType][] = [];
  for (const step of steps) {
    try {
      assertTransition(current, step.to, step.actor);
    } catch (error) {
      if (!(error instanceof LifecycleError)) throw error;
      continue;
    }
    taken.push([current, step.to, step.actor]);
    current = step.to;
  }
  return { current, taken };
}

describe('lifecycle under random walks', () => {
  it('takes exactly the moves the reference model takes', () => {
    fc.assert(
      fc.property(status, attempts, (start, steps) => {
        let model = start;
        const modelTaken: [TicketStatus, TicketStatus, ActorType][] = [];
        for (const step of steps) {
          expect(canTransition(model, step.to, step.actor)).toBe(referenceAllows(model, step.to, step.actor));
          if (!referenceAllows(model, step.to, step.actor)) continue;
          modelTaken.push([model, step.to, step.actor]);
          model = step.to;
        }
        const { current, taken } = walk(start, steps);
        expect(taken).toEqual(modelTaken);
        expect(current).toBe(model);
      }),
    );
  });

  it('never leaves the state set and only takes edges in the table', () => {
    fc.assert(
      fc.property(status, attempts, (start, steps) => {
        const { current, taken } = walk(start, steps);
        expect(TICKET_STATUSES).toContain(current);
        for (const [from, to, by] of taken) {
          expect(from).not.toBe(to);
          expect(TRANSITIONS[from][to]).toContain(by);
        }
      }),
    );
  });

  it('lets a reporter alone move a ticket at most once from any start', () => {
    fc.assert(
      fc.property(status, fc.array(status, { maxLength: 30 }), (start, targets) => {
        const { taken } = walk(
          start,
          targets.map((to) => ({ to, actor: 'reporter' as const })),
        );
        // Reporters can only answer a resolution; after that the ticket waits on others.
        expect(taken.length).toBeLessThanOrEqual(1);
        if (taken.length === 1) expect(taken[0]![0]).toBe('resolved');
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { FankuiError } from '../errors';
import { ACTOR_TYPES, TICKET_STATUSES, type ActorType, type TicketStatus } from '../model';
import {
  LifecycleError,
  TRANSITIONS,
  assertTransition,
  canTransition,
  isOpen,
  isTerminal,
  nextStatuses,
} from './lifecycle';

// The intended lifecycle written out flat from the design, independently of the table's
// shape, so a typo in TRANSITIONS cannot also be a typo here.
const SPEC = `
  submitted>acknowledged:system,operator
  submitted>in_progress:operator,system
  acknowledged>in_progress:operator,system
  submitted>resolved:operator
  acknowledged>resolved:operator
  in_progress>resolved:operator
  reopened>resolved:operator
  submitted>rejected:operator
  acknowledged>rejected:operator
  in_progress>rejected:operator
  reopened>rejected:operator
  resolved>closed:reporter,operator,system
  resolved>reopened:reporter,operator
  closed>reopened:operator
  rejected>reopened:operator
  reopened>in_progress:operator,system
`;

const legal = new Map<string, ActorType[]>();
for (const line of SPEC.trim().split('\n')) {
  const [edge = '', actors = ''] = line.trim().split(':');
  legal.set(edge, actors.split(',') as ActorType[]);
}

const triples = TICKET_STATUSES.flatMap((from) =>
  TICKET_STATUSES.flatMap((to) => ACTOR_TYPES.map((actor) => [from, to, actor] as const)),
);

function caught(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('TRANSITIONS', () => {
  it('holds exactly the edges of the design', () => {
    const table = new Map<string, ActorType[]>();
    for (const from of TICKET_STATUSES) {
      for (const [to, actors] of Object.entries(TRANSITIONS[from])) table.set(`${from}>${to}`, [...actors!].sort());
    }
    expect(table).toEqual(new Map([...legal].map(([edge, actors]) => [edge, [...actors].sort()])));
  });
});

describe('canTransition / assertTransition over every (from, to, actor)', () => {
  const legalTriples = triples.filter(([from, to, actor]) => legal.get(`${from}>${to}`)?.includes(actor));
  const illegalTriples = triples.filter(([from, to, actor]) => !legal.get(`${from}>${to}`)?.includes(actor));

  it('enumerates the whole cartesian product', () => {
    expect(legalTriples.length + illegalTriples.length).toBe(7 * 7 * 3);
    expect(legalTriples).toHaveLength(23);
  });

  it.each(legalTriples)('allows %s → %s by %s', (from, to, actor) => {
    expect(canTransition(from, to, actor)).toBe(true);
    expect(() => assertTransition(from, to, actor)).not.toThrow();
  });

  it.each(illegalTriples)('refuses %s → %s by %s with the right code', (from, to, actor) => {
    expect(canTransition(from, to, actor)).toBe(false);
    const error = caught(() => assertTransition(from, to, actor));
    expect(error).toBeInstanceOf(LifecycleError);
    expect(error).toBeInstanceOf(FankuiError);
    const expectedCode = legal.has(`${from}>${to}`) ? 'actor_not_allowed' : 'illegal_transition';
    expect(error).toMatchObject({ name: 'LifecycleError', code: expectedCode, details: { from, to, actor } });
  });
});

describe('wire strings that are not statuses', () => {
  it('treats prototype keys as no edge at all', () => {
    const bogus = ['constructor', '__proto__', 'toString', 'hasOwnProperty'] as unknown as TicketStatus[];
    for (const name of bogus) {
      expect(canTransition(name, 'closed', 'operator')).toBe(false);
      expect(canTransition('resolved', name, 'operator')).toBe(false);
      expect(caught(() => assertTransition('resolved', name, 'operator'))).toMatchObject({ code: 'illegal_transition' });
    }
  });

  it('refuses an unknown actor on an existing edge as actor_not_allowed', () => {
    expect(caught(() => assertTransition('resolved', 'closed', 'robot' as ActorType))).toMatchObject({
      code: 'actor_not_allowed',
    });
  });
});

describe('nextStatuses', () => {
  it('offers the reporter only confirming or reopening a resolution', () => {
    expect(nextStatuses('resolved', 'reporter')).toEqual(['closed', 'reopened']);
    for (const status of TICKET_STATUSES.filter((s) => s !== 'resolved')) {
      expect(nextStatuses(status, 'reporter')).toEqual([]);
    }
  });

  it('gives the operator every move out of an open ticket', () => {
    expect(nextStatuses('submitted', 'operator')).toEqual(['acknowledged', 'in_progress', 'resolved', 'rejected']);
    expect(nextStatuses('closed', 'operator')).toEqual(['reopened']);
  });

  it('lets the system acknowledge, start work and auto-close, nothing else', () => {
    expect(nextStatuses('submitted', 'system')).toEqual(['acknowledged', 'in_progress']);
    expect(nextStatuses('resolved', 'system')).toEqual(['closed']);
    expect(nextStatuses('rejected', 'system')).toEqual([]);
  });
});

describe('isTerminal / isOpen', () => {
  it('classifies every status', () => {
    const terminal = TICKET_STATUSES.filter(isTerminal);
    const open = TICKET_STATUSES.filter(isOpen);
    expect(terminal).toEqual(['closed', 'rejected']);
    expect(open).toEqual(['submitted', 'acknowledged', 'in_progress', 'reopened']);
  });

  it('agrees with the table: terminal means the reporter can never move it, open means it can still be resolved', () => {
    for (const status of TICKET_STATUSES) {
      if (isTerminal(status)) expect(nextStatuses(status, 'reporter')).toEqual([]);
      expect(isOpen(status)).toBe(canTransition(status, 'resolved', 'operator'));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ticketRecord } from '../../tests/support/tickets';
import type { EventRecord } from '../store/store';
import { canRate, reporterReference, reporterTimeline, toAdminTicketSummary, toTimelineEvent } from './views';

const event = (overrides: Partial<EventRecord>): EventRecord => ({
  id: 'ev_1',
  ticketId: 'tk_1',
  at: '2026-03-01T08:00:00.000Z',
  actorType: 'operator',
  actorName: '客服小王',
  type: 'message',
  payload: { body: 'hi', attachments: [] },
  internal: false,
  ...overrides,
});

describe('views', () => {
  it('never lets a payload overwrite the event identity', () => {
    const shown = toTimelineEvent(event({ payload: { body: 'x', id: 'forged', type: 'note', actor: { type: 'system' } } }));
    expect(shown).toMatchObject({ id: 'ev_1', type: 'message', actor: { type: 'operator', name: '客服小王' } });
  });

  it('hides internal events from reporters even if the store returned them', () => {
    const timeline = reporterTimeline([event({}), event({ id: 'ev_2', type: 'note', internal: false }), event({ id: 'ev_3', internal: true })]);
    expect(timeline.map((entry) => entry.id)).toEqual(['ev_1']);
  });

  it('allows one rating per resolution', () => {
    const resolved = ticketRecord({ status: 'resolved', resolvedAt: '2026-03-02T00:00:00.000Z' });
    expect(canRate(resolved)).toBe(true);
    expect(canRate({ ...resolved, ratedAt: '2026-03-02T01:00:00.000Z' })).toBe(false);
    expect(canRate({ ...resolved, ratedAt: '2026-03-01T12:00:00.000Z' })).toBe(true); // rated an earlier resolution
    expect(canRate({ ...resolved, status: 'closed' })).toBe(false);
  });

  it('stops the resolution clock of rejected tickets', () => {
    const rejected = ticketRecord({ status: 'rejected', closedAt: '2026-03-01T09:00:00.000Z' });
    expect(toAdminTicketSummary(rejected, new Date('2026-04-01T00:00:00Z')).sla.overdue).toBe(false);
  });

  it('refers to reporters without revealing secrets', () => {
    expect(reporterReference('f'.repeat(64))).toBe(`anon:${'f'.repeat(12)}`);
    expect(reporterReference('user:u_1')).toBe('user:u_1');
  });
});

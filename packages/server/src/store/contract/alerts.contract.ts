import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openingEvents, testId, ticketRecord } from '../../../tests/support/tickets';
import type { AlertRecord, SlaBreachRecord, Store, TicketRecord } from '../store';

const MINUTE_MS = 60_000;
const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * MINUTE_MS).toISOString();

function alertRecord(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: testId('al'),
    kind: 'category',
    subject: 'payment',
    status: 'open',
    count: 12,
    baseline: 1.5,
    windowMinutes: 30,
    openedAt: '2026-03-01T09:00:00.000Z',
    closedAt: null,
    closedBy: null,
    notice: null,
    noticePublishedAt: null,
    noticePublishedBy: null,
    ...overrides,
  };
}

/**
 * Spike alerts and SLA breach marks (`AlertStore`), part of the store contract: volume per
 * category and keyword, one open alert per subject, notices only on open alerts, and each
 * missed due time claimed once.
 */
export function describeAlertContract(open: () => Promise<Store>): void {
  describe('alerts and SLA breaches', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    async function create(overrides: Partial<TicketRecord>): Promise<TicketRecord> {
      const ticket = ticketRecord(overrides);
      await store.createTicket(ticket, openingEvents(ticket));
      return ticket;
    }

    it('counts tickets per category and keyword in [from, to)', async () => {
      const base = '2026-03-01T09:00:00.000Z';
      for (let index = 0; index < 3; index += 1) await create({ category: 'payment', keywords: ['扣款', '退款'], createdAt: at(base, index) });
      await create({ category: 'crash', keywords: ['闪退'], createdAt: at(base, 5) });
      await create({ category: null, keywords: [], createdAt: at(base, 6) });
      await create({ category: 'payment', keywords: ['扣款'], createdAt: at(base, 30) }); // `to` is exclusive
      await create({ category: 'payment', keywords: [], createdAt: at(base, -1) });
      const volume = await store.ticketVolume({ from: base, to: at(base, 30) });
      const sorted = [...volume].sort((a, b) => `${a.kind}/${a.subject}`.localeCompare(`${b.kind}/${b.subject}`));
      expect(sorted).toEqual([
        { kind: 'category', subject: 'crash', count: 1 },
        { kind: 'category', subject: 'payment', count: 3 },
        { kind: 'keyword', subject: '扣款', count: 3 },
        { kind: 'keyword', subject: '退款', count: 3 },
        { kind: 'keyword', subject: '闪退', count: 1 },
      ]);
    });

    it('opens one alert per subject at a time; a closed one makes room for the next', async () => {
      const first = alertRecord();
      expect(await store.openAlert(first)).toBe(true);
      expect(await store.openAlert(alertRecord())).toBe(false);
      // Concurrent opens for one subject: exactly one wins.
      const race = await Promise.all(Array.from({ length: 5 }, () => store.openAlert(alertRecord({ subject: 'crash' }))));
      expect(race.filter(Boolean)).toHaveLength(1);
      // Same subject, other kind: its own alert.
      expect(await store.openAlert(alertRecord({ kind: 'keyword' }))).toBe(true);
      expect(await store.getAlert(first.id)).toEqual(first);

      const closed = await store.closeAlert(first.id, '2026-03-01T10:00:00.000Z', '客服小王');
      expect(closed).toMatchObject({ id: first.id, status: 'closed', closedAt: '2026-03-01T10:00:00.000Z', closedBy: '客服小王' });
      // A second close keeps the first one's time and operator.
      expect(await store.closeAlert(first.id, '2026-03-01T11:00:00.000Z', 'bob')).toEqual(closed);
      expect(await store.closeAlert('al_unknown', '2026-03-01T11:00:00.000Z', 'bob')).toBeNull();
      // Closed at or after `quietSince`: the subject stays quiet.
      expect(await store.openAlert(alertRecord({ openedAt: '2026-03-01T10:05:00.000Z' }), '2026-03-01T09:35:00.000Z')).toBe(false);
      expect(await store.openAlert(alertRecord({ openedAt: '2026-03-01T10:05:00.000Z' }), '2026-03-01T10:00:00.000Z')).toBe(false);
      const next = alertRecord({ openedAt: '2026-03-01T12:00:00.000Z' });
      expect(await store.openAlert(next, '2026-03-01T11:30:00.000Z')).toBe(true);

      const all = await store.listAlerts({}, 10);
      expect(all.map((alert) => alert.id)[0]).toBe(next.id);
      expect(all).toHaveLength(4);
      expect((await store.listAlerts({ status: 'closed' }, 10)).map((alert) => alert.id)).toEqual([first.id]);
      expect(await store.listAlerts({ status: 'open' }, 2)).toHaveLength(2);
    });

    it('publishes and withdraws a notice on an open alert only', async () => {
      const alert = alertRecord();
      await store.openAlert(alert);
      const text = "支付通道异常，正在修复，已扣款项将自动退回 '; DROP TABLE alerts; --";
      const published = await store.setAlertNotice(alert.id, { text, at: '2026-03-01T09:05:00.000Z', by: '客服小王' });
      expect(published).toMatchObject({ notice: text, noticePublishedAt: '2026-03-01T09:05:00.000Z', noticePublishedBy: '客服小王' });
      expect(await store.setAlertNotice(alert.id, null)).toMatchObject({ notice: null, noticePublishedAt: null, noticePublishedBy: null });
      await store.setAlertNotice(alert.id, { text, at: '2026-03-01T09:06:00.000Z', by: '客服小王' });
      await store.closeAlert(alert.id, '2026-03-01T10:00:00.000Z', '客服小王');
      // Closed: nothing written, and the notice stays as history.
      expect(await store.setAlertNotice(alert.id, { text: 'later', at: '2026-03-01T10:01:00.000Z', by: 'bob' })).toBeNull();
      expect(await store.getAlert(alert.id)).toMatchObject({ status: 'closed', notice: text });
      expect(await store.setAlertNotice('al_unknown', null)).toBeNull();
    });

    it('claims each missed due time once, skipping met, resolved, closed and too old ones', async () => {
      const base = '2026-03-01T08:00:00.000Z';
      const late = await create({ createdAt: base, firstResponseDueAt: at(base, 30), resolutionDueAt: at(base, 600) });
      const answered = await create({ createdAt: base, firstResponseDueAt: at(base, 30), firstRespondedAt: at(base, 10), resolutionDueAt: at(base, 90) });
      await create({ createdAt: base, status: 'resolved', firstResponseDueAt: at(base, 30), resolvedAt: at(base, 20), resolutionDueAt: at(base, 90) });
      await create({ createdAt: base, status: 'rejected', firstResponseDueAt: at(base, 30), resolutionDueAt: at(base, 90) });
      await create({ createdAt: base, firstResponseDueAt: at(base, 240), resolutionDueAt: at(base, 600) }); // not due yet
      await create({ createdAt: at(base, -3000), firstResponseDueAt: at(base, -2900), resolutionDueAt: at(base, -2000) }); // before `since`

      const now = at(base, 120);
      const since = at(base, -1440);
      const race = await Promise.all([1, 2, 3].map(() => store.claimSlaBreaches({ since, now, at: now })));
      const claimed = race.flat().sort((a, b) => `${a.ticketId}/${a.kind}`.localeCompare(`${b.ticketId}/${b.kind}`));
      expect(claimed).toEqual(
        [
          { ticketId: answered.id, kind: 'resolution', dueAt: at(base, 90) },
          { ticketId: late.id, kind: 'first_response', dueAt: at(base, 30) },
        ].sort((a, b) => `${a.ticketId}/${a.kind}`.localeCompare(`${b.ticketId}/${b.kind}`)),
      );
      expect(await store.claimSlaBreaches({ since, now: at(base, 130), at: at(base, 130) })).toEqual([]);

      // A new due time (priority raised, ticket reopened) is a breach of its own.
      await store.updateTicket(late.id, { firstResponseDueAt: at(base, 125), updatedAt: at(base, 121) }, []);
      expect(await store.claimSlaBreaches({ since, now: at(base, 130), at: at(base, 130) })).toEqual([{ ticketId: late.id, kind: 'first_response', dueAt: at(base, 125) }]);
    });

    it('writes the outbox rows of claimed breaches with the marks, or neither when a row cannot be written', async () => {
      const base = '2026-03-01T08:00:00.000Z';
      const late = await create({ createdAt: base, firstResponseDueAt: at(base, 30), resolutionDueAt: at(base, 600) });
      const now = at(base, 120);
      const since = at(base, -1440);
      const taken = { id: testId('wh'), endpoint: 'http://127.0.0.1:9/hooks', event: 'ticket.created', ticketId: 'tk_other', body: '{}', status: 'pending' as const, attempts: 0, nextAttemptAt: now, lastError: null, lastStatus: null, createdAt: now, deliveredAt: null };
      await store.enqueueWebhookDeliveries([taken]);
      const seen: TicketRecord[] = [];
      const outbox = (id: string) => (breach: SlaBreachRecord, ticket: TicketRecord) => {
        seen.push(ticket);
        return [{ ...taken, id, event: 'ticket.sla_breached', ticketId: breach.ticketId, body: JSON.stringify(breach) }];
      };
      // A taken delivery id: no mark is kept, so the next check claims the breach again.
      await expect(store.claimSlaBreaches({ since, now, at: now }, outbox(taken.id))).rejects.toThrow();
      const id = testId('wh');
      expect(await store.claimSlaBreaches({ since, now, at: now }, outbox(id))).toEqual([{ ticketId: late.id, kind: 'first_response', dueAt: at(base, 30) }]);
      expect(seen.at(-1)).toEqual(late);
      const rows = (await store.listWebhookDeliveries({ event: 'ticket.sla_breached' }, { limit: 10 })).items;
      expect(rows.map((row) => [row.id, row.ticketId])).toEqual([[id, late.id]]);
      expect(await store.claimSlaBreaches({ since, now, at: now }, outbox(testId('wh')))).toEqual([]);
    });
  });
}

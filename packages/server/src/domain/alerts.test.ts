import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openingEvents, ticketRecord } from '../../tests/support/tickets';
import { parseConfig } from '../config';
import { createSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { detectSpikes, isSpike } from './alerts';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const config = parseConfig({ alerts: { windowMinutes: 30, baselineWindows: 4, factor: 3, minCount: 10 } });

describe('spike detection', () => {
  let store: Store;
  beforeEach(async () => {
    store = createSqliteStore({ memory: true });
    await store.migrate();
  });
  afterEach(() => store.close());

  /** `count` tickets of `category` created `minutes` ago (no keywords, so only categories count). */
  async function tickets(category: string, count: number, minutes: number) {
    for (let index = 0; index < count; index += 1) {
      const ticket = ticketRecord({ category, keywords: [], createdAt: minutesAgo(minutes) });
      await store.createTicket(ticket, openingEvents(ticket));
    }
  }

  it('needs both the minimum count and the factor over the baseline', () => {
    expect(isSpike(3, 0, { minCount: 10, factor: 3 })).toBe(false); // 1 → 3 is no spike
    expect(isSpike(10, 0, { minCount: 10, factor: 3 })).toBe(true);
    expect(isSpike(14, 5, { minCount: 10, factor: 3 })).toBe(false);
    expect(isSpike(15, 5, { minCount: 10, factor: 3 })).toBe(true);
  });

  it('compares the last window with the average of the windows before it', async () => {
    // crash: 5 per window for the two hours before (baseline 5), 12 now: under 3 × 5.
    for (const minutes of [45, 75, 105, 135]) await tickets('crash', 5, minutes);
    await tickets('crash', 12, 10);
    // payment: 1 per window before (baseline 1), 12 now: a spike.
    for (const minutes of [45, 75, 105, 135]) await tickets('payment', 1, minutes);
    await tickets('payment', 12, 5);
    // Older than the baseline windows: not counted at all.
    await tickets('payment', 40, 200);

    const opened = await detectSpikes(store, config, NOW);
    expect(opened.map((alert) => ({ kind: alert.kind, subject: alert.subject, count: alert.count, baseline: alert.baseline }))).toEqual([
      { kind: 'category', subject: 'payment', count: 12, baseline: 1 },
    ]);
    // Checked again: the open alert stands, nothing new.
    expect(await detectSpikes(store, config, new Date(NOW.getTime() + 60_000))).toEqual([]);
    expect(await store.listAlerts({}, 10)).toHaveLength(1);
  });

  it('after a close, the subject is quiet for one window, then may alert again', async () => {
    await tickets('payment', 12, 5);
    const [first] = await detectSpikes(store, config, NOW);
    await store.closeAlert(first!.id, NOW.toISOString(), '客服小王');
    expect(await detectSpikes(store, config, new Date(NOW.getTime() + 60_000))).toEqual([]);
    // A window later, a new burst (after the close) is a new alert.
    const later = new Date(NOW.getTime() + 31 * 60_000);
    for (let index = 0; index < 12; index += 1) {
      const ticket = ticketRecord({ category: 'payment', keywords: [], createdAt: new Date(later.getTime() - 60_000).toISOString() });
      await store.createTicket(ticket, openingEvents(ticket));
    }
    const again = await detectSpikes(store, config, later);
    expect(again.map((alert) => alert.subject)).toEqual(['payment']);
    expect(again[0]!.id).not.toBe(first!.id);
  });
});

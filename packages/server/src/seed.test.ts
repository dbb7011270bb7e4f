import type { AdminTicketSummary } from '@fankui/core';
import { AdminStats, AdminTicketList } from '@fankui/core/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_HINT } from '../tests/support/postgres';
import { postgresStores } from '../tests/support/postgres-stores';
import { createApp } from './app/app';
import { parseConfig } from './config';
import { createDomain } from './domain/context';
import { silentLogger } from './logger';
import { DEMO_REPORTER_SECRET, seedDemo } from './seed';
import { createSqliteStore } from './store/sqlite';
import type { Store } from './store/store';

const OPERATOR_TOKEN = 'seed-test-operator-token';

const postgres = await postgresStores();
if (!postgres) console.warn(`Seeding is tested on SQLite only. ${POSTGRES_HINT}`);
afterAll(() => postgres?.cleanup());

const stores: [string, () => Promise<Store>][] = [['sqlite', async () => createSqliteStore({ memory: true })]];
if (postgres) stores.push(['postgres', async () => (await postgres.open()).store]);

describe.each(stores)('seedDemo on %s', (_name, open) => {
  const opened = open();
  let store: Store;
  afterAll(async () => (await opened).close());
  const config = parseConfig({ operatorTokens: [OPERATOR_TOKEN] });
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    store = await opened;
    app = createApp({ store, config, logger: silentLogger });
  });
  const seed = () => seedDemo(createDomain({ store, config, now: () => new Date() }));
  const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
  const adminList = async (query: string): Promise<AdminTicketSummary[]> =>
    AdminTicketList.parse(await (await app.request(`/v1/admin/tickets?limit=100&${query}`, as(OPERATOR_TOKEN))).json()).items;

  it('gives the demo reporter tickets with replies but no unread badge', async () => {
    const ids = await seed();
    expect(ids.length).toBeGreaterThanOrEqual(30);

    const list = await app.request('/v1/tickets?limit=100', as(DEMO_REPORTER_SECRET));
    const { items } = (await list.json()) as { items: { id: string; unread: number }[] };
    expect(items.length).toBeGreaterThanOrEqual(5);
    expect(items.every((item) => ids.includes(item.id))).toBe(true);
    expect(items.map((item) => item.unread)).toEqual(items.map(() => 0));

    // The replies are still on the tickets, for the tracker and the operators.
    const replies = await Promise.all(
      items.map(async ({ id }) => {
        const detail = await app.request(`/v1/admin/tickets/${id}`, as(OPERATOR_TOKEN));
        const { timeline } = (await detail.json()) as { timeline: { type: string; actor: { type: string } }[] };
        return timeline.filter((event) => event.type === 'message' && event.actor.type === 'operator').length;
      }),
    );
    expect(replies.filter((count) => count > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('shows every state, overdue tickets, ratings, reopens and every category in the console', async () => {
    const all = await adminList('');
    const statuses = new Set(all.map((ticket) => ticket.status));
    for (const status of ['acknowledged', 'in_progress', 'resolved', 'closed', 'reopened', 'rejected']) expect(statuses, status).toContain(status);
    expect(new Set(all.map((ticket) => ticket.category)).size).toBe(8);
    expect(new Set(all.map((ticket) => ticket.channel))).toEqual(new Set(['app', 'phone', 'email']));
    // Routed to the demo's teams, typed-in complaints too.
    expect(new Set(all.map((ticket) => ticket.team))).toEqual(new Set(['tech', 'product', 'support', 'risk']));
    expect(all.filter((ticket) => ticket.channel !== 'app').every((ticket) => ticket.team !== null)).toBe(true);
    expect((await adminList('overdue=true')).length).toBeGreaterThanOrEqual(5);
    expect((await adminList('overdue=true&priority=high')).length).toBeGreaterThanOrEqual(2);
    // Ages spread over days: the inbox and the charts have a history.
    const ages = all.map((ticket) => Date.now() - Date.parse(ticket.createdAt));
    expect(Math.max(...ages)).toBeGreaterThan(3 * 86_400_000);
    expect(Math.min(...ages)).toBeLessThan(3_600_000);

    const stats = AdminStats.parse(await (await app.request('/v1/admin/stats', as(OPERATOR_TOKEN))).json());
    expect(stats.csat.count).toBeGreaterThanOrEqual(6);
    expect(stats.csat.average).toBeGreaterThan(1);
    expect(stats.csat.average).toBeLessThan(5);
    expect(stats.reopenRate).toBeGreaterThan(0);
    expect(stats.firstResponse.p50Minutes).not.toBeNull();
    expect(stats.byDay.length).toBeGreaterThanOrEqual(4);
  });

  it('adds nothing when run again', async () => {
    expect(await seed()).toEqual([]);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from './app/app';
import { parseConfig } from './config';
import { createDomain } from './domain/context';
import { silentLogger } from './logger';
import { DEMO_REPORTER_SECRET, seedDemo } from './seed';
import { createSqliteStore } from './store/sqlite';

const OPERATOR_TOKEN = 'seed-test-operator-token';

describe('seedDemo', () => {
  const store = createSqliteStore({ memory: true });
  afterAll(() => store.close());
  const config = parseConfig({ operatorTokens: [OPERATOR_TOKEN] });
  const app = createApp({ store, config, logger: silentLogger });
  const seed = () => seedDemo(createDomain({ store, config, now: () => new Date() }));
  const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('gives the demo reporter tickets with replies but no unread badge', async () => {
    const ids = await seed();
    expect(ids).toHaveLength(5);

    const list = await app.request('/v1/tickets', as(DEMO_REPORTER_SECRET));
    const { items } = (await list.json()) as { items: { id: string; unread: number }[] };
    expect(items.map((item) => item.id).sort()).toEqual([...ids].sort());
    expect(items.map((item) => item.unread)).toEqual(items.map(() => 0));

    // The replies are still on the tickets, for the tracker and the operators.
    const replies = await Promise.all(
      ids.map(async (id) => {
        const detail = await app.request(`/v1/admin/tickets/${id}`, as(OPERATOR_TOKEN));
        const { timeline } = (await detail.json()) as { timeline: { type: string; actor: { type: string } }[] };
        return timeline.filter((event) => event.type === 'message' && event.actor.type === 'operator').length;
      }),
    );
    expect(replies.reduce((sum, count) => sum + count, 0)).toBe(2);
  });

  it('adds nothing when run again', async () => {
    expect(await seed()).toEqual([]);
  });
});

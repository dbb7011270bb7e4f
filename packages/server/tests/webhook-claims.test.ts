import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../src/store/postgres';
import { createSqliteStore } from '../src/store/sqlite';
import type { Store, WebhookDeliveryRecord } from '../src/store/store';
import type { OpenStore, StoreLocation } from './support/harness';
import { POSTGRES_HINT } from './support/postgres';
import { postgresStores } from './support/postgres-stores';
import { tempSqliteStores } from './support/sqlite';

/**
 * The outbox's claim straight on the stores: two store instances (two connection pools, as
 * two server processes have) over one database, several claimers each, racing for the same
 * due deliveries. Every delivery must be claimed by exactly one of them.
 */
const sqlite = tempSqliteStores();
const postgres = await postgresStores();
if (!postgres) console.warn(`Skipping the webhook claim race on PostgreSQL. ${POSTGRES_HINT}`);
afterAll(async () => {
  sqlite.cleanup();
  await postgres?.cleanup();
});

const second = (location: StoreLocation): Store =>
  'databaseUrl' in location ? createPostgresStore({ connectionString: location.databaseUrl }) : createSqliteStore({ dataDir: location.dataDir });

function delivery(index: number, at: string): WebhookDeliveryRecord {
  const id = `wh_race${String(index).padStart(5, '0')}`;
  return { id, endpoint: 'http://127.0.0.1:9/h', event: 'ticket.created', ticketId: null, body: `{"id":"${id}"}`, status: 'pending', attempts: 0, nextAttemptAt: at, lastError: null, lastStatus: null, createdAt: at, deliveredAt: null };
}

function claimRace(name: string, open: OpenStore) {
  it(`${name}: concurrent claimers on two store instances never take one delivery twice; a lease holds until it runs out; pruning keeps pending ones`, async () => {
    const { store, location } = await open();
    const other = second(location);
    try {
      const now = new Date('2026-03-01T08:00:00.000Z');
      const rows = Array.from({ length: 300 }, (_, index) => delivery(index, now.toISOString()));
      await store.enqueueWebhookDeliveries(rows);
      const leaseUntil = new Date(now.getTime() + 60_000).toISOString();
      const taken = new Map<string, string[]>();
      const claimer = async (instance: Store, claimant: string) => {
        for (;;) {
          const batch = await instance.claimWebhookDeliveries({ now: now.toISOString(), leaseUntil, claimant, limit: 7 });
          if (batch.length === 0) return;
          for (const row of batch) taken.set(row.id, [...(taken.get(row.id) ?? []), claimant]);
        }
      };
      await Promise.all([store, other].flatMap((instance, i) => [0, 1, 2, 3].map((j) => claimer(instance, `c${i}${j}`))));
      expect(taken.size).toBe(300);
      expect([...taken.values()].filter((claimants) => claimants.length > 1)).toEqual([]);
      // Both instances got work.
      const claimants = [...taken.values()].map(([claimant]) => claimant!.slice(0, 2));
      expect(new Set(claimants)).toEqual(new Set(['c0', 'c1']));

      // Held until the lease runs out; then due again for anyone. Only the holder records the outcome.
      const [first] = rows;
      const holder = taken.get(first!.id)![0]!;
      expect(await other.claimWebhookDeliveries({ now: new Date(now.getTime() + 59_000).toISOString(), leaseUntil, claimant: 'late', limit: 1000 })).toEqual([]);
      const result = { status: 'delivered' as const, attempts: 1, nextAttemptAt: now.toISOString(), lastError: null, lastStatus: 200, deliveredAt: now.toISOString() };
      expect(await other.finishWebhookDelivery(first!.id, 'someone-else', result)).toBe(false);
      expect(await other.finishWebhookDelivery(first!.id, holder, result)).toBe(true);
      const expired = await other.claimWebhookDeliveries({ now: new Date(now.getTime() + 61_000).toISOString(), leaseUntil: new Date(now.getTime() + 120_000).toISOString(), claimant: 'late', limit: 1000 });
      expect(expired).toHaveLength(299);
      expect(expired.map((row) => row.id)).not.toContain(first!.id);
      const log = await store.listWebhookDeliveries({ status: 'delivered' }, { limit: 10 });
      expect(log.items.map((row) => [row.id, row.attempts, row.lastStatus])).toEqual([[first!.id, 1, 200]]);

      // Pruning the log removes finished deliveries written before the cut, never pending ones.
      expect(await other.pruneWebhookDeliveries(now.toISOString())).toBe(0);
      expect(await other.pruneWebhookDeliveries(new Date(now.getTime() + 1).toISOString())).toBe(1);
      expect((await store.listWebhookDeliveries({}, { limit: 1000 })).items).toHaveLength(299);
    } finally {
      await other.close();
      await store.close();
    }
  });
}

describe('webhook outbox claims', () => {
  claimRace('sqlite', sqlite.open);
  describe.skipIf(!postgres)('postgres', () => {
    if (postgres) claimRace('postgres', postgres.open);
  });
});

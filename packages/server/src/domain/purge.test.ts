import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { createSqliteStore } from '../store/sqlite';
import { purge, startPurgeTimer } from './purge';

const upload = (store: ReturnType<typeof createSqliteStore>, id: string, createdAt: string) =>
  store.putAttachment({ id, reporterId: 'r', contentType: 'image/png', size: 1, createdAt, ticketId: null }, new Uint8Array(1));

describe('purge', () => {
  it('deletes uploads older than the grace period and leaves tickets alone while retention is off', async () => {
    const store = createSqliteStore({ memory: true });
    await store.migrate();
    await upload(store, 'at_old', '2026-03-01T00:00:00.000Z');
    await upload(store, 'at_new', '2026-03-01T23:00:00.000Z');
    const result = await purge(store, parseConfig({ uploads: { graceHours: 12 } }), new Date('2026-03-02T00:00:00.000Z'));
    expect(result).toEqual({ unattachedAttachments: 1, tickets: null });
    expect((await store.getAttachmentRecords(['at_old', 'at_new'])).map((record) => record.id)).toEqual(['at_new']);
    await store.close();
  });

  it('runs on its interval, logs a failure and tries again; an interval of 0 never runs', async () => {
    const store = createSqliteStore({ memory: true });
    await store.migrate();
    await store.close(); // every purge now fails
    const logs: { level: string; message: string; fields: unknown }[] = [];
    const logger = { log: (level: string, message: string, fields?: unknown) => void logs.push({ level, message, fields }) };
    const never = startPurgeTimer(store, parseConfig({ purgeIntervalSeconds: 0 }), () => new Date(), logger);
    const timer = startPurgeTimer(store, parseConfig({ purgeIntervalSeconds: 0.05 }), () => new Date(), logger);
    await expect.poll(() => logs.filter((line) => line.message === 'purge failed').length).toBeGreaterThanOrEqual(2);
    expect(logs[0]).toMatchObject({ level: 'error', fields: { error: expect.any(String) } });
    await Promise.all([timer.stop(), never.stop()]);
    const count = logs.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(logs).toHaveLength(count);
  });
});

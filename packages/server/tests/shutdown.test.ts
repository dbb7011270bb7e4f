import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/store/sqlite';
import { Client, IMAGES, OPERATOR_TOKEN, newReporterSecret, startTestServer, streamRequest } from './support/harness';
import { tempSqliteStores } from './support/sqlite';

const sqlite = tempSqliteStores();
afterAll(sqlite.cleanup);

/** Splits bytes into `count` chunks. */
const chunksOf = (bytes: Uint8Array, count: number) => {
  const size = Math.ceil(bytes.byteLength / count);
  return Array.from({ length: count }, (_, i) => bytes.slice(i * size, (i + 1) * size));
};

describe('graceful shutdown', () => {
  it('answers a waiting change-feed long poll at once instead of waiting for it', async () => {
    // A drain that would wait for the 30 s poll: the test's own timeout would end first.
    const server = await startTestServer(sqlite.open, { shutdownTimeoutMs: 60_000 });
    const operator = new Client(server.url, OPERATOR_TOKEN);
    const { cursor } = (await operator.get('/v1/admin/changes')).body as { cursor: string };
    const waiting = operator.get(`/v1/admin/changes?after=${cursor}&wait=30`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const closing = server.close();
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ items: [], cursor, more: false });
    await closing;
  }, 20_000);

  it('lets an in-flight request finish, refuses new ones, and keeps what it accepted', async () => {
    const server = await startTestServer(sqlite.open);
    const location = server.location as { dataDir: string };
    const secret = newReporterSecret();
    let closing: Promise<void> | undefined;
    // A slow upload: the first bytes arrive, then shutdown starts, then the rest trickles in.
    const upload = streamRequest(`${server.url}/v1/attachments`, {
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'image/png', 'content-length': String(IMAGES.png.byteLength) },
      chunks: chunksOf(IMAGES.png, 5),
      delayMs: 150,
      onFirstChunk: () => {
        setTimeout(() => (closing = server.close()), 50);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closing).toBeDefined();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow(); // no longer accepting

    const answer = await upload;
    expect(answer.status).toBe(201);
    const { id } = JSON.parse(answer.text) as { id: string };
    await closing;

    const reopened = createSqliteStore({ dataDir: location.dataDir });
    try {
      const stored = await reopened.getAttachment(id);
      expect(stored?.bytes).toEqual(IMAGES.png);
    } finally {
      await reopened.close();
    }
  });

  it('cuts requests that outlast the shutdown timeout', async () => {
    const server = await startTestServer(sqlite.open, { shutdownTimeoutMs: 300 });
    const stuck = streamRequest(`${server.url}/v1/attachments`, {
      headers: { authorization: `Bearer ${newReporterSecret()}`, 'content-type': 'image/png', 'content-length': '1000' },
      chunks: [IMAGES.png],
      delayMs: 5_000, // never sends the rest in time
    }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await stuck).toBeInstanceOf(Error);
  });
});

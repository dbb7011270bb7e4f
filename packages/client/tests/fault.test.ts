import { DEFAULT_FORM } from '@fankui/core';
/**
 * The fault test: the queue's promises under a hostile network. Several devices submit
 * ≥ 500 items through a proxy that drops, delays, fails and loses answers after the server
 * committed, while their clients are restarted at random points (mid-flush, and sometimes
 * mid-submit). In the end every submission is on the server exactly once, nothing is left
 * queued, and every rejection is one we made invalid on purpose.
 *
 * Seeded: the seed is printed; `SEED=<n>` reproduces the same fault sequence.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient, memoryNetwork, memoryStorage, type Client } from '../src/index';
import { createKyTransport } from '../src/ky';
import { KEYS } from '../src/storage-keys';
import { seededRandom, startFaultProxy, type FaultProxy } from './support/fault-proxy';
import { startTestServer, type TestServer } from './support/server';

const SEED = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
const TOTAL = 520;
const DEVICES = 4;
const DEADLINE_MS = 50_000;

let server: TestServer;
let proxy: FaultProxy;
const random = seededRandom(SEED);

beforeAll(async () => {
  console.log(`fault test seed: ${SEED} (reproduce with SEED=${SEED})`);
  server = await startTestServer({ rateLimit: { enabled: false } });
  proxy = await startFaultProxy(server.url, seededRandom(SEED ^ 0x5bd1e995));
});
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

interface Device {
  data: Map<string, string>;
  network: ReturnType<typeof memoryNetwork>;
  client: Client | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;

it(`delivers ${TOTAL} submissions exactly once through drops, delays, errors, lost answers and restarts`, async () => {
  const started = Date.now();
  const devices: Device[] = Array.from({ length: DEVICES }, () => ({ data: new Map(), network: memoryNetwork({ online: true }), client: undefined }));
  const markerOf = new Map<string, string>(); // local id → marker, for every submit that resolved
  const delivered = new Set<string>(); // markers whose submit resolved: must reach the server exactly once
  const maybe = new Set<string>(); // cut by a restart mid-submit: at most once
  const invalid = new Set<string>(); // made invalid on purpose: must be rejected, never stored
  const rejected: string[] = [];
  const dropped: string[] = [];
  let restarts = 0;

  const start = (device: Device) => {
    const client = createClient({
      endpoint: proxy.url,
      form: DEFAULT_FORM,
      transport: createKyTransport(),
      storage: memoryStorage({ data: device.data }),
      network: device.network,
      platform: 'node',
      timeoutMs: 400,
      // Small batches: more requests, so more of them meet a fault.
      queue: { retry: { startMs: 20, capMs: 300 }, batchMaxItems: 2 + Math.floor(random() * 7) },
    });
    client.on('rejected', ({ localId }) => rejected.push(localId));
    client.on('dropped', ({ localId }) => dropped.push(localId));
    device.client = client;
    return client;
  };
  const restart = (device: Device) => {
    device.client?.close();
    restarts++;
    return start(device);
  };

  for (let n = 0; n < TOTAL; n++) {
    const device = pick(devices);
    const client = device.client ?? start(device);
    const marker = `fault-${n}`;
    const bad = random() < 0.04;
    const answers = bad
      ? { category: 'no_such_category', description: `${marker} 无效的分类` }
      : { category: 'payment', subtypes: ['payment_failed'], description: `${marker} 支付失败但是被扣款了` };
    const roll = random();
    if (!bad && roll < 0.04) {
      // Killed while submitting: the submit may or may not have become durable.
      const submitting = client.submit(answers);
      for (let ticks = Math.floor(random() * 8); ticks > 0; ticks--) await Promise.resolve();
      restart(device);
      await submitting.then(
        ({ localId }) => (markerOf.set(localId, marker), delivered.add(marker)),
        () => maybe.add(marker),
      );
      continue;
    }
    const { localId } = await client.submit(answers);
    markerOf.set(localId, marker);
    (bad ? invalid : delivered).add(marker);
    if (roll < 0.12) restart(device); // at a random point of whatever flush is in flight
    else if (roll < 0.16) device.network.set({ online: !(await device.network.current()).online });
    else if (roll < 0.6) await sleep(random() * 30); // let flushes meet the proxy
  }

  // The network heals; every device comes back online and drains.
  proxy.heal();
  for (const device of devices) {
    device.network.set({ online: true });
    device.client ??= start(device);
  }
  const pending = () => devices.reduce((sum, device) => sum + (device.client?.status().pending ?? 0), 0);
  while (pending() > 0 && Date.now() - started < DEADLINE_MS) {
    await Promise.all(devices.map((device) => device.client!.flush()));
    if (pending() > 0) await sleep(100);
  }
  devices.forEach((device) => device.client!.close());

  console.log(`fault test: ${TOTAL} submissions, ${restarts} restarts, faults ${JSON.stringify(proxy.stats)}, ${Date.now() - started} ms`);
  expect(delivered.size + invalid.size + maybe.size).toBe(TOTAL);
  for (const fault of ['drop', 'error', 'lose', 'delay'] as const) expect(proxy.stats[fault], fault).toBeGreaterThanOrEqual(3);

  // Nothing remains queued on any device.
  for (const device of devices) {
    expect([...device.data.keys()].filter((key) => key.startsWith(KEYS.itemPrefix))).toEqual([]);
    expect(JSON.parse(device.data.get(KEYS.index) ?? '[]')).toEqual([]);
  }

  // Every submission is on the server exactly once; nothing invalid is.
  const tickets = await server.allTickets();
  const count = new Map<string, number>();
  for (const ticket of tickets) {
    const marker = /^fault-\d+/.exec(ticket.summary)?.[0] ?? ticket.summary;
    count.set(marker, (count.get(marker) ?? 0) + 1);
  }
  expect(new Set(tickets.map((ticket) => ticket.clientId)).size).toBe(tickets.length);
  for (const marker of delivered) expect(count.get(marker), marker).toBe(1);
  for (const marker of maybe) expect(count.get(marker) ?? 0, marker).toBeLessThanOrEqual(1);
  for (const marker of invalid) expect(count.has(marker), marker).toBe(false);
  expect(tickets.length).toBe(delivered.size + [...maybe].filter((marker) => count.has(marker)).length);

  // Every rejection is one we made invalid on purpose, and each of those was rejected; nothing was dropped.
  expect(rejected.map((localId) => markerOf.get(localId)).sort()).toEqual([...invalid].sort());
  expect(dropped).toEqual([]);
  expect(Date.now() - started).toBeLessThan(60_000);
}, 90_000);

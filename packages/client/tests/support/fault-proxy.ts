/**
 * A loopback HTTP proxy that misbehaves on purpose, for the fault test. In front of the real
 * server it drops connections before forwarding, answers 500/503/429 itself (with
 * `Retry-After`), delays requests past the client's timeout (the server still commits), and
 * forwards but then cuts the connection instead of answering (the server committed; the
 * client never hears). Every decision comes from the seeded `random`, one draw per request.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'drop' | 'error' | 'lose' | 'delay' | 'pass';

export interface FaultProxy {
  url: string;
  /** How many requests met each fault. */
  stats: Record<Fault, number>;
  /** From now on, forward everything faithfully. */
  heal(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'];

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(target: string, random: () => number): Promise<FaultProxy> {
  const stats: Record<Fault, number> = { drop: 0, error: 0, lose: 0, delay: 0, pass: 0 };
  let healthy = false;

  const forward = async (request: IncomingMessage, body: Buffer) => {
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.includes(name))) as Record<string, string>;
    const response = await fetch(target + request.url, { method: request.method, headers, body: body.byteLength ? body : undefined });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) };
  };

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const roll = healthy ? 1 : random();
    const fault: Fault = roll < 0.1 ? 'drop' : roll < 0.22 ? 'error' : roll < 0.34 ? 'lose' : roll < 0.46 ? 'delay' : 'pass';
    stats[fault]++;
    try {
      if (fault === 'drop') return void request.socket.destroy();
      if (fault === 'error') {
        const status = [500, 503, 429][Math.floor(random() * 3)]!;
        const retryAfter = status === 500 ? {} : { 'retry-after': random() < 0.8 ? '0' : '1' };
        response.writeHead(status, { 'content-type': 'application/json', ...retryAfter });
        return void response.end(JSON.stringify({ error: { code: status === 429 ? 'rate_limited' : 'internal', message: 'injected by the fault proxy' } }));
      }
      if (fault === 'delay') await new Promise((resolve) => setTimeout(resolve, 50 + random() * 550));
      const answer = await forward(request, body);
      if (fault === 'lose') return void request.socket.destroy(); // the server committed; the answer is lost
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.includes(name)));
      response.writeHead(answer.status, headers);
      response.end(answer.body);
    } catch {
      request.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    heal: () => void (healthy = true),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small seeded PRNG (mulberry32): the same seed, the same faults. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

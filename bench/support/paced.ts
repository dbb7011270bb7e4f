/**
 * An open-loop load generator: requests leave on a fixed schedule (`rate` per second,
 * evenly spaced, checked every millisecond) whether or not earlier ones have been answered,
 * and each latency is measured from the request's SCHEDULED start, so a server that falls
 * behind shows it in the percentiles (no coordinated omission).
 *
 * Why not autocannon's `overallRate` alone: autocannon limits each connection to a quota per
 * second and sends that quota back to back at the start of every second, so "half the
 * maximum rate" is a burst at full concurrency followed by idleness; and its coordinated-
 * omission correction uses an expected interval of ceil(1 / rate) = 1 ms. Both figures are
 * printed; this one is the latency a steady stream of clients sees.
 */
import { Agent, request } from 'node:http';

export interface PacedOptions {
  url: string;
  path: string;
  /** Requests per second. */
  rate: number;
  durationSeconds: number;
  body: () => string;
  authorization: () => string;
  /** Answered requests' bodies, e.g. to count accepted items. */
  onBody?: (body: string) => void;
  /** Requests allowed in flight before new ones are counted as dropped. Default 256. */
  maxInFlight?: number;
  /** Seconds after the last scheduled request to wait for answers; the rest count as failed. Default 5. */
  drainSeconds?: number;
}

export interface PacedResult {
  scheduled: number;
  ok: number;
  failed: number;
  dropped: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!);

export function paced(options: PacedOptions): Promise<PacedResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const total = Math.floor(options.rate * options.durationSeconds);
  const latencies = new Float64Array(total);
  const maxInFlight = options.maxInFlight ?? 256;
  let scheduled = 0;
  let answered = 0;
  let ok = 0;
  let failed = 0;
  let dropped = 0;
  let inFlight = 0;
  let sequence = 0;
  const pending = new Map<number, number>();
  const start = performance.now();

  return new Promise((resolve) => {
    let done = false;
    let deadline: NodeJS.Timeout | undefined;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      // Unanswered requests count as failed, with the time they have waited as their latency.
      const now = performance.now();
      for (const at of pending.values()) latencies[answered++] = now - at;
      failed += pending.size;
      agent.destroy();
      const sorted = latencies.subarray(0, answered).sort();
      resolve({
        scheduled,
        ok,
        failed,
        dropped,
        seconds: (performance.now() - start) / 1000,
        p50: percentile(sorted, 50),
        p90: percentile(sorted, 90),
        p99: percentile(sorted, 99),
        max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
      });
    };
    const settle = (key: number, at: number, success: boolean) => {
      if (done || !pending.delete(key)) return;
      latencies[answered++] = performance.now() - at;
      if (success) ok += 1;
      else failed += 1;
      inFlight -= 1;
      if (scheduled === total && inFlight === 0) finish();
    };
    const fire = (at: number) => {
      if (inFlight >= maxInFlight) {
        dropped += 1;
        return;
      }
      inFlight += 1;
      const key = sequence++;
      pending.set(key, at);
      const body = options.body();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: 'POST',
          path: options.path,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: options.authorization() },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const success = res.statusCode === 200;
            if (success) options.onBody?.(text);
            settle(key, at, success);
          });
          res.on('error', () => settle(key, at, false));
        },
      );
      req.on('error', () => settle(key, at, false));
      req.end(body);
    };
    const interval = 1000 / options.rate;
    const tick = () => {
      const elapsed = performance.now() - start;
      const due = Math.min(total, Math.floor(elapsed / interval) + 1);
      while (scheduled < due) {
        fire(start + scheduled * interval);
        scheduled += 1;
      }
      if (scheduled < total) setTimeout(tick, 1);
      else if (inFlight === 0) finish();
      else deadline = setTimeout(finish, (options.drainSeconds ?? 5) * 1000);
    };
    tick();
  });
}

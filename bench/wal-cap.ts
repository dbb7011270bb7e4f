/**
 * The embedded store's WAL cap under sustained writes: how big the WAL gets, and how long
 * writes stall while the checkpoint the cap forces (TRUNCATE) runs. Not a test: it prints
 * figures (see docs/benchmarks.md).
 *
 *   npx tsx bench/wal-cap.ts                                   # 30 s per run: cap 256 MiB, then no cap
 *   BENCH_SECONDS=60 BENCH_WAL_CAP_MIB=64,256,0 BENCH_GROUP=32 npx tsx bench/wal-cap.ts
 *
 * Load: `createTicket` in groups of BENCH_GROUP (default 10) tickets per turn of the event
 * loop, one group after another with no pause (the most a single process can write), on a
 * file store with the server's settings. Every commit's latency is recorded with the WAL
 * file's size after it. A forced checkpoint shows as the WAL shrinking from above the cap;
 * its stall is the slowest commit among the three that end around it (the commit that
 * waited for the checkpoint's lock ends just after the WAL was emptied). Commits are
 * synchronous in the store's thread, so a commit's latency is also how long the event loop
 * (every request of the server) waited.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_FILE_NAME, createSqliteStore } from '../packages/server/src/store/sqlite';
import { newId } from '../packages/server/src/ids';
import { openingEvents, ticketRecord } from '../packages/server/tests/support/tickets';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const GROUP = Number(process.env.BENCH_GROUP ?? 10);
const CAPS_MIB = (process.env.BENCH_WAL_CAP_MIB ?? '256,0').split(',').map(Number);
const MIB = 1024 * 1024;

const newTicket = () => {
  const ticket = ticketRecord({ id: newId('tk'), clientId: crypto.randomUUID(), createdAt: new Date().toISOString(), status: 'acknowledged', keywords: ['扣款'] });
  return { ticket, events: openingEvents(ticket) };
};
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
const ms = (value: number) => value.toFixed(1);

console.log(`WAL cap under sustained writes: ${SECONDS} s per run, groups of ${GROUP} tickets back to back, synchronous NORMAL, checkpoint every 1 s`);
for (const capMiB of CAPS_MIB) {
  const dir = mkdtempSync(join(tmpdir(), 'fankui-wal-cap-'));
  const store = createSqliteStore({ dataDir: dir, walCapBytes: capMiB * MIB });
  const wal = join(dir, `${SQLITE_FILE_NAME}-wal`);
  const latencies: number[] = [];
  const sizes: number[] = [];
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    const work = Array.from({ length: GROUP }, newTicket);
    const begin = performance.now();
    await Promise.all(work.map(({ ticket, events }) => store.createTicket(ticket, events)));
    latencies.push(performance.now() - begin);
    sizes.push(statSync(wal).size);
  }
  const seconds = (performance.now() - started) / 1000;
  const forced: { from: number; stall: number }[] = [];
  const near = new Set<number>();
  for (let i = 1; i < sizes.length; i += 1) {
    if (capMiB > 0 && sizes[i - 1]! > capMiB * MIB && sizes[i]! < sizes[i - 1]! / 2) {
      const around = [i - 1, i, i + 1].filter((index) => index < latencies.length);
      for (const index of around) near.add(index);
      forced.push({ from: sizes[i - 1]!, stall: Math.max(...around.map((index) => latencies[index]!)) });
    }
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const others = latencies.filter((_, index) => !near.has(index)).sort((a, b) => a - b);
  console.log(
    `\ncap ${capMiB === 0 ? 'off' : `${capMiB} MiB`}: ${Math.round((latencies.length * GROUP) / seconds).toLocaleString('en')} tickets/s, ` +
      `${latencies.length.toLocaleString('en')} commits; WAL peak ${(Math.max(...sizes) / MIB).toFixed(0)} MiB, at the end ${(sizes.at(-1)! / MIB).toFixed(0)} MiB`,
  );
  console.log(`  every commit: p50 ${ms(percentile(sorted, 0.5))} ms, p99 ${ms(percentile(sorted, 0.99))} ms, max ${ms(sorted.at(-1)!)} ms`);
  if (capMiB > 0) {
    console.log(
      `  forced checkpoints: ${forced.length}` +
        (forced.length ? `; stall (slowest commit around each) ${forced.map((event) => `${ms(event.stall)} ms at ${(event.from / MIB).toFixed(0)} MiB`).join(', ')}` : ''),
    );
    console.log(`  commits away from them: p99 ${ms(percentile(others, 0.99))} ms, max ${ms(others.at(-1) ?? Number.NaN)} ms`);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * What one ticket write costs the embedded store, without HTTP: CPU time per ticket and the
 * latency of each `createTicket` call, for a group-commit size and a few connection settings
 * other than the server's (to compare with; see docs/benchmarks.md).
 *
 *   npx tsx bench/store-writes.ts                      # groups of 1, 10 and 32, as the server runs
 *   BENCH_TEMP_STORE=DEFAULT npx tsx bench/store-writes.ts   # statement journals in temp files (old)
 *   BENCH_WAL_AUTOCHECKPOINT=1000 BENCH_GROUPS=1 npx tsx bench/store-writes.ts  # checkpoints in commits (old)
 *   BENCH_SQL='DROP INDEX tickets_by_category' npx tsx bench/store-writes.ts  # what a part costs
 *
 * A "group" is how many `createTicket` calls are issued in one turn of the event loop, i.e.
 * how many tickets share one transaction (the store's group commit): a server under a
 * steady trickle of single submissions writes groups of ~1, one under heavy concurrency
 * groups of tens.
 *
 * Records are built before the clock starts. "CPU" is the whole process's (the checkpoint
 * thread included); "main thread" is the event loop's busy time (`eventLoopUtilization`),
 * what the store costs the thread that serves requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../packages/server/src/store/sqlite';
import { newId } from '../packages/server/src/ids';
import { openingEvents, ticketRecord } from '../packages/server/tests/support/tickets';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 6_000);
const GROUPS = (process.env.BENCH_GROUPS ?? '1,10,32').split(',').map(Number);
const TEMP_STORE = process.env.BENCH_TEMP_STORE;
const WAL_AUTOCHECKPOINT = process.env.BENCH_WAL_AUTOCHECKPOINT;
const SYNCHRONOUS = process.env.BENCH_SYNCHRONOUS === 'full' ? 'full' : 'normal';

const newTicket = () => {
  const ticket = ticketRecord({ id: newId('tk'), clientId: crypto.randomUUID(), createdAt: new Date().toISOString(), status: 'acknowledged', keywords: ['扣款'] });
  return { ticket, events: openingEvents(ticket) };
};
type Work = ReturnType<typeof newTicket>;
const write = (store: ReturnType<typeof createSqliteStore>, work: Work[]) =>
  Promise.all(work.map(({ ticket, events }) => store.createTicket(ticket, events)));

console.log(
  `synchronous ${SYNCHRONOUS}, temp_store ${TEMP_STORE ?? 'MEMORY (the store\'s)'}, wal_autocheckpoint ${WAL_AUTOCHECKPOINT ?? '0 + background PASSIVE every second (the store\'s)'}, ` +
    `${TICKETS.toLocaleString('en')} tickets per group size`,
);
for (const group of GROUPS) {
  const dir = mkdtempSync(join(tmpdir(), 'fankui-store-writes-'));
  const store = createSqliteStore({ dataDir: dir, synchronous: SYNCHRONOUS });
  if (TEMP_STORE) store.database.pragma(`temp_store = ${TEMP_STORE}`);
  if (WAL_AUTOCHECKPOINT) store.database.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT}`);
  // Any other SQL to size a change with, e.g. BENCH_SQL='PRAGMA cache_size = -65536'.
  if (process.env.BENCH_SQL) store.database.exec(process.env.BENCH_SQL);
  for (let i = 0; i < 500; i += group) await write(store, Array.from({ length: group }, newTicket));
  const groups = Array.from({ length: Math.ceil(TICKETS / group) }, () => Array.from({ length: group }, newTicket));
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  for (const work of groups) {
    const begin = performance.now();
    await write(store, work);
    latencies.push(performance.now() - begin);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const mainMs = performance.eventLoopUtilization(loop).active;
  const written = groups.length * group;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.ceil(p * latencies.length) - 1]!.toFixed(2);
  console.log(
    `group ${String(group).padStart(2)}: ${Math.round(written / seconds).toLocaleString('en').padStart(6)} tickets/s, ` +
      `CPU per ticket ${(used.user / written).toFixed(0)} µs user + ${(used.system / written).toFixed(0)} µs system, ` +
      `main thread ${((mainMs * 1000) / written).toFixed(0)} µs; ` +
      `per commit p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

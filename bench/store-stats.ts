/**
 * How fast the embedded store answers `stats()` over a year of tickets.
 *
 *   npx tsx bench/store-stats.ts            # 1,000,000 tickets in memory
 *   BENCH_TICKETS=200000 BENCH_DIR=/tmp/x npx tsx bench/store-stats.ts
 *
 * Tickets go in through `createTicket` (the real write path, derived columns and roll-ups
 * included), 10,000 per turn so the group commit makes each turn one transaction. Target:
 * each `stats()` well under one second.
 */
import { rmSync } from 'node:fs';
import { PRIORITIES } from '@fankui/core';
import { createSqliteStore } from '../packages/server/src/store/sqlite';
import type { EventRecord } from '../packages/server/src/store/store';
import { ticketRecord } from '../packages/server/tests/support/tickets';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const DIR = process.env.BENCH_DIR;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const END = Date.parse('2026-06-01T00:00:00.000Z');
const CATEGORIES = ['payment', 'account', 'crash', 'feature', 'privacy', 'content', 'suggestion', 'other'];
const KEYWORDS = ['闪退', '扣款', '支付失败', '登录', '卡顿', '白屏', '退款', '验证码', '隐私', '广告', '客服', '优惠券'];

// A fixed-seed generator: every run measures the same data.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const iso = (ms: number) => new Date(ms).toISOString();

if (DIR) rmSync(DIR, { recursive: true, force: true });
const store = createSqliteStore(DIR ? { dataDir: DIR } : { memory: true });

let started = performance.now();
let chunk: Promise<unknown>[] = [];
for (let i = 0; i < TICKETS; i += 1) {
  const created = END - Math.floor(random() * 365 * DAY_MS);
  const responded = random() < 0.8 ? created + Math.floor(random() * random() * 600 * MINUTE_MS) : null;
  const resolved = responded !== null && random() < 0.7 ? responded + Math.floor(random() * 4000 * MINUTE_MS) : null;
  const rated = resolved !== null && random() < 0.3;
  const id = `t${i.toString().padStart(8, '0')}`;
  const ticket = ticketRecord({
    id,
    clientId: `c${id}`,
    reporterId: `r${Math.floor(random() * 50_000)}`,
    status: resolved !== null ? 'resolved' : responded !== null ? 'in_progress' : 'submitted',
    priority: pick(PRIORITIES),
    category: random() < 0.05 ? null : pick(CATEGORIES),
    keywords: random() < 0.6 ? [pick(KEYWORDS), pick(KEYWORDS)] : [],
    createdAt: iso(created),
    firstRespondedAt: responded === null ? null : iso(responded),
    resolvedAt: resolved === null ? null : iso(resolved),
    ratingScore: rated ? 1 + Math.floor(random() * 5) : null,
    ratedAt: rated && resolved !== null ? iso(resolved + MINUTE_MS) : null,
    reopenCount: random() < 0.03 ? 1 : 0,
  });
  const submitted: EventRecord = {
    id: `e${id}`,
    ticketId: id,
    at: ticket.createdAt,
    actorType: 'reporter',
    actorName: null,
    type: 'submitted',
    payload: {},
    internal: false,
  };
  // Creates issued in one turn share one transaction (the store's group commit).
  chunk.push(store.createTicket(ticket, [submitted]));
  if (chunk.length === 10_000) {
    await Promise.all(chunk);
    chunk = [];
  }
}
await Promise.all(chunk);
console.log(`loaded ${TICKETS.toLocaleString('en')} tickets in ${((performance.now() - started) / 1000).toFixed(1)} s`);
store.database.pragma('optimize');

// Not midnight: real ranges end "now", so the partial days at both edges are measured too.
const nowMs = END - 5 * 3_600_000 - 17 * MINUTE_MS;
const now = iso(nowMs);
for (const days of [30, 365]) {
  const range = { from: iso(nowMs - days * DAY_MS), to: now };
  const timings: number[] = [];
  let total = 0;
  for (let run = 0; run < 5; run += 1) {
    started = performance.now();
    total = (await store.stats(range, now)).total;
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  console.log(
    `stats ${days} days (${total.toLocaleString('en')} tickets): median ${timings[2]?.toFixed(0)} ms, ` +
      `best ${timings[0]?.toFixed(0)} ms, worst ${timings[4]?.toFixed(0)} ms`,
  );
}
await store.close();
if (DIR && !process.env.BENCH_KEEP) rmSync(DIR, { recursive: true, force: true });

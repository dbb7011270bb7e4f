/**
 * Flushing a full offline queue: 1,000 submissions of the default 反馈与投诉 form (a
 * ~200-character Chinese description each) are queued while offline, then a new client
 * over the same storage comes online and delivers them over real HTTP on 127.0.0.1 to the
 * reference server (embedded store, in a temp directory). Storage is one file per key,
 * rewritten whole on every write, like a phone's file-backed `wx` storage.
 *
 *   npx tsx bench/queue-flush.ts
 *   BENCH_SUBMISSIONS=2000 npx tsx bench/queue-flush.ts
 *
 * Targets (docs/benchmarks.md, design "Budgets"): flush < 5 s, bytes written to storage
 * during the flush ≤ 3× the bytes queued.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FORM } from '@fankui/core';
import { createClient, memoryNetwork } from '../packages/client/src/index';
import { createKyTransport } from '../packages/client/src/ky';
import { startTestServer } from '../packages/client/tests/support/server';
import { fileStorage } from './support/file-storage';

const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 1_000);

/** ~200 characters, as a reporter types them: what happened, when, what they want. */
const DESCRIPTION =
  '昨天晚上八点左右在订单详情页点击支付，页面提示支付失败，但是银行卡已经被扣款一百九十九元，' +
  '订单状态一直显示未支付，我重新打开小程序也没有变化。联系在线客服排队了半个小时都没有人回复，' +
  '电话也打不通。请尽快核实这笔扣款，如果订单无法恢复，请把钱原路退回到我的银行卡，谢谢。' +
  '另外希望以后支付失败的时候能及时提示是否已经扣款，避免重复付款。';

const answers = (index: number) => ({
  category: 'payment',
  subtypes: ['unexpected_charge'],
  amount: '199.00',
  transaction_time: '2026-11-22 20:15',
  description: `${DESCRIPTION}（第 ${index + 1} 次）`,
});

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const server = await startTestServer();
const storage = await fileStorage(mkdtempSync(join(tmpdir(), 'fankui-queue-flush-')));
try {
  const base = { endpoint: server.url, form: DEFAULT_FORM, transport: createKyTransport(), storage, platform: 'weapp' as const };

  // 1. Offline: queue everything (a reporter on a train).
  const offline = createClient({ ...base, network: memoryNetwork({ online: false }) });
  const queueStart = performance.now();
  for (let i = 0; i < SUBMISSIONS; i++) await offline.submit(answers(i));
  const queueMs = performance.now() - queueStart;
  offline.close();
  const queued = { ...storage.counters };
  const bytesQueued = await storage.bytesUnder('fankui:q:');
  console.log(`queued ${SUBMISSIONS} submissions in ${(queueMs / 1000).toFixed(2)} s: ${queued.writes} writes, ${kb(queued.bytesWritten)} written; ${kb(bytesQueued)} queued (${kb(bytesQueued / SUBMISSIONS)} each)`);

  // 2. Back online, a new session: the client flushes at start.
  storage.reset();
  const online = createClient({ ...base, network: memoryNetwork({ online: true }) });
  let sent = 0;
  online.on('sent', () => sent++);
  online.on('error', ({ error }) => console.error('error event:', error.code, error.message));
  const flushStart = performance.now();
  let summary = await online.flush();
  while (summary.pending > 0 && !summary.error) summary = await online.flush();
  const flushMs = performance.now() - flushStart;
  online.close();
  const { writes, bytesWritten, removes, reads, byKey } = storage.counters;
  const tickets = (await server.allTickets()).length;

  console.log(`flushed in ${(flushMs / 1000).toFixed(2)} s: ${sent} sent, ${summary.pending} pending, ${tickets} tickets at the server`);
  console.log(`storage during the flush: ${writes} writes (${kb(bytesWritten)}), ${removes} removes, ${reads} reads`);
  for (const [key, { writes: count, bytes }] of [...byKey].sort((a, b) => b[1].bytes - a[1].bytes)) console.log(`  ${key.padEnd(18)} ${String(count).padStart(6)} writes ${kb(bytes).padStart(12)}`);
  const ratio = bytesWritten / bytesQueued;
  console.log(`bytes written / bytes queued: ${ratio.toFixed(2)} (target ≤ 3)`);
  console.log(`targets: time ${flushMs < 5_000 ? 'met' : 'MISSED'} (< 5 s), bytes ${ratio <= 3 ? 'met' : 'MISSED'} (≤ 3×)`);
  if (sent !== SUBMISSIONS || tickets !== SUBMISSIONS) process.exitCode = 1;
} finally {
  await storage.destroy();
  await server.close();
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FORM } from '@fankui/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../examples/own-backend/store.js';
import { formatReport, runConformance, type ConformanceReport } from '@fankui/conformance';
import { startOwnBackend, type OwnBackendOptions, type RunningBackend } from './support/own-backend';
import { failWholeBatch, forgetClientIds, showOthersTickets, withoutConfigEtag } from './support/own-backend-broken';

/**
 * examples/own-backend against the conformance kit's reporter stage, over real HTTP on
 * 127.0.0.1: the example passes, and each deliberately broken variant of it fails the case
 * that names its mistake.
 */

const running: RunningBackend[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((backend) => backend.close()));
});

async function start(options: OwnBackendOptions = {}): Promise<RunningBackend> {
  const backend = await startOwnBackend(options);
  running.push(backend);
  return backend;
}

const outcomes = (report: ConformanceReport) => Object.fromEntries(report.results.map((result) => [result.id, result.outcome]));
const failed = (report: ConformanceReport) => report.results.filter((result) => result.outcome === 'fail').map((result) => result.id);

describe('examples/own-backend', () => {
  it('passes the reporter stage of the conformance kit', { timeout: 60_000 }, async () => {
    const backend = await start();
    const report = await runConformance({
      endpoint: backend.url,
      stages: ['reporter'],
      // "Publish" form version 2: the same store behind an app that serves the new form.
      changeForm: async () => {
        const next = await start({ store: backend.store, app: { form: { ...DEFAULT_FORM, version: DEFAULT_FORM.version + 1 } } });
        return { endpoint: next.url };
      },
    });
    expect(report.ok, formatReport(report)).toBe(true);
    expect(report.stages).toEqual(['reporter']);
    expect(report.results.length).toBeGreaterThan(10);
    // Only the throttling case may skip here (the default rate limit is not reached); it runs below.
    const skipped = report.results.filter((result) => result.outcome === 'skip').map((result) => result.id);
    expect(skipped, formatReport(report)).toEqual(['throttling.retry-after']);
    expect(outcomes(report)['idempotency.form-changed']).toBe('pass');
  });

  it('answers 429 with Retry-After when a reporter goes over its rate limit', { timeout: 60_000 }, async () => {
    const backend = await start({ app: { rateLimit: { burst: 10, perSecond: 20 } } });
    const report = await runConformance({ endpoint: backend.url, stages: ['reporter'], only: ['idempotency.concurrent', 'throttling.retry-after'] });
    expect(report.ok, formatReport(report)).toBe(true);
    expect(report.throttled.length).toBeGreaterThan(0);
    expect(report.throttled.every((seen) => seen.status === 429 && seen.retryAfter === '1')).toBe(true);
    expect(outcomes(report)).toEqual({ 'idempotency.concurrent': 'pass', 'throttling.retry-after': 'pass' });
  });

  describe('keeps what it accepted across a restart (--data)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fankui-own-backend-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('answers a resend after the restart as a duplicate of the same ticket', async () => {
      const secret = 'ab'.repeat(32);
      const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
      const submission = {
        id: '0192f1e2-7b3c-7d4e-8f90-a1b2c3d4e5f6',
        createdAt: new Date().toISOString(),
        form: { id: DEFAULT_FORM.id, version: DEFAULT_FORM.version },
        answers: { category: 'payment', description: '支付失败但是被扣款了' },
        context: { platform: 'node', sdkVersion: '0.1.0' },
        consent: { contact: false },
      };
      const post = (url: string) => fetch(`${url}/v1/submissions`, { method: 'POST', headers, body: JSON.stringify({ submissions: [submission] }) }).then((answer) => answer.json());

      const first = await start({ store: await createMemoryStore({ dir }) });
      const [accepted] = (await post(first.url)).results;
      expect(accepted).toMatchObject({ status: 'accepted', ack: { priority: 'high', message: '已收到，正在处理中，我们将在 30 分钟内回复' } });
      await first.close();
      running.splice(running.indexOf(first), 1);

      const second = await start({ store: await createMemoryStore({ dir }) });
      expect((await post(second.url)).results).toEqual([{ status: 'duplicate', id: submission.id, ticketId: accepted.ticketId }]);
      const detail = await fetch(`${second.url}/v1/tickets/${accepted.ticketId}`, { headers }).then((answer) => answer.json());
      expect(detail).toMatchObject({ id: accepted.ticketId, clientId: submission.id, status: 'acknowledged' });
      expect(detail.timeline.map((event: { type: string }) => event.type)).toEqual(['submitted', 'acknowledged']);
    });
  });
});

describe('broken variants of examples/own-backend fail the kit, naming the case', () => {
  const variants: { name: string; options: (store: Awaited<ReturnType<typeof createMemoryStore>>) => OwnBackendOptions; case: string; message: RegExp }[] = [
    {
      name: '(a) a resend answered 200 with a new ticket',
      options: () => ({ wrapStore: forgetClientIds }),
      case: 'idempotency.resend',
      message: /a repeat in the same batch was answered .*"status":"accepted"/,
    },
    {
      name: '(b) one bad item fails the whole batch with 400',
      options: () => ({ before: failWholeBatch }),
      case: 'submissions.bad-item-alone',
      message: /POST \/v1\/submissions: answered 400/,
    },
    {
      name: '(c) another reporter\'s ticket is shown',
      options: (store) => ({ store, before: showOthersTickets(store) }),
      case: 'tickets.private',
      message: /GET \/v1\/tickets\/tk_\w+ by another reporter: answered 200/,
    },
    {
      name: '(d) /v1/config without ETag',
      options: () => ({ before: withoutConfigEtag }),
      case: 'config.etag',
      message: /no ETag header/,
    },
  ];

  for (const variant of variants) {
    it(`${variant.name}: fails ${variant.case}`, { timeout: 60_000 }, async () => {
      const store = await createMemoryStore();
      const backend = await start(variant.options(store));
      const report = await runConformance({ endpoint: backend.url, stages: ['reporter'] });
      const text = formatReport(report);
      expect(report.ok, text).toBe(false);
      expect(failed(report), text).toContain(variant.case);
      const result = report.results.find((entry) => entry.id === variant.case)!;
      expect(result.failure?.message, text).toMatch(variant.message);
      // The readable report names the case and says why, next to the exchange that showed it.
      expect(text).toContain(`✗ ${variant.case} — ${result.title}`);
      expect(text).toContain(result.failure!.message);
      expect(text).toMatch(/DOES NOT CONFORM/);
    });
  }
});

import { DEFAULT_FORM } from '@fankui/core';
import { CASES, formatResult, runConformance, type ConformanceCase } from '@fankui/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server';
import { OPERATOR_TOKEN, startServerOver, startTestServer, type OpenStore, type TestServer } from './harness';

/**
 * "One suite, two uses": every case of @fankui/conformance, one `it` each, against a real
 * fankui-server over `openStore`, admin stage included. The Retry-After case runs against
 * a server with a low rate limit, so that it has 429s to check.
 *
 * @example describeConformance('sqlite', sqlite.open);
 */
export function describeConformance(name: string, openStore: OpenStore): void {
  describe(`conformance kit against fankui-server over ${name}`, () => {
    let server: TestServer;
    let throttling: TestServer;
    const restarted: RunningServer[] = [];
    beforeAll(async () => {
      server = await startTestServer(openStore);
      throttling = await startTestServer(openStore, { rateLimit: { perReporter: { burst: 4, perMinute: 120 }, perIp: { burst: 8, perMinute: 600 } } });
    });
    afterAll(async () => {
      for (const running of restarted) await running.close();
      await throttling?.close();
      await server?.close();
    });

    const runOne = async (entry: ConformanceCase, endpoint: string, only: string[]) => {
      const report = await runConformance({
        endpoint,
        operatorToken: OPERATOR_TOKEN,
        only,
        // The deployment restarts with form version 2 over the same store.
        changeForm: async () => {
          const next = await startServerOver(server, { form: { ...DEFAULT_FORM, version: DEFAULT_FORM.version + 1 } });
          restarted.push(next);
          return { endpoint: next.url };
        },
      });
      const result = report.results.find((candidate) => candidate.id === entry.id);
      expect(result, `${entry.id} did not run`).toBeDefined();
      if (result!.outcome !== 'pass') throw new Error(formatResult(result!).join('\n'));
      return report;
    };

    for (const entry of CASES) {
      if (entry.id === 'throttling.retry-after') {
        it(`${entry.id}: ${entry.title}`, async () => {
          // Enough requests from two reporters to meet the limit; the kit waits and retries.
          const report = await runOne(entry, throttling.url, ['tickets.private', 'attachments.private', entry.id]);
          expect(report.throttled.length).toBeGreaterThan(0);
          expect(report.ok, JSON.stringify(report.results, null, 2)).toBe(true);
        });
      } else {
        it(`${entry.id}: ${entry.title}`, () => runOne(entry, server.url, [entry.id]));
      }
    }
  });
}

import { afterEach, describe, expect, it } from 'vitest';
import { formatReport, runConformance, type ConformanceReport } from '@fankui/conformance';
import { FAKE_OPERATOR_TOKEN, startFakeBackend, type Breakage } from './support/fake-backend';

/**
 * The kit against a small in-memory backend: it passes as built, and each deliberately
 * broken variant fails the case that names the broken rule — so no case is a stub.
 */
const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const backend of running.splice(0)) await backend.close();
});

async function runAgainst(breakage: Breakage, only?: string[]): Promise<ConformanceReport> {
  const backend = await startFakeBackend(breakage);
  running.push(backend);
  return runConformance({ endpoint: backend.url, operatorToken: FAKE_OPERATOR_TOKEN, ...(only ? { only } : {}) });
}

const outcome = (report: ConformanceReport, id: string) => report.results.find((result) => result.id === id);

describe('the kit against a fake backend', () => {
  it('passes a backend that keeps every rule (nothing depends on fankui-server)', async () => {
    const report = await runAgainst({});
    expect(report.ok, formatReport(report)).toBe(true);
    expect(report.summary).toMatchObject({ failed: 0, skipped: 2 });
    expect(outcome(report, 'idempotency.form-changed')?.reason).toContain('changeForm');
    expect(outcome(report, 'throttling.retry-after')?.reason).toContain('no 429 or 503');
  });

  const broken: [rule: string, breakage: Breakage, failing: string, message: RegExp][] = [
    ['a resend gets a new ticket', { resendMakesNewTicket: true }, 'idempotency.resend', /repeat in the same batch was answered .*"accepted"/],
    ['concurrent copies make several tickets', { resendMakesNewTicket: true }, 'idempotency.concurrent', /20 of 20 concurrent copies were accepted/],
    ['one bad item fails the batch', { badItemFailsBatch: true }, 'submissions.bad-item-alone', /answered 400/],
    ['another reporter reads a ticket', { ticketsVisibleToAll: true }, 'tickets.private', /by another reporter: answered 200/],
    ['the list shows other reporters\' tickets', { listShowsAll: true }, 'tickets.private', /another reporter's list shows the ticket/],
    ['no ETag on the config', { noEtag: true }, 'config.etag', /no ETag header/],
    ['a weak ETag', { weakEtag: true }, 'config.etag', /not a strong entity tag/],
    ['another reporter reads an attachment', { attachmentsVisibleToAll: true }, 'attachments.private', /another reporter: answered 200/],
    ['errors without the uniform body', { plainErrors: true }, 'errors.uniform', /does not match ErrorBody: error: /],
    ['no body size cap', { noSizeCap: true }, 'limits.body-size', /answered 400/],
    ['more than 50 items taken', { noCountCap: true }, 'limits.batch-envelope', /51 items: answered 200/],
    ['a result without ticketId', { noTicketId: true }, 'submissions.accepted', /SubmissionBatchResponse: results\.0\.ticketId/],
    ['a second rating accepted', { ratingUnlimited: true }, 'lifecycle.rating', /second rating of the same resolution: answered 200/],
    ['reopen before resolve', { reopenAnytime: true }, 'lifecycle.reopen', /reopen before the ticket is resolved: answered 200/],
    ['admin routes without a token', { adminOpen: true }, 'admin.auth', /with no token: answered 200/],
    ['ids compared case-sensitively', { idsCaseSensitive: true }, 'idempotency.id-case', /same id in lower case was answered .*"accepted"/],
    ['a year-9999 createdAt accepted', { noCreatedAtBound: true }, 'submissions.created-at', /dated 30 days ahead was answered accepted/],
    ['a clock reset to 1970 refused', { refusesOldClocks: true }, 'submissions.created-at', /dated 1970-01-01 was answered rejected\/invalid_submission/],
  ];
  for (const [rule, breakage, failing, message] of broken) {
    it(`fails ${failing} when ${rule}`, async () => {
      const report = await runAgainst(breakage, [failing]);
      const result = outcome(report, failing);
      expect(result?.outcome, formatReport(report)).toBe('fail');
      expect(result?.failure?.message).toMatch(message);
      expect(report.ok).toBe(false);
      expect(formatReport(report)).toContain(`✗ ${failing}`);
    });
  }

  it('shows the request, the answer and the expectation of a failure', async () => {
    const report = await runAgainst({ ticketsVisibleToAll: true }, ['tickets.private']);
    const failure = outcome(report, 'tickets.private')!.failure!;
    expect(failure.request).toMatchObject({ method: 'GET', path: expect.stringMatching(/^\/v1\/tickets\/tk_/) });
    expect(failure.response).toMatchObject({ status: 200, body: expect.stringContaining('"clientId"') });
    expect(failure.expected).toBe('status 404');
    const text = formatReport(report);
    expect(text).toMatch(/request: {2}GET \/v1\/tickets\/tk_/);
    expect(text).toMatch(/answer: {3}200 \{"id":"tk_/);
    expect(text).toContain('expected: status 404');
    expect(text).toContain('0 passed, 1 failed, 0 skipped of 1 cases');
  });

  it('checks Retry-After when the backend throttles, and retries after it', async () => {
    const withHeader = await runAgainst({ throttleFirst: { count: 2, retryAfter: '0' } }, ['errors.uniform', 'throttling.retry-after']);
    expect(withHeader.ok, formatReport(withHeader)).toBe(true);
    expect(outcome(withHeader, 'throttling.retry-after')?.outcome).toBe('pass');
    expect(withHeader.throttled).toHaveLength(2);

    const without = await runAgainst({ throttleFirst: { count: 1, retryAfter: null } }, ['errors.uniform', 'throttling.retry-after']);
    expect(outcome(without, 'errors.uniform')?.outcome).toBe('pass');
    const result = outcome(without, 'throttling.retry-after');
    expect(result?.outcome).toBe('fail');
    expect(result?.failure?.message).toBe('a 429 came without Retry-After');
    expect(formatReport(without)).toContain('answered 429/503 1 time(s)');
  });

  it('skips the admin stage without an operator token, and runs only what --only selects', async () => {
    const backend = await startFakeBackend();
    running.push(backend);
    const report = await runConformance({ endpoint: backend.url, only: ['admin', 'lifecycle.*', 'config.etag'] });
    expect(report.results.map((result) => [result.id, result.outcome])).toEqual([
      ['config.etag', 'pass'],
      ['admin.auth', 'skip'],
      ['admin.reply', 'skip'],
      ['lifecycle.rating', 'skip'],
      ['lifecycle.reopen', 'skip'],
      ['admin.attachments', 'skip'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('uses the reporter tokens it is given, once per reporter', async () => {
    const backend = await startFakeBackend();
    running.push(backend);
    const asked: string[] = [];
    const report = await runConformance({
      endpoint: backend.url,
      only: ['tickets.private', 'submissions.foreign-id'],
      reporterToken: async (name) => {
        asked.push(name);
        return name.repeat(64); // 64 hex characters, like a secret
      },
    });
    expect(report.ok, formatReport(report)).toBe(true);
    expect(asked.sort()).toEqual(['a', 'b']);
  });

  it('reports a backend that does not answer as failures, not a crash', async () => {
    const report = await runConformance({ endpoint: 'http://127.0.0.1:9', only: ['config.etag'] });
    expect(outcome(report, 'config.etag')?.failure?.message).toMatch(/^No answer: the connection failed/);
  });
});

import { STAGES, type CaseResult, type ConformanceReport, type ExchangeRequest, type ExchangeResponse } from './types';

const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;

/**
 * The report as text: one line per case (✓ pass, ✗ fail, – skipped with its reason), the
 * exchange and the expectation under each failure, and a summary line.
 *
 * @example console.log(formatReport(await runConformance({ endpoint })));
 */
export function formatReport(report: ConformanceReport): string {
  const lines = [`Fankui protocol ${report.protocol} conformance: ${report.endpoint} (stages: ${report.stages.join(', ')})`, ''];
  for (const stage of STAGES) {
    const results = report.results.filter((result) => result.stage === stage);
    if (results.length === 0) continue;
    lines.push(`${stage} stage${stage === 'admin' ? ' (optional)' : ''}`);
    for (const result of results) lines.push(...formatResult(result));
  }
  const { total, passed, failed, skipped } = report.summary;
  if (report.throttled.length > 0) {
    lines.push('', `The backend answered 429/503 ${report.throttled.length} time(s); the kit waited and retried (Retry-After is checked by throttling.retry-after).`);
  }
  lines.push('', `${passed} passed, ${failed} failed, ${skipped} skipped of ${total} cases in ${(report.durationMs / 1000).toFixed(1)} s — ${report.ok ? 'CONFORMS' : 'DOES NOT CONFORM'}`);
  return lines.join('\n');
}

/** One case's lines. */
export function formatResult(result: CaseResult): string[] {
  const head = `  ${MARK[result.outcome]} ${result.id} — ${result.title}`;
  if (result.outcome === 'pass') return [head];
  if (result.outcome === 'skip') return [`${head}`, `      skipped: ${result.reason ?? ''}`];
  const failure = result.failure!;
  const lines = [head, `      ${failure.message}`];
  if (failure.expected) lines.push(`      expected: ${failure.expected}`);
  if (failure.request) lines.push(`      request:  ${formatRequest(failure.request)}`);
  if (failure.response) lines.push(`      answer:   ${formatResponse(failure.response)}`);
  return lines;
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');

function formatRequest(request: ExchangeRequest): string {
  return `${request.method} ${request.path}${request.body ? ` ${oneLine(request.body)}` : ''}`;
}

function formatResponse(response: ExchangeResponse): string {
  const headers = Object.entries(response.headers)
    .filter(([name]) => name !== 'content-type')
    .map(([name, value]) => `${name}: ${value}`);
  return `${response.status}${headers.length ? ` [${headers.join('; ')}]` : ''}${response.body ? ` ${oneLine(response.body)}` : ''}`;
}

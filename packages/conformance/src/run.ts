import { CASES } from './cases/index';
import { CaseFailure, CaseSkip } from './failure';
import { HttpClient } from './http';
import { reporterSecret } from './ids';
import { SubmissionFactory } from './submission';
import { STAGES, type CaseContext, type CaseResult, type ConformanceCase, type ConformanceOptions, type ConformanceReport, type ReporterName } from './types';

/**
 * Runs protocol v1's behavioural contract against a backend over real HTTP and returns
 * the report; it never throws for a failing backend (that is a failed case).
 *
 * @example
 * const report = await runConformance({ endpoint: 'http://127.0.0.1:8787', operatorToken });
 * console.log(formatReport(report));
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const stages = options.stages ?? [...STAGES];
  const http = new HttpClient(options.endpoint, options.fetch ?? fetch);
  const tokens = new Map<ReporterName, Promise<string>>();
  const mint = options.reporterToken ?? (async () => reporterSecret());
  const context: CaseContext = {
    http,
    reporter(name) {
      let token = tokens.get(name);
      if (!token) tokens.set(name, (token = mint(name)));
      return token;
    },
    operatorToken: options.operatorToken,
    submissions: new SubmissionFactory(http),
    changeForm: options.changeForm,
    throttled: http.throttled,
  };

  const results: CaseResult[] = [];
  for (const entry of selectCases(stages, options.only)) {
    const result = await runCase(entry, context);
    results.push(result);
    options.onResult?.(result);
  }
  const count = (outcome: CaseResult['outcome']) => results.filter((result) => result.outcome === outcome).length;
  const summary = { total: results.length, passed: count('pass'), failed: count('fail'), skipped: count('skip') };
  return {
    protocol: 'v1',
    endpoint: options.endpoint,
    stages,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    results,
    summary,
    ok: summary.failed === 0,
    throttled: [...http.throttled],
  };
}

/** The cases of `stages` whose id matches one of `only` (all when absent). */
export function selectCases(stages: readonly string[], only?: readonly string[]): ConformanceCase[] {
  const patterns = (only ?? []).filter((pattern) => pattern.length > 0).map(toMatcher);
  return CASES.filter((entry) => stages.includes(entry.stage) && (patterns.length === 0 || patterns.some((matches) => matches(entry.id))));
}

/** `idempotency.*` is a glob; `idempotency` matches the id itself and everything under it. */
function toMatcher(pattern: string): (id: string) => boolean {
  if (pattern.includes('*')) {
    const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return (id) => regex.test(id);
  }
  return (id) => id === pattern || id.startsWith(`${pattern}.`);
}

async function runCase(entry: ConformanceCase, context: CaseContext): Promise<CaseResult> {
  const base = { id: entry.id, stage: entry.stage, title: entry.title, proves: entry.proves };
  const started = Date.now();
  const done = (rest: Pick<CaseResult, 'outcome'> & Partial<CaseResult>): CaseResult => ({ ...base, durationMs: Date.now() - started, ...rest });
  if (entry.stage === 'admin' && context.operatorToken === undefined) {
    return done({ outcome: 'skip', reason: 'no operator token (--operator-token) given' });
  }
  try {
    await entry.run(context);
    return done({ outcome: 'pass' });
  } catch (error) {
    if (error instanceof CaseSkip) return done({ outcome: 'skip', reason: error.message });
    if (error instanceof CaseFailure) return done({ outcome: 'fail', failure: error.toDetails() });
    return done({ outcome: 'fail', failure: { message: `The case stopped: ${error instanceof Error ? error.message : String(error)}` } });
  }
}

/**
 * `@fankui/conformance` — protocol v1's behavioural contract, runnable against any backend:
 * idempotent submissions with per-item results, the config's ETag, private tickets and
 * attachments, the uniform error body, and (with an operator token) the lifecycle.
 *
 * @example
 * import { runConformance, formatReport } from '@fankui/conformance';
 * const report = await runConformance({ endpoint: 'http://127.0.0.1:8787' });
 * console.log(formatReport(report));
 */
export { runConformance, selectCases } from './run';
export { formatReport, formatResult } from './report';
export { CASES } from './cases/index';
export { CaseFailure, CaseSkip } from './failure';
export { STAGES } from './types';
export type {
  CaseContext,
  CaseFailureDetails,
  CaseOutcome,
  CaseResult,
  ConformanceCase,
  ConformanceOptions,
  ConformanceReport,
  ExchangeRequest,
  ExchangeResponse,
  ReporterName,
  Stage,
  ThrottleObservation,
} from './types';

import type { HttpClient } from './http';
import type { SubmissionFactory } from './submission';

/**
 * Protocol v1 in stages, so a backend can be built gradually: `reporter` is what the SDK
 * needs (required); `admin` is the operator API (optional, needs an operator token).
 */
export const STAGES = ['reporter', 'admin'] as const;
export type Stage = (typeof STAGES)[number];

/** Names of the reporters the kit uses; a token command is called once per name. */
export type ReporterName = 'a' | 'b';

/** What a case gets to work with; everything is built once per run. */
export interface CaseContext {
  http: HttpClient;
  /** The bearer token of reporter `name` (minted or obtained once per run). */
  reporter(name: ReporterName): Promise<string>;
  /** The operator token; admin cases only run when it is set. */
  operatorToken: string | undefined;
  /** Valid submissions for the form the backend serves. */
  submissions: SubmissionFactory;
  /** See {@link ConformanceOptions.changeForm}. */
  changeForm: ConformanceOptions['changeForm'];
  /** Every 429 / 503 the backend answered during the run so far. */
  throttled: readonly ThrottleObservation[];
}

/** One rule of the behavioural contract: data, plus the function that checks it. */
export interface ConformanceCase {
  /** Stable id, e.g. `idempotency.resend`; `--only` matches it. */
  id: string;
  stage: Stage;
  title: string;
  /** What a pass proves, in one sentence (shown in `--list` and docs). */
  proves: string;
  /** Throws `CaseFailure` (or any error) to fail, `CaseSkip` to skip. */
  run(context: CaseContext): Promise<void>;
}

/** A request as the report shows it. */
export interface ExchangeRequest {
  method: string;
  path: string;
  /** The beginning of the body, when there was one. */
  body?: string;
}

/** An answer as the report shows it. */
export interface ExchangeResponse {
  status: number;
  /** The headers that matter to the protocol (content-type, etag, retry-after…). */
  headers: Record<string, string>;
  /** The beginning of the body. */
  body: string;
}

export interface CaseFailureDetails {
  message: string;
  expected?: string;
  request?: ExchangeRequest;
  response?: ExchangeResponse;
}

export type CaseOutcome = 'pass' | 'fail' | 'skip';

export interface CaseResult {
  id: string;
  stage: Stage;
  title: string;
  proves: string;
  outcome: CaseOutcome;
  durationMs: number;
  /** Why a case was skipped. */
  reason?: string;
  failure?: CaseFailureDetails;
}

/** A 429 or 503 seen during the run. */
export interface ThrottleObservation {
  status: number;
  retryAfter: string | null;
  request: ExchangeRequest;
}

export interface ConformanceReport {
  protocol: 'v1';
  endpoint: string;
  stages: Stage[];
  startedAt: string;
  durationMs: number;
  results: CaseResult[];
  summary: { total: number; passed: number; failed: number; skipped: number };
  /** True when no case failed. */
  ok: boolean;
  throttled: ThrottleObservation[];
}

export interface ConformanceOptions {
  /** Base URL of the backend, e.g. `https://feedback.example.com` (the kit adds `/v1/…`). */
  endpoint: string;
  /** Stages to run; default both (admin cases skip without an operator token). */
  stages?: Stage[];
  /** Token for `/v1/admin/*`. */
  operatorToken?: string;
  /**
   * Where reporter tokens come from, for backends that use signed user tokens; called once
   * per reporter name (`a`, `b`). Default: fresh random 64-hex secrets, as the SDK mints.
   */
  reporterToken?: (name: ReporterName) => Promise<string>;
  /** Case id patterns (`idempotency.*`, `tickets`); default every case. */
  only?: string[];
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
  /**
   * Makes the backend serve a new form version (for the "resend after the form changed"
   * case), and returns the endpoint that now serves it when that changed. Without it that
   * case is skipped: the protocol has no route to change the form.
   */
  changeForm?: () => Promise<{ endpoint?: string } | void>;
  /** Called after each case, e.g. to print progress. */
  onResult?: (result: CaseResult) => void;
}

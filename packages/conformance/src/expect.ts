import { ErrorBody } from '@fankui/core/schema';
import { CaseFailure } from './failure';
import type { Answer } from './http';

/**
 * The kit's assertions. Each failure carries the exchange it was about, so the report can
 * show the request and the answer next to what was expected.
 */

/** What the kit needs of a zod schema (kept structural so the kit's types do not pull in zod's). */
export interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

type ErrorBodyShape = { error: { code: string; message: string; details?: unknown } };

/** Fails unless `condition` holds; `answer` is the exchange to show. */
export function check(condition: unknown, message: string, answer?: Answer, expected?: string): asserts condition {
  if (!condition) throw new CaseFailure(message, { ...(expected ? { expected } : {}), ...exchange(answer) });
}

export function expectStatus(answer: Answer, expected: number | readonly number[], what: string): void {
  const allowed = typeof expected === 'number' ? [expected] : expected;
  if (!allowed.includes(answer.status)) {
    throw new CaseFailure(`${what}: answered ${answer.status}`, { expected: `status ${allowed.join(' or ')}`, ...exchange(answer) });
  }
}

/**
 * Parses the answer's JSON body with one of core's schemas; a mismatch names every field
 * that is wrong (`results.0.ticketId: Invalid input…`).
 */
export function readBody<T>(answer: Answer, schema: Schema<T>, name: string): T {
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new CaseFailure(`The body is not JSON (expected ${name})`, { expected: `a JSON ${name}`, ...exchange(answer) });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
    throw new CaseFailure(`The body does not match ${name}: ${issues.join('; ')}`, { expected: `a body matching core's ${name} schema`, ...exchange(answer) });
  }
  return parsed.data;
}

/** A 4xx with the uniform error body `{ error: { code, message } }`, and the code when given. */
export function expectError(answer: Answer, status: number | readonly number[], code: string | readonly string[] | undefined, what: string): ErrorBodyShape {
  expectStatus(answer, status, what);
  const body = readBody(answer, ErrorBody, 'ErrorBody');
  const codes = code === undefined ? undefined : typeof code === 'string' ? [code] : code;
  if (codes && !codes.includes(body.error.code)) {
    throw new CaseFailure(`${what}: error code "${body.error.code}"`, { expected: `error code ${codes.map((c) => `"${c}"`).join(' or ')}`, ...exchange(answer) });
  }
  return body;
}

function exchange(answer: Answer | undefined) {
  return answer ? { request: answer.request, response: answer.response } : {};
}

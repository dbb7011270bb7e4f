import type { z } from 'zod';
import { toValidationIssues } from './errors';
import { Submission, SubmissionBatchEnvelope } from './submission';

export type BatchItem =
  | { ok: true; submission: z.infer<typeof Submission> }
  | { ok: false; id: string | null; issues: ReturnType<typeof toValidationIssues> };

export type ParsedBatch =
  | { ok: true; items: BatchItem[] }
  | { ok: false; issues: ReturnType<typeof toValidationIssues> };

/**
 * Reads a `POST /v1/submissions` body the way the protocol promises: the envelope must be
 * right (or the whole request is a 400), then every item is checked on its own so that one
 * bad item is rejected alone and never fails the batch.
 *
 * @example
 * const parsed = parseSubmissionBatch(await request.json());
 * if (!parsed.ok) return badRequest(parsed.issues);
 * for (const item of parsed.items) item.ok ? accept(item.submission) : reject(item.id, item.issues);
 */
export function parseSubmissionBatch(body: unknown): ParsedBatch {
  const envelope = SubmissionBatchEnvelope.safeParse(body);
  if (!envelope.success) return { ok: false, issues: toValidationIssues(envelope.error) };
  return {
    ok: true,
    items: envelope.data.submissions.map((raw): BatchItem => {
      const parsed = Submission.safeParse(raw);
      if (parsed.success) return { ok: true, submission: parsed.data };
      return { ok: false, id: readableId(raw), issues: toValidationIssues(parsed.error) };
    }),
  };
}

function readableId(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object' || !Object.prototype.hasOwnProperty.call(raw, 'id')) return null;
  const id = (raw as { id: unknown }).id;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
}

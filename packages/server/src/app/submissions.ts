import type { SubmissionResult } from '@fankui/core';
import { canonicalClientId, parseSubmissionBatch, type DeflectionCreate } from '@fankui/core/schema';
import type { z } from 'zod';
import { invalidBody } from '../errors';
import { newId } from '../ids';
import { ingestSubmission } from '../domain/ingest';
import type { RouteHandlers } from './context';

/** `POST /v1/submissions` and `POST /v1/deflections`. */
export function submissionRoutes(): RouteHandlers {
  return {
    submitBatch: {
      // Items are checked one by one so one bad item is rejected alone (parseSubmissionBatch).
      body: 'json',
      maxBodyBytes: (config) => config.limits.batchBytes,
      async handle(c, { body }, { domain }) {
        const parsed = parseSubmissionBatch(body);
        if (!parsed.ok) throw invalidBody(parsed.issues, 'The batch envelope is invalid: send { submissions: [1..50 items] }');
        const reporterId = c.get('reporterId');
        // Every item at once, so they reach the store together (one group commit for the
        // batch); results stay in item order. A repeated id waits for its earlier occurrence,
        // so a batch that holds the same id twice still gets accepted, then duplicate.
        const latest = new Map<string, Promise<SubmissionResult>>();
        const results = await Promise.all(
          parsed.items.map(async (item): Promise<SubmissionResult> => {
            if (!item.ok) {
              return { status: 'rejected', id: item.id, reason: { code: 'invalid_submission', message: 'The submission does not match the protocol', details: item.issues } };
            }
            // Ids are compared in their canonical (lower-case) form; the answer names the
            // item as the client sent it, so a client matching results by id finds it.
            const submission = { ...item.submission, id: canonicalClientId(item.submission.id) };
            const earlier = latest.get(submission.id);
            const ingest = () => ingestSubmission(domain, reporterId, submission, c.get('openid') ?? null);
            const result = earlier ? earlier.then(ingest, ingest) : ingest();
            latest.set(submission.id, result);
            return { ...(await result), id: item.submission.id };
          }),
        );
        return c.json({ results });
      },
    },
    recordDeflection: {
      // With an `id`, a resend from the same reporter is answered 204 like the first and
      // stores nothing new. The key is the reporter's own: the same id from another reporter
      // is recorded as that reporter's deflection, so the answer is 204 either way and tells
      // nothing about anyone else's (a refusal, as submissions answer, would be an oracle).
      async handle(c, { body }, { domain }) {
        const { id: clientId, articleId, category } = body as z.output<typeof DeflectionCreate>;
        await domain.store.recordDeflection({
          id: newId('df'),
          ...(clientId === undefined ? {} : { clientId: canonicalClientId(clientId) }),
          reporterId: c.get('reporterId'),
          articleId,
          category: category ?? null,
          at: domain.now().toISOString(),
        });
        return c.body(null, 204);
      },
    },
  };
}

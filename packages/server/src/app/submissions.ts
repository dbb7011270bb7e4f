import type { SubmissionResult } from '@fankui/core';
import { parseSubmissionBatch, type DeflectionCreate } from '@fankui/core/schema';
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
        const results: SubmissionResult[] = [];
        // In order, one at a time: a batch that holds the same id twice gets accepted, then duplicate.
        for (const item of parsed.items) {
          results.push(
            item.ok
              ? await ingestSubmission(domain, reporterId, item.submission)
              : { status: 'rejected', id: item.id, reason: { code: 'invalid_submission', message: 'The submission does not match the protocol', details: item.issues } },
          );
        }
        return c.json({ results });
      },
    },
    recordDeflection: {
      async handle(c, { body }, { domain }) {
        const { articleId, category } = body as z.output<typeof DeflectionCreate>;
        await domain.store.recordDeflection({ id: newId('df'), reporterId: c.get('reporterId'), articleId, category: category ?? null, at: domain.now().toISOString() });
        return c.body(null, 204);
      },
    },
  };
}

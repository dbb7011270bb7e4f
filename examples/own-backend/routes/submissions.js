import { Router } from 'express';
import { LIMITS, resolveLocale, validateAnswers } from '@fankui/core';
import { DeflectionCreate, canonicalClientId, createdAtIssue, parseSubmissionBatch } from '@fankui/core/schema';
import { jsonBody, validate } from '../body.js';
import { invalidBody } from '../errors.js';
import { openTicket } from '../domain.js';

/**
 * `POST /v1/submissions`: a batch of 1..50 queued submissions, answered with one result
 * per item, in request order. The rules the client's offline queue relies on:
 * - the item's `id` is its idempotency key: a resend (after a lost answer, a crash, or at
 *   the same time as the first copy) is `duplicate` with the SAME ticket id;
 * - one bad item is `rejected` alone, never the whole batch (only a broken envelope is 400);
 * - `rejected` means "never": the client drops the item, so only refuse what can never pass;
 * - ids are compared in lower case (UUIDs and ULIDs are case-insensitive), answers echo
 *   the id as sent.
 *
 * `POST /v1/deflections`: "已解决" on a self-help answer, recorded once per reporter and id.
 *
 * @param {import('../app.js').Services} services
 */
export function submissionRoutes({ store, config, now, reporter }) {
  const router = Router();

  router.post('/v1/submissions', reporter, jsonBody(LIMITS.batchMaxBytes), async (req, res) => {
    const batch = parseSubmissionBatch(req.body);
    if (!batch.ok) throw invalidBody(batch.issues, 'The batch envelope is invalid: send { submissions: [1..50 items] }');
    const results = [];
    // One at a time, so an id repeated within the batch is accepted, then duplicate.
    for (const item of batch.items) results.push(await submitOne(item, res.locals.reporterId));
    res.json({ results });
  });

  /** @returns {Promise<import('@fankui/core').SubmissionResult>} */
  async function submitOne(item, reporterId) {
    if (!item.ok) return rejected(item.id, 'invalid_submission', 'The submission does not match the protocol', item.issues);
    const { submission } = item;
    const clientId = canonicalClientId(submission.id);
    // Already have it? Then it is a duplicate even if today's form would refuse it: a
    // rejection would make the client drop something the backend holds.
    const existing = await store.findTicketByClientId(clientId);
    if (existing) return answerForExisting(existing, submission.id, reporterId);
    // A year-9999 time would sort first forever; a clock reset to 1970 is fine (no past bound).
    const badTime = createdAtIssue(submission.createdAt, now());
    if (badTime) return rejected(submission.id, 'invalid_submission', 'The submission does not match the protocol', [badTime]);

    const { form, sla } = config;
    if (submission.form.id !== form.id || submission.form.version !== form.version) {
      return rejected(submission.id, 'unknown_form', `Unknown form ${submission.form.id}@${submission.form.version}; this backend takes ${form.id}@${form.version}`);
    }
    const locale = resolveLocale(submission.context.locale);
    const checked = validateAnswers(form, submission, { locale });
    if (!checked.ok) return rejected(submission.id, 'invalid_answers', 'Some answers are not valid for the form', { errors: checked.errors });

    const attachments = [...new Set([...submission.attachments, ...imageAnswers(form, checked.answers)])];
    const missing = await missingAttachments(attachments, reporterId);
    if (missing.length > 0) return rejected(submission.id, 'attachment_not_found', 'Some attachments were never uploaded by this reporter', { ids: missing });

    const { ticket, ack } = openTicket({ submission, clientId, reporterId, answers: checked.answers, contact: checked.contact, attachments, locale, sla, now: now() });
    const { created, ticket: stored } = await store.insertTicket(ticket);
    // Lost a race with a concurrent copy of the same submission: it won, this is its duplicate.
    if (!created) return answerForExisting(stored, submission.id, reporterId);
    if (attachments.length > 0) await store.linkAttachments(attachments, ticket.id);
    return { status: 'accepted', id: submission.id, ticketId: ticket.id, ack };
  }

  /** @returns {import('@fankui/core').SubmissionResult} */
  function answerForExisting(ticket, id, reporterId) {
    // Ticket ids are unique across reporters; someone else's id is refused, and says nothing more.
    if (ticket.reporterId !== reporterId) return rejected(id, 'forbidden', 'This submission id belongs to another reporter');
    return { status: 'duplicate', id, ticketId: ticket.id };
  }

  /** The ids among `ids` this reporter never uploaded (someone else's upload counts as missing). */
  async function missingAttachments(ids, reporterId) {
    const missing = [];
    for (const id of ids) {
      const record = await store.getAttachmentRecord(id);
      if (!record || record.reporterId !== reporterId) missing.push(id);
    }
    return missing;
  }

  router.post('/v1/deflections', reporter, jsonBody(LIMITS.bodyMaxBytes), async (req, res) => {
    const { id, articleId, category } = validate(DeflectionCreate, req.body);
    await store.recordDeflection({ reporterId: res.locals.reporterId, clientId: id === undefined ? null : canonicalClientId(id), articleId, category: category ?? null, at: now().toISOString() });
    res.status(204).end();
  });

  return router;
}

/** @returns {import('@fankui/core').SubmissionResult} */
function rejected(id, code, message, details) {
  return { status: 'rejected', id, reason: details === undefined ? { code, message } : { code, message, details } };
}

/** Attachment ids given as answers to `images` fields. */
function imageAnswers(form, answers) {
  return form.fields.filter((field) => field.kind === 'images').flatMap((field) => (Array.isArray(answers[field.id]) ? answers[field.id] : []));
}

import { randomUUID } from 'node:crypto';
import { DEFAULT_FORM } from '@fankui/core';
import { AdminStats, ErrorBody, SubmissionBatchResponse } from '@fankui/core/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserToken } from '../../src/auth';
import {
  Client,
  OPERATOR_TOKEN,
  USER_TOKEN_SECRET,
  countTickets,
  newReporterSecret,
  paymentSubmission,
  startServerOver,
  startTestServer,
  suggestion,
  type OpenStore,
  type TestServer,
} from '../support/harness';

/** `POST /v1/submissions`: per-item results, idempotency, the acknowledgement. */
export function submissionSuite(openStore: OpenStore): void {
  describe('submissions', () => {
    let server: TestServer;
    let reporter: Client;
    beforeAll(async () => {
      server = await startTestServer(openStore);
      reporter = new Client(server.url, newReporterSecret());
    });
    afterAll(() => server.close());

    it('answers each item of a mixed batch on its own, in order', async () => {
      const good = paymentSubmission();
      const badAnswers = suggestion('短');
      const unknownForm = suggestion('希望增加夜间模式', { form: { id: 'feedback', version: 99 } });
      const answer = await reporter.post('/v1/submissions', { submissions: [good, { id: 'not-an-id', nonsense: true }, badAnswers, unknownForm] });
      expect(answer.status).toBe(200);
      const { results } = SubmissionBatchResponse.parse(answer.body);
      expect(results.map((result) => result.status)).toEqual(['accepted', 'rejected', 'rejected', 'rejected']);
      expect(results[0]).toMatchObject({ id: good.id, ack: { priority: 'high', message: '已收到，正在处理中，我们将在 30 分钟内回复' } });
      expect(results[1]).toMatchObject({ id: 'not-an-id', reason: { code: 'invalid_submission' } });
      expect(results[2]).toMatchObject({ id: badAnswers.id, reason: { code: 'invalid_answers', details: { errors: [{ field: 'description', code: 'too_short' }] } } });
      expect(results[3]).toMatchObject({ id: unknownForm.id, reason: { code: 'unknown_form' } });
    });

    it('sets the SLA from triage and keeps contact details only with consent', async () => {
      const [withConsent, withoutConsent] = await reporter.submit(
        paymentSubmission(),
        suggestion('希望增加夜间模式，晚上看着不刺眼'),
      );
      expect(withConsent.ack.priority).toBe('high');
      expect(withoutConsent.ack).toMatchObject({ priority: 'low', message: '已收到，正在处理中，我们将在 24 小时内回复' });
      const stored = await server.store.getTicket(withConsent.ticketId);
      expect(stored?.contact).toEqual({ phone: '13800138000' });
      const events = await server.store.listEvents(withConsent.ticketId, { includeInternal: true });
      expect(events.map((event) => event.type)).toEqual(['submitted', 'acknowledged']);
      const due = Date.parse(withConsent.ack.firstResponseDueAt) - Date.parse(stored!.createdAt);
      expect(due).toBe(30 * 60_000);
    });

    it('refuses contact details without consent', async () => {
      const [result] = await reporter.submit(paymentSubmission({ consent: { contact: false } }));
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'invalid_answers', details: { errors: [{ code: 'consent_required' }] } } });
    });

    it('ingests a batch together and still answers repeats in item order', async () => {
      const before = await countTickets(server.store);
      const a = paymentSubmission();
      const b = suggestion('希望增加夜间模式，晚上看着不刺眼');
      const c = paymentSubmission();
      const withAttachment = paymentSubmission({ attachments: ['at_doesnotexist'] });
      const results = await reporter.submit(a, b, a, withAttachment, c, b, a, { id: 'not-an-id' } as never, c);
      expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'duplicate', 'rejected', 'accepted', 'duplicate', 'duplicate', 'rejected', 'duplicate']);
      expect(results.map((result) => result.id)).toEqual([a.id, b.id, a.id, withAttachment.id, c.id, b.id, a.id, 'not-an-id', c.id]);
      expect(results[2]).toEqual({ status: 'duplicate', id: a.id, ticketId: results[0]!.ticketId });
      expect(results[6]).toEqual({ status: 'duplicate', id: a.id, ticketId: results[0]!.ticketId });
      expect(results[5]).toEqual({ status: 'duplicate', id: b.id, ticketId: results[1]!.ticketId });
      expect(results[8]).toEqual({ status: 'duplicate', id: c.id, ticketId: results[4]!.ticketId });
      expect(results[3]).toMatchObject({ reason: { code: 'attachment_not_found' } });
      expect(new Set([results[0]!.ticketId, results[1]!.ticketId, results[4]!.ticketId]).size).toBe(3);
      expect(await countTickets(server.store)).toBe(before + 3);
      for (const index of [0, 1, 4]) {
        const events = await server.store.listEvents(results[index]!.ticketId!, { includeInternal: true });
        expect(events.map((event) => event.type)).toEqual(['submitted', 'acknowledged']);
      }
    });

    it('answers a resend as duplicate after the active form version changed', async () => {
      const submission = paymentSubmission();
      const ticketId = await reporter.ticket(submission);
      const before = await countTickets(server.store);
      // The deployment restarts with form version 2 while the client still holds version 1's item.
      const next = await startServerOver(server, { form: { ...DEFAULT_FORM, version: 2 } });
      try {
        const sameReporter = new Client(next.url, reporter.token);
        const [resent] = await sameReporter.submit(submission);
        expect(resent).toEqual({ status: 'duplicate', id: submission.id, ticketId });
        // New items for the old version are still refused, and another reporter still cannot reuse the id.
        const [fresh] = await sameReporter.submit(paymentSubmission());
        expect(fresh).toMatchObject({ status: 'rejected', reason: { code: 'unknown_form' } });
        const [stolen] = await sameReporter.as(newReporterSecret()).submit(submission);
        expect(stolen).toMatchObject({ status: 'rejected', id: submission.id, reason: { code: 'forbidden' } });
      } finally {
        await next.close();
      }
      expect(await countTickets(server.store)).toBe(before);
      // The first server's store is still open.
      expect(await server.store.getTicket(ticketId)).not.toBeNull();
    });

    it('takes a submission id in either case as the same id', async () => {
      const before = await countTickets(server.store);
      const submission = paymentSubmission();
      const upper = submission.id.toUpperCase();
      const [first] = await reporter.submit(submission);
      expect(first).toMatchObject({ status: 'accepted', id: submission.id });
      // The resend names the item as the client sent it, so a client matching by id finds it.
      const [resent] = await reporter.submit({ ...submission, id: upper });
      expect(resent).toEqual({ status: 'duplicate', id: upper, ticketId: first.ticketId });
      // Upper case first, lower case second: the same, and one batch holding both is one ticket.
      const other = paymentSubmission({ id: randomUUID().toUpperCase() });
      const results = await reporter.submit(other, { ...other, id: other.id.toLowerCase() });
      expect(results.map((result) => [result.status, result.id])).toEqual([['accepted', other.id], ['duplicate', other.id.toLowerCase()]]);
      expect(results[1].ticketId).toBe(results[0].ticketId);
      expect(await countTickets(server.store)).toBe(before + 2);
      // Stored in the canonical form, and still the reporter's own in either case.
      expect((await server.store.getTicket(results[0].ticketId))?.clientId).toBe(other.id.toLowerCase());
      const [stolen] = await reporter.as(newReporterSecret()).submit({ ...submission, id: submission.id.toUpperCase() });
      expect(stolen).toMatchObject({ status: 'rejected', reason: { code: 'forbidden' } });
    });

    it('refuses a createdAt more than a day ahead, item by item; a clock reset to 1970 still delivers', async () => {
      const hour = 3_600_000;
      const far = paymentSubmission({ createdAt: '9999-12-31T23:59:59.999Z' });
      const tomorrowAndMore = paymentSubmission({ createdAt: new Date(Date.now() + 25 * hour).toISOString() });
      // A clock a few hours ahead, an item queued for long offline, a clock reset to 1970: delivered.
      const slightlyAhead = paymentSubmission({ createdAt: new Date(Date.now() + 23 * hour).toISOString() });
      const old = paymentSubmission({ createdAt: '2020-01-01T00:00:00.000Z' });
      const reset = paymentSubmission({ createdAt: '1970-01-01T00:00:00.000Z' });
      const results = await reporter.submit(far, tomorrowAndMore, slightlyAhead, old, reset);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'accepted', 'accepted', 'accepted']);
      for (const [index, item] of [far, tomorrowAndMore].entries()) {
        expect(results[index]).toMatchObject({
          id: item.id,
          reason: { code: 'invalid_submission', details: [{ path: 'createdAt', code: 'created_at_out_of_range' }] },
        });
      }
      expect((await server.store.getTicket(results[2].ticketId))?.submittedAt).toBe(slightlyAhead.createdAt);
    });

    it('accepts user tokens only with the canonical base64url signature', async () => {
      // A token whose signature holds - or _, so that standard base64 spells it differently.
      const token = Array.from({ length: 100 }, (_, index) => signUserToken(USER_TOKEN_SECRET, { sub: 'u_canonical', expiresInSeconds: 600 + index })).find(
        (candidate) => /[-_]/.test(candidate.split('.')[2]!),
      )!;
      const [version, payload, mac] = token.split('.') as [string, string, string];
      const standard = Buffer.from(mac, 'base64url').toString('base64');
      // 43 characters carry 258 bits for 256: flipping the unused low bit of the last one decodes alike.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const sameBytes = mac.slice(0, -1) + alphabet[alphabet.indexOf(mac.at(-1)!) ^ 1];
      expect(Buffer.from(sameBytes, 'base64url').equals(Buffer.from(mac, 'base64url'))).toBe(true);
      const variants = [`${mac}=`, `${mac}==`, `${mac}!!`, standard, standard.replace(/=+$/, ''), sameBytes];
      for (const variant of variants) {
        const answer = await reporter.as(`${version}.${payload}.${variant}`).post('/v1/submissions', { submissions: [paymentSubmission()] });
        expect(answer.status, variant).toBe(401);
      }
      const [accepted] = await reporter.as(token).submit(paymentSubmission());
      expect(accepted.status).toBe('accepted');
    });

    it('rejects attachments the reporter never uploaded', async () => {
      const [result] = await reporter.submit(paymentSubmission({ attachments: ['at_doesnotexist'] }));
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'attachment_not_found', details: { ids: ['at_doesnotexist'] } } });
    });

    it('records self-help deflections', async () => {
      const answer = await reporter.post('/v1/deflections', { articleId: 'payment_faq', category: 'payment' });
      expect(answer.status).toBe(204);
    });

    it('records a deflection resent with the same id once, and keeps the id to its reporter', async () => {
      // An explicit range that ends after the test: the default one ends at "now", exclusive,
      // and misses a deflection recorded in the same millisecond as the query.
      const day = 86_400_000;
      const range = `from=${new Date(Date.now() - day).toISOString()}&to=${new Date(Date.now() + day).toISOString()}`;
      const deflections = async () => AdminStats.parse((await reporter.as(OPERATOR_TOKEN).get(`/v1/admin/stats?${range}`)).body).deflections;
      const before = await deflections();
      const deflection = { id: paymentSubmission().id, articleId: 'payment_faq', category: 'payment' };
      const first = await reporter.post('/v1/deflections', deflection);
      const resend = await reporter.post('/v1/deflections', deflection); // the first answer was lost
      expect([first.status, resend.status]).toEqual([204, 204]);
      expect(resend.text).toBe(first.text);
      expect(await deflections()).toBe(before + 1);

      // Another reporter with the same id: answered alike, counted as its own, the first untouched.
      const other = await reporter.as(newReporterSecret()).post('/v1/deflections', { ...deflection, articleId: 'other_faq' });
      expect(other.status).toBe(204);
      expect(await deflections()).toBe(before + 2);

      // Without an id (an older client) each request counts, as before.
      await reporter.post('/v1/deflections', { articleId: 'payment_faq' });
      await reporter.post('/v1/deflections', { articleId: 'payment_faq' });
      expect(await deflections()).toBe(before + 4);
    });

    it('records a deflection resent with its id in another case once', async () => {
      const day = 86_400_000;
      const range = `from=${new Date(Date.now() - day).toISOString()}&to=${new Date(Date.now() + day).toISOString()}`;
      const deflections = async () => AdminStats.parse((await reporter.as(OPERATOR_TOKEN).get(`/v1/admin/stats?${range}`)).body).deflections;
      const before = await deflections();
      const id = randomUUID();
      expect((await reporter.post('/v1/deflections', { id, articleId: 'payment_faq' })).status).toBe(204);
      expect((await reporter.post('/v1/deflections', { id: id.toUpperCase(), articleId: 'payment_faq' })).status).toBe(204);
      expect(await deflections()).toBe(before + 1);
    });

    it('refuses a deflection id that is not a UUID or ULID', async () => {
      const answer = await reporter.post('/v1/deflections', { id: 'not-an-id', articleId: 'payment_faq' });
      expect(answer.status).toBe(400);
      expect(ErrorBody.parse(answer.body).error).toMatchObject({ code: 'invalid_body', details: [expect.objectContaining({ path: 'id', code: 'invalid_format' })] });
    });

    it('needs a reporter secret or a valid user token', async () => {
      expect((await reporter.as(undefined).post('/v1/submissions', { submissions: [paymentSubmission()] })).status).toBe(401);
      const answer = await reporter.as('not-a-secret').post('/v1/submissions', { submissions: [paymentSubmission()] });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(ErrorBody.parse(answer.body).error.code).toBe('unauthorized');
    });
  });
}

import { LIMITS } from '@fankui/core';
import { AttachmentCreated, RemoteConfig } from '@fankui/core/schema';
import { check, expectError, expectStatus, readBody } from '../expect';
import { CaseFailure, CaseSkip } from '../failure';
import { ulid, uuidv7 } from '../ids';
import type { ConformanceCase } from '../types';
import { TINY_PNG, getTicket, listTickets, newTicket, submit } from './helpers';

/** What the SDK needs from a backend: submissions, config, the reporter's tickets, attachments. */
export const REPORTER_CASES: ConformanceCase[] = [
  {
    id: 'config.etag',
    stage: 'reporter',
    title: 'GET /v1/config has a strong ETag and answers 304 to If-None-Match',
    proves: 'the client can cache the remote form and revalidate it cheaply',
    async run({ http }) {
      const first = await http.send('GET', '/v1/config');
      expectStatus(first, 200, 'GET /v1/config');
      readBody(first, RemoteConfig, 'RemoteConfig');
      const etag = first.headers.get('etag');
      check(etag !== null, 'no ETag header', first, 'an ETag header');
      check(/^"[^"]*"$/.test(etag), `ETag ${etag} is not a strong entity tag`, first, 'a strong ETag such as "abc123" (quoted, no W/)');
      const cached = await http.send('GET', '/v1/config', { headers: { 'if-none-match': etag } });
      expectStatus(cached, 304, 'GET /v1/config with If-None-Match: <its ETag>');
      check(cached.bytes.byteLength === 0, '304 with a body', cached, 'an empty 304');
      const stale = await http.send('GET', '/v1/config', { headers: { 'if-none-match': '"conformance-stale-etag"' } });
      expectStatus(stale, 200, 'GET /v1/config with If-None-Match: <another ETag>');
      readBody(stale, RemoteConfig, 'RemoteConfig');
      check(stale.headers.get('etag') === etag, `the ETag changed from ${etag} to ${stale.headers.get('etag')} with nothing changed`, stale, 'the same ETag for the same config');
    },
  },
  {
    id: 'submissions.accepted',
    stage: 'reporter',
    title: 'A valid submission is accepted with a ticket id and an acknowledgement',
    proves: 'items keyed by a UUIDv7 or a ULID become tickets the reporter can open',
    async run(context) {
      const token = await context.reporter('a');
      const items = [await context.submissions.valid({ id: uuidv7() }), await context.submissions.valid({ id: ulid() })];
      const { results, answer } = await submit(context, token, items);
      for (const [index, result] of results.entries()) {
        check(result.status === 'accepted', `item ${index} (${index === 0 ? 'UUIDv7' : 'ULID'} id) was answered "${result.status}"`, answer, '"accepted"');
      }
      const [a, b] = results.map((result) => (result as { ticketId: string }).ticketId);
      check(a !== b, 'two submissions got the same ticket id', answer, 'one ticket per submission');
      const { detail } = await getTicket(context, token, a!);
      check(detail.clientId === items[0]!.id, `the ticket's clientId is ${detail.clientId}`, undefined, `clientId ${items[0]!.id}`);
    },
  },
  {
    id: 'submissions.per-item-results',
    stage: 'reporter',
    title: 'A mixed batch gets one result per item with the documented rejection codes',
    proves: 'the client can drop exactly the items that can never be accepted, and keep the rest',
    async run(context) {
      const token = await context.reporter('a');
      const good = await context.submissions.valid();
      const form = await context.submissions.activeForm();
      const badAnswers = await context.submissions.invalidAnswers();
      const unknownForm = await context.submissions.valid({ form: { id: form.id, version: form.version + 1000 } });
      const missing = await context.submissions.valid({ attachments: ['at_conformance_missing'] });
      const items = [good, { id: 'not-an-id', nonsense: true }, badAnswers, unknownForm, missing];
      const { results, answer } = await submit(context, token, items);
      const expected = [
        ['accepted', undefined],
        ['rejected', 'invalid_submission'],
        ['rejected', 'invalid_answers'],
        ['rejected', 'unknown_form'],
        ['rejected', 'attachment_not_found'],
      ] as const;
      const what = ['a valid item', 'a malformed item', 'answers the form refuses', 'an unknown form version', 'an attachment never uploaded'];
      expected.forEach(([status, code], index) => {
        const result = results[index]!;
        const got = result.status === 'rejected' ? `rejected/${result.reason.code}` : result.status;
        check(result.status === status && (code === undefined || (result.status === 'rejected' && result.reason.code === code)), `${what[index]} (item ${index}) was answered ${got}`, answer, code ? `rejected with reason.code "${code}"` : status);
      });
    },
  },
  {
    id: 'submissions.bad-item-alone',
    stage: 'reporter',
    title: 'One bad item never fails the batch',
    proves: 'the good items around a bad one are stored, so one broken item cannot block a queue',
    async run(context) {
      const token = await context.reporter('a');
      const before = await context.submissions.valid();
      const after = await context.submissions.valid();
      const { results, answer } = await submit(context, token, [before, { id: uuidv7(), answers: 42 }, after]);
      check(results[0]!.status === 'accepted' && results[2]!.status === 'accepted', `the good items were answered ${results[0]!.status} and ${results[2]!.status}`, answer, 'both good items accepted');
      check(results[1]!.status === 'rejected', `the bad item was answered ${results[1]!.status}`, answer, 'the bad item rejected');
      for (const index of [0, 2]) {
        const result = results[index] as { ticketId: string };
        await getTicket(context, token, result.ticketId);
      }
    },
  },
  {
    id: 'idempotency.resend',
    stage: 'reporter',
    title: 'A resend after a lost answer is a duplicate with the same ticket',
    proves: 'the client\'s resends after crashes and timeouts never make a second ticket',
    async run(context) {
      const token = await context.reporter('a');
      const submission = await context.submissions.valid();
      const { results, answer } = await submit(context, token, [submission, submission]);
      const first = results[0]!;
      check(first.status === 'accepted', `the first copy was answered ${first.status}`, answer, 'accepted');
      const repeat = results[1]!;
      check(repeat.status === 'duplicate' && repeat.ticketId === first.ticketId, `a repeat in the same batch was answered ${JSON.stringify(repeat)}`, answer, `duplicate with ticketId ${first.ticketId}`);
      // The first answer was "lost": the client sends the same item again.
      const resent = await submit(context, token, [submission]);
      const later = resent.results[0]!;
      check(later.status === 'duplicate' && later.ticketId === first.ticketId, `the resend was answered ${JSON.stringify(later)}`, resent.answer, `duplicate with ticketId ${first.ticketId}`);
      const { list, answer: listed } = await listTickets(context, token);
      const copies = list.items.filter((item) => item.clientId === submission.id);
      check(copies.length === 1, `GET /v1/tickets lists ${copies.length} tickets for one submission`, listed, 'exactly one ticket');
    },
  },
  {
    id: 'idempotency.id-case',
    stage: 'reporter',
    title: 'Client ids are case-insensitive: the same id in other letters is a duplicate',
    proves: 'a resend whose id changed case on the way (UUIDs and ULIDs are case-insensitive) never makes a second ticket',
    async run(context) {
      const token = await context.reporter('a');
      const submission = await context.submissions.valid({ id: ulid().toUpperCase() });
      const { results, answer } = await submit(context, token, [submission]);
      const first = results[0]!;
      check(first.status === 'accepted', `an upper-case ULID was answered ${first.status}`, answer, 'accepted');
      check(first.id === submission.id, `the answer names the item ${first.id}`, answer, `the id as sent, ${submission.id}`);
      const lower = Object.assign({}, submission, { id: submission.id.toLowerCase() });
      const resent = await submit(context, token, [lower]);
      const later = resent.results[0]!;
      check(later.status === 'duplicate' && later.ticketId === first.ticketId, `the same id in lower case was answered ${JSON.stringify(later)}`, resent.answer, `duplicate with ticketId ${first.ticketId}`);
    },
  },
  {
    id: 'submissions.created-at',
    stage: 'reporter',
    title: 'createdAt more than a day ahead is rejected alone; an old device clock is not',
    proves: 'a year-9999 item cannot sort first forever, and a phone whose clock reset to 1970 still delivers what its user typed',
    async run(context) {
      const token = await context.reporter('a');
      const day = 24 * 60 * 60 * 1000;
      const ahead = await context.submissions.valid({ createdAt: new Date(Date.now() + 30 * day).toISOString() });
      const reset = await context.submissions.valid({ createdAt: '1970-01-01T00:00:00.000Z' });
      const good = await context.submissions.valid();
      const { results, answer } = await submit(context, token, [ahead, reset, good]);
      const [far, old, fine] = results as [(typeof results)[number], (typeof results)[number], (typeof results)[number]];
      check(far.status === 'rejected' && far.reason.code === 'invalid_submission', `an item dated 30 days ahead was answered ${far.status === 'rejected' ? `rejected/${far.reason.code}` : far.status}`, answer, 'rejected with reason.code "invalid_submission"');
      check(old.status === 'accepted', `an item dated 1970-01-01 was answered ${old.status === 'rejected' ? `rejected/${old.reason.code}` : old.status}`, answer, 'accepted (no past bound: the client would drop it)');
      check(fine.status === 'accepted', `the good item beside them was answered ${fine.status}`, answer, 'accepted');
    },
  },
  {
    id: 'idempotency.concurrent',
    stage: 'reporter',
    title: 'Concurrent copies of one submission make exactly one ticket',
    proves: 'two flushes racing (two tabs, a retry overlapping a slow answer) still deliver exactly once',
    async run(context) {
      const token = await context.reporter('a');
      const submission = await context.submissions.valid();
      const sent = await Promise.all(Array.from({ length: 20 }, () => submit(context, token, [submission])));
      const results = sent.map(({ results: [result] }) => result!);
      const accepted = results.filter((result) => result.status === 'accepted').length;
      const others = results.filter((result) => result.status !== 'accepted' && result.status !== 'duplicate');
      check(others.length === 0, `a copy was answered ${JSON.stringify(others[0])}`, sent[0]!.answer, 'accepted or duplicate');
      check(accepted === 1, `${accepted} of 20 concurrent copies were accepted`, sent[0]!.answer, 'exactly one accepted, the rest duplicate');
      const tickets = new Set(results.map((result) => (result as { ticketId: string }).ticketId));
      check(tickets.size === 1, `20 concurrent copies got ${tickets.size} different ticket ids`, sent[0]!.answer, 'one ticket id');
      const { list, answer } = await listTickets(context, token);
      const copies = list.items.filter((item) => item.clientId === submission.id).length;
      check(copies === 1, `GET /v1/tickets lists ${copies} tickets for one submission`, answer, 'exactly one ticket');
    },
  },
  {
    id: 'idempotency.form-changed',
    stage: 'reporter',
    title: 'A resend after the form changed is still a duplicate',
    proves: 'an item queued under the old form version is not lost or refused when the operator publishes a new one',
    async run(context) {
      if (!context.changeForm) throw new CaseSkip('needs a way to publish a new form version (--change-form-command, or runConformance\'s changeForm option); protocol v1 has no route for it');
      const token = await context.reporter('a');
      const before = await context.http.send('GET', '/v1/config');
      const oldForm = readBody(before, RemoteConfig, 'RemoteConfig').form;
      const { ticketId, submission } = await newTicket(context, token);
      const moved = await context.changeForm();
      if (moved?.endpoint) context.http.moveTo(moved.endpoint);
      context.submissions.reload();
      const after = await context.http.send('GET', '/v1/config');
      const newForm = readBody(after, RemoteConfig, 'RemoteConfig').form;
      check(newForm.version !== oldForm.version || newForm.id !== oldForm.id, `changeForm left the form at ${newForm.id} v${newForm.version}`, after, 'another form version');
      check(after.headers.get('etag') !== before.headers.get('etag'), 'the config ETag did not change with the form', after, 'a new ETag for a new form');
      const { results, answer } = await submit(context, token, [submission]);
      const resent = results[0]!;
      check(resent.status === 'duplicate' && resent.ticketId === ticketId, `the resend was answered ${JSON.stringify(resent)}`, answer, `duplicate with ticketId ${ticketId}`);
    },
  },
  {
    id: 'submissions.foreign-id',
    stage: 'reporter',
    title: 'Another reporter reusing a submission id is rejected as forbidden',
    proves: 'an idempotency key never hands one reporter\'s ticket to another',
    async run(context) {
      const [a, b] = [await context.reporter('a'), await context.reporter('b')];
      const { ticketId, submission } = await newTicket(context, a);
      const { results, answer } = await submit(context, b, [submission]);
      const result = results[0]!;
      check(result.status === 'rejected' && result.reason.code === 'forbidden', `reporter b reusing a's id was answered ${JSON.stringify(result)}`, answer, 'rejected with reason.code "forbidden"');
      const own = await context.http.send('GET', `/v1/tickets/${encodeURIComponent(ticketId)}`, { token: b });
      expectError(own, 404, 'not_found', 'the ticket behind the id, asked for by reporter b');
    },
  },
  {
    id: 'limits.batch-envelope',
    stage: 'reporter',
    title: 'A malformed envelope or more than 50 items fails the request with 400 invalid_body',
    proves: 'the client can tell a bad request (halve the batch) from a bad item',
    async run(context) {
      const token = await context.reporter('a');
      const item = await context.submissions.valid();
      const items = await Promise.all(Array.from({ length: LIMITS.batchMaxItems + 1 }, () => context.submissions.valid()));
      const bodies: [string, unknown][] = [
        [`${items.length} items`, { submissions: items }],
        ['no submissions array', {}],
        ['an empty batch', { submissions: [] }],
        ['submissions as a string', { submissions: 'x' }],
        ['an unknown key next to submissions', { submissions: [item], extra: 1 }],
        ['an array body', []],
      ];
      for (const [what, json] of bodies) {
        const answer = await context.http.send('POST', '/v1/submissions', { token, json });
        expectError(answer, 400, 'invalid_body', `a batch with ${what}`);
      }
      const { results } = await submit(context, token, [item]);
      check(results[0]!.status === 'accepted', `the item of the refused batch was then answered ${results[0]!.status}`, undefined, 'accepted: a refused request stores nothing');
    },
  },
  {
    id: 'limits.body-size',
    stage: 'reporter',
    title: 'A batch body over 1 MB is refused with 413 body_too_large',
    proves: 'the client can tell "too big, split it" from a server failure',
    async run(context) {
      const token = await context.reporter('a');
      const body = `{"submissions":[${'"x",'.repeat(Math.ceil(LIMITS.batchMaxBytes / 4) + 1000)}"x"]}`;
      const answer = await context.http.send('POST', '/v1/submissions', { token, body, headers: { 'content-type': 'application/json' } });
      expectError(answer, 413, 'body_too_large', `a ${body.length}-byte batch`);
    },
  },
  {
    id: 'tickets.private',
    stage: 'reporter',
    title: 'Tickets are visible only to their reporter; others get 404',
    proves: 'ticket ids cannot be probed: another reporter cannot read, list or act on a ticket',
    async run(context) {
      const [a, b] = [await context.reporter('a'), await context.reporter('b')];
      const { ticketId, submission } = await newTicket(context, a);
      const { detail } = await getTicket(context, a, ticketId);
      check(detail.id === ticketId && detail.clientId === submission.id, `GET /v1/tickets/${ticketId} answered ticket ${detail.id} (clientId ${detail.clientId})`, undefined, `ticket ${ticketId} with clientId ${submission.id}`);
      const own = await listTickets(context, a);
      check(own.list.items.some((item) => item.id === ticketId), 'the reporter\'s list does not show the new ticket', own.answer, `ticket ${ticketId} in the owner's list`);
      const path = `/v1/tickets/${encodeURIComponent(ticketId)}`;
      for (const [method, suffix, json] of [
        ['GET', '', undefined],
        ['POST', '/messages', { body: '我也遇到了同样的问题' }],
        ['POST', '/rating', { score: 1 }],
        ['POST', '/reopen', { reason: '想看看别人的工单' }],
      ] as const) {
        const answer = await context.http.send(method, `${path}${suffix}`, { token: b, ...(json ? { json } : {}) });
        expectError(answer, 404, 'not_found', `${method} ${path}${suffix} by another reporter`);
      }
      const others = await listTickets(context, b);
      check(!others.list.items.some((item) => item.id === ticketId), 'another reporter\'s list shows the ticket', others.answer, 'the ticket absent from other reporters\' lists');
    },
  },
  {
    id: 'attachments.private',
    stage: 'reporter',
    title: 'Attachments belong to their reporter: others can neither read nor attach them',
    proves: 'screenshots stay private, and an attachment id is no key to someone else\'s image',
    async run(context) {
      const [a, b] = [await context.reporter('a'), await context.reporter('b')];
      const upload = await context.http.send('POST', '/v1/attachments', { token: a, body: TINY_PNG, headers: { 'content-type': 'image/png' } });
      expectStatus(upload, 201, 'POST /v1/attachments with a 1×1 PNG');
      const created = readBody(upload, AttachmentCreated, 'AttachmentCreated');
      check(created.contentType === 'image/png', `the PNG was stored as ${created.contentType}`, upload, 'contentType "image/png"');
      await newTicket(context, a, await context.submissions.valid({ attachments: [created.id] }));
      const path = `/v1/attachments/${encodeURIComponent(created.id)}`;
      const mine = await context.http.send('GET', path, { token: a });
      expectStatus(mine, 200, 'GET of the attachment by its reporter');
      check((mine.headers.get('content-type') ?? '').startsWith('image/png'), `served as ${mine.headers.get('content-type')}`, mine, 'content-type image/png');
      check(mine.bytes.byteLength > 8 && mine.bytes[1] === 0x50 && mine.bytes[2] === 0x4e && mine.bytes[3] === 0x47, 'the bytes served are not a PNG', mine, 'the uploaded image');
      const theirs = await context.http.send('GET', path, { token: b });
      expectError(theirs, 404, 'not_found', 'GET of the attachment by another reporter');
      const { results, answer } = await submit(context, b, [await context.submissions.valid({ attachments: [created.id] })]);
      const result = results[0]!;
      check(result.status === 'rejected' && result.reason.code === 'attachment_not_found', `a submission by another reporter with this attachment was answered ${JSON.stringify(result)}`, answer, 'rejected with reason.code "attachment_not_found"');
    },
  },
  {
    id: 'attachments.not-an-image',
    stage: 'reporter',
    title: 'An upload that is not a JPEG, PNG or WebP is refused with 415',
    proves: 'the client can drop an image the backend will never take and send the submission without it',
    async run(context) {
      const token = await context.reporter('a');
      const answer = await context.http.send('POST', '/v1/attachments', { token, body: '<svg onload=alert(1)>', headers: { 'content-type': 'image/png' } });
      expectError(answer, 415, 'unsupported_media_type', 'POST /v1/attachments with text declared as image/png');
    },
  },
  {
    id: 'errors.uniform',
    stage: 'reporter',
    title: 'Errors have the uniform body { error: { code, message } }',
    proves: 'the client and integrators can read every refusal the same way',
    async run(context) {
      const token = await context.reporter('a');
      const item = await context.submissions.valid();
      const cases: [string, () => ReturnType<typeof context.http.send>, number, string][] = [
        ['a batch without credentials', () => context.http.send('POST', '/v1/submissions', { json: { submissions: [item] } }), 401, 'unauthorized'],
        ['a batch with a malformed bearer token', () => context.http.send('POST', '/v1/submissions', { token: 'not-a-secret', json: { submissions: [item] } }), 401, 'unauthorized'],
        ['a body that is not JSON', () => context.http.send('POST', '/v1/submissions', { token, body: '{"submissions": [', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json'],
        ['an unknown ticket', () => context.http.send('GET', '/v1/tickets/tk_conformance_missing', { token }), 404, 'not_found'],
      ];
      for (const [what, request, status, code] of cases) {
        const answer = await request();
        const body = expectError(answer, status, code, what);
        check(body.error.message.length > 0, `${what}: an empty error message`, answer, 'a message');
      }
    },
  },
  {
    id: 'throttling.retry-after',
    stage: 'reporter',
    title: '429 and 503 answers carry Retry-After',
    proves: 'the client knows when to come back instead of hammering a busy backend',
    async run(context) {
      if (context.throttled.length === 0) {
        throw new CaseSkip('the backend answered no 429 or 503 during the run; the kit cannot make it throttle (run it against a backend with a low rate limit to check this)');
      }
      const missing = context.throttled.find((seen) => seen.retryAfter === null || !/^\s*(\d+|[A-Z][a-z]{2}, .+GMT)\s*$/.test(seen.retryAfter));
      if (missing) {
        throw new CaseFailure(`a ${missing.status} came ${missing.retryAfter === null ? 'without Retry-After' : `with an unreadable Retry-After "${missing.retryAfter}"`}`, {
          expected: 'Retry-After in seconds or as an HTTP date',
          request: missing.request,
          response: { status: missing.status, headers: missing.retryAfter === null ? {} : { 'retry-after': missing.retryAfter }, body: '' },
        });
      }
    },
  },
];

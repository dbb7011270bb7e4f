import { AdminTicketDetail, AdminTicketList, TicketDetail, TimelineEvent } from '@fankui/core/schema';
import { check, expectError, expectStatus, readBody } from '../expect';
import type { CaseContext, ConformanceCase } from '../types';
import { TINY_PNG, getTicket, newTicket } from './helpers';

/** The operator API, as far as the reporter's side depends on it. Needs an operator token. */
export const ADMIN_CASES: ConformanceCase[] = [
  {
    id: 'admin.auth',
    stage: 'admin',
    title: 'Operator routes refuse a missing, a wrong or a reporter\'s token',
    proves: 'only operators reach /v1/admin/*',
    async run(context) {
      const reporter = await context.reporter('a');
      for (const [what, token] of [
        ['no token', undefined],
        ['a wrong token', 'conformance-wrong-operator-token'],
        ['a reporter\'s token', reporter],
      ] as const) {
        const answer = await context.http.send('GET', '/v1/admin/tickets', { token });
        expectError(answer, [401, 403], undefined, `GET /v1/admin/tickets with ${what}`);
      }
      const answer = await context.http.send('GET', '/v1/admin/tickets', { token: operator(context) });
      expectStatus(answer, 200, 'GET /v1/admin/tickets with the operator token');
      readBody(answer, AdminTicketList, 'AdminTicketList');
    },
  },
  {
    id: 'admin.reply',
    stage: 'admin',
    title: 'An operator\'s reply shows on the reporter\'s timeline',
    proves: 'the reporter sees answers in "我的反馈"',
    async run(context) {
      const reporter = await context.reporter('a');
      const { ticketId } = await newTicket(context, reporter);
      const reply = await context.http.send('POST', `/v1/admin/tickets/${encodeURIComponent(ticketId)}/replies`, { token: operator(context), json: { body: '您好，我们正在核实，请稍候（一致性测试）' } });
      expectStatus(reply, 201, 'POST /v1/admin/tickets/{id}/replies');
      const event = readBody(reply, TimelineEvent, 'TimelineEvent');
      const { detail, answer } = await getTicket(context, reporter, ticketId);
      check(
        detail.timeline.some((seen) => seen.id === event.id && seen.type === 'message' && seen.actor.type === 'operator'),
        'the reply is not on the reporter\'s timeline',
        answer,
        `a "message" event ${event.id} by an operator`,
      );
    },
  },
  {
    id: 'lifecycle.rating',
    stage: 'admin',
    title: 'A resolved ticket can be rated once per resolution',
    proves: 'ratings count once, and a ticket resolved again can be rated again',
    async run(context) {
      const reporter = await context.reporter('a');
      const { ticketId } = await newTicket(context, reporter);
      const path = `/v1/tickets/${encodeURIComponent(ticketId)}`;
      expectError(await context.http.send('POST', `${path}/rating`, { token: reporter, json: { score: 5 } }), 409, undefined, 'a rating before the ticket is resolved');
      await resolve(context, ticketId);
      const rated = await context.http.send('POST', `${path}/rating`, { token: reporter, json: { score: 2, comment: '处理太慢' } });
      expectStatus(rated, 200, 'the first rating of a resolved ticket');
      const detail = readBody(rated, TicketDetail, 'TicketDetail');
      check(detail.rating?.score === 2 && detail.canRate === false, `after rating: rating ${JSON.stringify(detail.rating)}, canRate ${detail.canRate}`, rated, 'rating.score 2 and canRate false');
      expectError(await context.http.send('POST', `${path}/rating`, { token: reporter, json: { score: 5 } }), 409, 'conflict', 'a second rating of the same resolution');
      expectStatus(await context.http.send('POST', `${path}/reopen`, { token: reporter, json: { reason: '问题还在（一致性测试）' } }), 200, 'reopen after the rating');
      await resolve(context, ticketId);
      expectStatus(await context.http.send('POST', `${path}/rating`, { token: reporter, json: { score: 4 } }), 200, 'a rating of the next resolution');
    },
  },
  {
    id: 'lifecycle.reopen',
    stage: 'admin',
    title: '"问题未解决" reopens only a resolved ticket',
    proves: 'reopen follows the lifecycle: refused before resolution and twice in a row',
    async run(context) {
      const reporter = await context.reporter('a');
      const { ticketId } = await newTicket(context, reporter);
      const path = `/v1/tickets/${encodeURIComponent(ticketId)}/reopen`;
      const reason = { reason: '还是没有解决（一致性测试）' };
      expectError(await context.http.send('POST', path, { token: reporter, json: reason }), 409, ['illegal_transition', 'actor_not_allowed'], 'reopen before the ticket is resolved');
      await resolve(context, ticketId);
      const { detail: resolved, answer: seen } = await getTicket(context, reporter, ticketId);
      check(resolved.status === 'resolved' && resolved.canReopen, `the reporter sees status ${resolved.status}, canReopen ${resolved.canReopen}`, seen, 'status resolved, canReopen true');
      const reopened = await context.http.send('POST', path, { token: reporter, json: reason });
      expectStatus(reopened, 200, 'reopen of a resolved ticket');
      const detail = readBody(reopened, TicketDetail, 'TicketDetail');
      check(detail.status === 'reopened', `status ${detail.status} after reopen`, reopened, 'status "reopened"');
      check(detail.timeline.some((event) => event.type === 'reopened'), 'no "reopened" event on the timeline', reopened, 'a "reopened" timeline event');
      expectError(await context.http.send('POST', path, { token: reporter, json: reason }), 409, ['illegal_transition', 'actor_not_allowed'], 'a second reopen in a row');
    },
  },
  {
    id: 'admin.attachments',
    stage: 'admin',
    title: 'Operators can read a reporter\'s attachment',
    proves: 'support sees the screenshots that came with a ticket',
    async run(context) {
      const reporter = await context.reporter('a');
      const upload = await context.http.send('POST', '/v1/attachments', { token: reporter, body: TINY_PNG, headers: { 'content-type': 'image/png' } });
      expectStatus(upload, 201, 'POST /v1/attachments');
      const { id } = JSON.parse(upload.text) as { id: string };
      await newTicket(context, reporter, await context.submissions.valid({ attachments: [id] }));
      const answer = await context.http.send('GET', `/v1/attachments/${encodeURIComponent(id)}`, { token: operator(context) });
      expectStatus(answer, 200, 'GET of the attachment by an operator');
      check((answer.headers.get('content-type') ?? '').startsWith('image/'), `served as ${answer.headers.get('content-type')}`, answer, 'an image content type');
    },
  },
];

function operator(context: CaseContext): string {
  if (context.operatorToken === undefined) throw new Error('admin case without an operator token');
  return context.operatorToken;
}

/** The operator resolves the ticket (PATCH status), checked against AdminTicketDetail. */
async function resolve(context: CaseContext, ticketId: string): Promise<void> {
  const answer = await context.http.send('PATCH', `/v1/admin/tickets/${encodeURIComponent(ticketId)}`, { token: operator(context), json: { status: 'resolved' } });
  expectStatus(answer, 200, 'the operator resolves the ticket (PATCH /v1/admin/tickets/{id} {status: "resolved"})');
  const detail = readBody(answer, AdminTicketDetail, 'AdminTicketDetail');
  check(detail.status === 'resolved', `status ${detail.status} after the operator resolved it`, answer, 'status "resolved"');
}

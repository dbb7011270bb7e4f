import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { sampleSubmission } from './fixtures';
import {
  AdminReply,
  AdminTicketListQuery,
  AdminTicketPatch,
  DeflectionCreate,
  ErrorBody,
  MessageCreate,
  RatingCreate,
  RemoteConfig,
  ReopenRequest,
  Submission,
  SubmissionBatch,
  SubmissionResult,
  TicketDetail,
  TimelineEvent,
  toValidationIssues,
} from './index';
import { DEFAULT_FORM } from '../form/default-form';

/** Parses and returns the wire issues, so each case can name the exact path and code. */
function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return toValidationIssues(result.error);
}

function expectIssue(schema: z.ZodType, value: unknown, expected: { path: string; code: string }) {
  const issues = issuesOf(schema, value);
  expect(issues, `expected ${expected.code} at "${expected.path}", got ${JSON.stringify(issues)}`).toContainEqual(
    expect.objectContaining(expected),
  );
}

const long = (n: number) => '长'.repeat(n);

describe('Submission', () => {
  it('accepts a realistic submission and fills defaults', () => {
    const parsed = Submission.parse(sampleSubmission({ attachments: undefined }));
    expect(parsed.attachments).toEqual([]);
    expect(parsed.answers.category).toBe('payment');
  });

  it('accepts ULIDs as ids and offsets in timestamps', () => {
    expect(Submission.safeParse(sampleSubmission({ id: '01JD3X5V2K8Q9R7T6Y5W4Z3A2B', createdAt: '2026-11-23T16:30:00+08:00' })).success).toBe(true);
  });

  const cases: [string, unknown, { path: string; code: string }][] = [
    ['a missing id', { ...sampleSubmission(), id: undefined }, { path: 'id', code: 'invalid_type' }],
    ['an id that is not a UUID/ULID', sampleSubmission({ id: 'abc' }), { path: 'id', code: 'invalid_format' }],
    ['a timestamp without timezone', sampleSubmission({ createdAt: '2026-11-23 08:30' }), { path: 'createdAt', code: 'invalid_format' }],
    ['a wrong-typed form version', sampleSubmission({ form: { id: 'feedback', version: '1' as unknown as number } }), { path: 'form.version', code: 'invalid_type' }],
    ['an unknown platform', sampleSubmission({ context: { ...sampleSubmission().context, platform: 'symbian' as 'weapp' } }), { path: 'context.platform', code: 'invalid_value' }],
    ['an oversized answer', sampleSubmission({ answers: { description: long(2001) } }), { path: 'answers.description', code: 'too_big' }],
    ['too many answers', sampleSubmission({ answers: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, 'x'])) }), { path: 'answers', code: 'too_many_entries' }],
    ['an object as an answer', sampleSubmission({ answers: { category: { $gt: '' } as unknown as string } }), { path: 'answers.category', code: 'invalid_union' }],
    ['too many attachments', sampleSubmission({ attachments: Array.from({ length: 10 }, (_, i) => `att_${i}`) }), { path: 'attachments', code: 'too_big' }],
    ['an attachment id with path characters', sampleSubmission({ attachments: ['../../etc/passwd'] }), { path: 'attachments.0', code: 'invalid_format' }],
    ['an oversized page path', sampleSubmission({ context: { ...sampleSubmission().context, pagePath: long(201) } }), { path: 'context.pagePath', code: 'too_big' }],
    ['an unknown top-level field', { ...sampleSubmission(), extra: 1 }, { path: 'extra', code: 'unrecognized_keys' }],
    ['NUL in an answer (PostgreSQL cannot store it)', sampleSubmission({ answers: { description: '扣款\u0000了' } }), { path: 'answers.description', code: 'invalid_format' }],
    ['NUL in the context', sampleSubmission({ context: { ...sampleSubmission().context, appVersion: '1.0\u0000' } }), { path: 'context.appVersion', code: 'invalid_format' }],
    ['a missing consent', { ...sampleSubmission(), consent: undefined }, { path: 'consent', code: 'invalid_type' }],
  ];
  it.each(cases)('rejects %s with a specific issue', (_name, value, expected) => expectIssue(Submission, value, expected));

  it('rejects prototype-polluting keys at every level with forbidden_key', () => {
    const base = JSON.stringify(sampleSubmission());
    const polluted = [
      ['', base.replace('{"id"', '{"__proto__":{"polluted":true},"id"')],
      ['', base.replace('{"id"', '{"constructor":{"prototype":{"polluted":true}},"id"')],
      ['answers.__proto__', base.replace('"answers":{', '"answers":{"__proto__":{"polluted":true},')],
      ['answers.constructor', base.replace('"answers":{', '"answers":{"constructor":"x",')],
      ['context.system.__proto__', base.replace('"system":{', '"system":{"__proto__":{"polluted":true},')],
      ['context.__proto__', base.replace('"context":{', '"context":{"__proto__":{"polluted":true},')],
    ] as const;
    for (const [path, json] of polluted) {
      const issues = issuesOf(Submission, JSON.parse(json));
      expect(issues.some((issue) => issue.code === 'forbidden_key' && (path === '' || issue.path === path)), json).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('SubmissionBatch', () => {
  it('accepts 1..50 items', () => {
    expect(SubmissionBatch.safeParse({ submissions: [sampleSubmission()] }).success).toBe(true);
    expect(SubmissionBatch.safeParse({ submissions: Array.from({ length: 50 }, () => sampleSubmission()) }).success).toBe(true);
  });
  it('rejects an empty and an oversized batch', () => {
    expectIssue(SubmissionBatch, { submissions: [] }, { path: 'submissions', code: 'too_small' });
    expectIssue(SubmissionBatch, { submissions: Array.from({ length: 51 }, () => sampleSubmission()) }, { path: 'submissions', code: 'too_big' });
  });
});

describe('SubmissionResult', () => {
  it('accepts each status', () => {
    const ack = { priority: 'high', firstResponseDueAt: '2026-11-23T09:00:00.000Z', message: '已收到，正在处理中，我们将在 30 分钟内回复' };
    expect(SubmissionResult.safeParse({ status: 'accepted', id: sampleSubmission().id, ticketId: 'tk_1', ack }).success).toBe(true);
    expect(SubmissionResult.safeParse({ status: 'duplicate', id: sampleSubmission().id, ticketId: 'tk_1' }).success).toBe(true);
    expect(SubmissionResult.safeParse({ status: 'rejected', id: null, reason: { code: 'invalid_submission', message: 'bad' } }).success).toBe(true);
  });
  it('rejects an unknown status and an accepted result without ticket', () => {
    expectIssue(SubmissionResult, { status: 'maybe', id: 'x' }, { path: 'status', code: 'invalid_union' });
    expectIssue(SubmissionResult, { status: 'duplicate', id: sampleSubmission().id }, { path: 'ticketId', code: 'invalid_type' });
  });
});

describe('reporter requests', () => {
  it('MessageCreate trims, caps and refuses empty bodies', () => {
    expect(MessageCreate.parse({ body: '  补充：订单号 DD20261123001  ' }).body).toBe('补充：订单号 DD20261123001');
    expectIssue(MessageCreate, { body: '   ' }, { path: 'body', code: 'too_small' });
    expectIssue(MessageCreate, { body: long(2001) }, { path: 'body', code: 'too_big' });
    expectIssue(MessageCreate, JSON.parse('{"body":"x","__proto__":{"a":1}}'), { path: '__proto__', code: 'forbidden_key' });
  });
  it('RatingCreate takes an integer 1..5 and an optional comment', () => {
    expect(RatingCreate.safeParse({ score: 5, comment: '处理得很快' }).success).toBe(true);
    expectIssue(RatingCreate, { score: 0 }, { path: 'score', code: 'too_small' });
    expectIssue(RatingCreate, { score: 6 }, { path: 'score', code: 'too_big' });
    expectIssue(RatingCreate, { score: 4.5 }, { path: 'score', code: 'invalid_type' });
    expectIssue(RatingCreate, { score: '5' }, { path: 'score', code: 'invalid_type' });
    expectIssue(RatingCreate, { score: 3, comment: long(501) }, { path: 'comment', code: 'too_big' });
  });
  it('ReopenRequest requires a reason', () => {
    expect(ReopenRequest.safeParse({ reason: '退款还是没有到账' }).success).toBe(true);
    expectIssue(ReopenRequest, {}, { path: 'reason', code: 'invalid_type' });
    expectIssue(ReopenRequest, JSON.parse('{"reason":"x","constructor":{}}'), { path: 'constructor', code: 'forbidden_key' });
  });
  it('DeflectionCreate names the article', () => {
    expect(DeflectionCreate.safeParse({ articleId: 'payment-faq', category: 'payment' }).success).toBe(true);
    expectIssue(DeflectionCreate, { articleId: '' }, { path: 'articleId', code: 'too_small' });
  });
  it('DeflectionCreate takes an optional client id, with the constraints of a submission id', () => {
    expect(DeflectionCreate.safeParse({ id: sampleSubmission().id, articleId: 'payment-faq' }).success).toBe(true);
    expect(DeflectionCreate.safeParse({ id: '01JD3X5V2K8Q9R7T6Y5W4Z3A2B', articleId: 'payment-faq' }).success).toBe(true);
    expectIssue(DeflectionCreate, { id: 'abc', articleId: 'payment-faq' }, { path: 'id', code: 'invalid_format' });
    expectIssue(DeflectionCreate, { id: 42, articleId: 'payment-faq' }, { path: 'id', code: 'invalid_type' });
    expectIssue(DeflectionCreate, { id: null, articleId: 'payment-faq' }, { path: 'id', code: 'invalid_type' });
  });
});

describe('operator requests', () => {
  it('AdminTicketPatch needs something to change and a legal value', () => {
    expect(AdminTicketPatch.safeParse({ status: 'in_progress' }).success).toBe(true);
    expect(AdminTicketPatch.safeParse({ assignee: null }).success).toBe(true);
    expectIssue(AdminTicketPatch, {}, { path: '', code: 'custom' });
    expectIssue(AdminTicketPatch, { reason: 'only a reason' }, { path: '', code: 'custom' });
    expectIssue(AdminTicketPatch, { status: 'done' }, { path: 'status', code: 'invalid_value' });
    expectIssue(AdminTicketPatch, { priority: 'urgent' }, { path: 'priority', code: 'invalid_value' });
  });
  it('AdminTicketListQuery coerces query strings', () => {
    const query = AdminTicketListQuery.parse({ overdue: 'true', mine: 'false', limit: '10', q: ' 扣款 ' });
    expect(query).toMatchObject({ overdue: true, mine: false, limit: 10, q: '扣款', sort: 'newest' });
    expect(AdminTicketListQuery.parse({ sort: 'oldest' }).sort).toBe('oldest');
    expectIssue(AdminTicketListQuery, { limit: '1000' }, { path: 'limit', code: 'too_big' });
    expectIssue(AdminTicketListQuery, { from: 'yesterday' }, { path: 'from', code: 'invalid_format' });
    expectIssue(AdminTicketListQuery, { sort: 'x' }, { path: 'sort', code: 'invalid_value' });
    expectIssue(AdminTicketListQuery, { order: 'x' }, { path: 'order', code: 'unrecognized_keys' });
  });
  it('AdminReply caps the body', () => {
    expect(AdminReply.safeParse({ body: '您好，已为您退款，请留意到账' }).success).toBe(true);
    expectIssue(AdminReply, { body: long(2001) }, { path: 'body', code: 'too_big' });
  });
});

describe('responses', () => {
  it('TicketDetail and TimelineEvent read what a server sends', () => {
    const at = '2026-11-23T08:30:00.000Z';
    const detail = {
      id: 'tk_1', clientId: sampleSubmission().id, status: 'acknowledged', priority: 'high', category: 'payment',
      summary: '昨天支付失败了', createdAt: at, updatedAt: at, firstResponseDueAt: at, unread: 0, canRate: false, canReopen: false,
      form: { id: 'feedback', version: 1 }, answers: { category: 'payment' }, attachments: [], resolvedAt: null, rating: null,
      timeline: [
        { id: 'ev_1', at, actor: { type: 'system' }, type: 'submitted' },
        { id: 'ev_2', at, actor: { type: 'system' }, type: 'acknowledged', priority: 'high', firstResponseDueAt: at, message: '已收到' },
        { id: 'ev_3', at, actor: { type: 'operator', name: '客服小王' }, type: 'message', body: '您好' },
      ],
    };
    const parsed = TicketDetail.parse(detail);
    expect(parsed.timeline[2]).toMatchObject({ type: 'message', attachments: [] });
    expectIssue(TimelineEvent, { id: 'ev', at, actor: { type: 'robot' }, type: 'note', body: 'x' }, { path: 'actor.type', code: 'invalid_value' });
  });
  it('ErrorBody has a known code', () => {
    expect(ErrorBody.safeParse({ error: { code: 'not_found', message: 'No such ticket' } }).success).toBe(true);
    expectIssue(ErrorBody, { error: { code: 'oops', message: 'x' } }, { path: 'error.code', code: 'invalid_value' });
  });
  it('RemoteConfig carries the default form', () => {
    const sla = { firstResponseMinutes: { high: 30, medium: 240, low: 1440 }, resolutionMinutes: { high: 1440, medium: 4320, low: 10080 } };
    expect(RemoteConfig.safeParse({ form: DEFAULT_FORM, sla }).success).toBe(true);
    expectIssue(RemoteConfig, { form: DEFAULT_FORM, sla: { ...sla, firstResponseMinutes: { high: -1, medium: 1, low: 1 } } }, { path: 'sla.firstResponseMinutes.high', code: 'too_small' });
  });
});

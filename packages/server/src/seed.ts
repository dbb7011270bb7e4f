import type { SubmissionInput } from '@fankui/core';
import { Submission } from '@fankui/core/schema';
import { hashToken } from './auth';
import type { Domain } from './domain/context';
import { ingestSubmission } from './domain/ingest';
import { patchTicket, readTicket, replyToTicket } from './domain/tickets';

/**
 * The reporter secret the demo tickets belong to. Demo only: put it in a client's storage
 * (or send it as `Authorization: Bearer …`) to see the demo tickets as their reporter.
 */
export const DEMO_REPORTER_SECRET = 'de'.repeat(32);

const DEMO: { answers: SubmissionInput['answers']; reply?: string; resolve?: boolean }[] = [
  { answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '199.00', description: '昨天支付失败了，但是银行卡被扣款了 199 元' }, reply: '您好，已为您核实，款项将在 1-3 个工作日内原路退回。', resolve: true },
  { answers: { category: 'malfunction', subtypes: ['crash'], description: '打开订单页面就闪退，重启手机也不行' }, reply: '收到，技术同学正在排查。' },
  { answers: { category: 'account', subtypes: ['login'], description: '收不到登录验证码，换了网络也一样' } },
  { answers: { category: 'suggestion', subtypes: ['new_feature'], description: '希望可以按时间筛选历史订单' } },
  { answers: { category: 'privacy', subtypes: ['spam_marketing'], description: '每天收到好几条推销短信，希望停止' } },
];

/**
 * Fills an empty server with a few realistic tickets (some replied to, one resolved) so the
 * console and "我的反馈" have something to show; their replies are already read, so a new
 * demo user sees no unread badge. Idempotent: a second run adds nothing.
 * Returns the ticket ids it created.
 *
 * @example await seedDemo(domain); // then open the console
 */
export async function seedDemo(domain: Domain): Promise<string[]> {
  const reporterId = hashToken(DEMO_REPORTER_SECRET);
  const operator = { name: '客服小王' };
  const created: string[] = [];
  const { form } = await domain.settings.current();
  for (const [index, demo] of DEMO.entries()) {
    const submission = Submission.parse({
      // Fixed ids: seeding again finds duplicates and adds nothing.
      id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
      createdAt: domain.now().toISOString(),
      form: { id: form.id, version: form.version },
      answers: demo.answers,
      context: { platform: 'weapp', sdkVersion: '0.1.0', appVersion: 'demo', networkType: 'wifi', locale: 'zh_CN' },
      consent: { contact: false },
    });
    const result = await ingestSubmission(domain, reporterId, submission);
    if (result.status !== 'accepted') continue;
    created.push(result.ticketId);
    if (demo.reply) await replyToTicket(domain, operator, result.ticketId, { body: demo.reply, attachments: [] });
    if (demo.resolve) await patchTicket(domain, operator, result.ticketId, { status: 'resolved' });
    // As if the reporter had opened it: the demo app starts without "2 条新回复" it never got.
    if (demo.reply) await readTicket(domain, reporterId, result.ticketId);
  }
  return created;
}

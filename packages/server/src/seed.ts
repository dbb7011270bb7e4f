import { normalizeText, type ContactInfo, type Platform, type RoutingSettings } from '@fankui/core';
import { Submission } from '@fankui/core/schema';
import { hashToken } from './auth';
import type { Domain } from './domain/context';
import { createOperatorTicket, ingestSubmission } from './domain/ingest';
import { addNote, patchTicket, rateTicket, readTicket, reopenTicket, replyToTicket } from './domain/tickets';

/**
 * The reporter secret the demo tickets belong to. Demo only: put it in a client's storage
 * (or send it as `Authorization: Bearer …`) to see the demo tickets as their reporter.
 */
export const DEMO_REPORTER_SECRET = 'de'.repeat(32);

/** What happens to a demo ticket, `after` minutes from its creation. */
type Step =
  | { after: number; reply: string }
  | { after: number; note: string }
  | { after: number; status: 'in_progress' | 'resolved' | 'closed' | 'rejected'; reason?: string }
  | { after: number; assign: string }
  | { after: number; rate: number; comment?: string }
  | { after: number; reopen: string };

interface DemoTicket {
  /** How long ago the complaint arrived. */
  hoursAgo: number;
  /** The demo reporter's own (the app shows them in 我的反馈), another user's, or typed in by an operator. */
  from: 'demo' | 'other' | 'phone' | 'email';
  platform?: Platform;
  appVersion?: string;
  answers: Record<string, string | string[]>;
  contact?: ContactInfo;
  steps?: Step[];
}

const WANG = '客服小王';
const LI = '客服小李';

/**
 * A support team's last few days: every category, every state (new, overdue, in progress,
 * replied, resolved, rated high and low, reopened, closed, rejected), two near-duplicates
 * to merge, and two complaints taken by phone and e-mail.
 */
const DEMO: DemoTicket[] = [
  // 支付问题
  { hoursAgo: 72, from: 'demo', answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '199.00', description: '昨天支付失败了，但是银行卡被扣款了 199 元' }, steps: [{ after: 20, reply: '您好，已为您核实，款项将在 1-3 个工作日内原路退回。' }, { after: 180, status: 'resolved' }, { after: 600, rate: 5, comment: '退款很快，谢谢' }] },
  { hoursAgo: 2, from: 'other', platform: 'alipay', appVersion: '3.2.1', answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '30.00', description: '会员自动续费扣了 30 元，我从来没有开通过自动续费' } },
  { hoursAgo: 5, from: 'other', appVersion: '3.2.0', answers: { category: 'payment', subtypes: ['duplicate_charge'], amount: '58.80', description: '同一笔外卖订单被扣了两次钱，订单号 DD20261130001234' }, steps: [{ after: 10, assign: WANG }, { after: 12, reply: '您好，已收到，正在联系支付渠道核实重复扣款。' }] },
  { hoursAgo: 50, from: 'other', platform: 'h5', answers: { category: 'payment', subtypes: ['refund'], description: '退款申请一周了还没到账，麻烦尽快处理，电话 13912345678' }, contact: { phone: '13912345678' }, steps: [{ after: 25, reply: '您好，退款已重新提交，请留意账户。' }, { after: 240, status: 'resolved' }, { after: 1500, reopen: '还是没有到账，银行说没有收到退款' }] },
  { hoursAgo: 90, from: 'other', answers: { category: 'payment', subtypes: ['invoice'], description: '申请电子发票一直提示开票失败，公司报销急用' }, steps: [{ after: 15, reply: '您好，开票通道已恢复，发票已发送至您的邮箱。' }, { after: 60, status: 'resolved' }, { after: 1440, status: 'closed' }] },
  { hoursAgo: 0.35, from: 'other', platform: 'tt', appVersion: '3.2.1', answers: { category: 'payment', subtypes: ['payment_failed'], description: '付款时一直转圈，最后显示支付失败，换了银行卡也一样' } },
  // 账户安全
  { hoursAgo: 6, from: 'other', answers: { category: 'account', subtypes: ['stolen'], description: '账号被盗了，绑定的手机号被改成了别人的，余额也没了' }, contact: { phone: '13600001234' }, steps: [{ after: 5, assign: LI }, { after: 8, note: '已冻结账号，等待用户提供身份证明' }, { after: 10, reply: '您好，账号已临时冻结，请提供身份证正反面照片以便找回。' }] },
  { hoursAgo: 26, from: 'demo', answers: { category: 'account', subtypes: ['verification_code'], description: '收不到登录验证码，换了网络也一样' }, steps: [{ after: 300, reply: '您好，短信通道刚才有故障，现已恢复，请重试。' }, { after: 320, status: 'resolved' }, { after: 400, rate: 2, comment: '等了五个小时才回复，太慢了' }] },
  { hoursAgo: 80, from: 'other', answers: { category: 'account', subtypes: ['binding'], description: '换了新手机号，旧手机号已经停机，无法解绑' }, steps: [{ after: 40, reply: '您好，已通过人工审核为您换绑新手机号。' }, { after: 90, status: 'resolved' }, { after: 200, rate: 4 }, { after: 2000, status: 'closed' }] },
  { hoursAgo: 1.2, from: 'other', platform: 'h5', answers: { category: 'account', subtypes: ['suspicious_login'], description: '收到异常登录提醒，登录地点在外地，不是我本人' } },
  { hoursAgo: 8, from: 'other', answers: { category: 'account', subtypes: ['login'], description: '扫码登录一直提示二维码过期，刷新也没用' } },
  { hoursAgo: 5.5, from: 'other', platform: 'h5', answers: { category: 'account', subtypes: ['login'], description: '扫码登录老是提示二维码过期了，电脑端登不上' } },
  // 隐私问题
  { hoursAgo: 48, from: 'demo', answers: { category: 'privacy', subtypes: ['spam_marketing'], description: '每天收到好几条推销短信，希望停止' }, steps: [{ after: 25, reply: '您好，已为您关闭营销短信，24 小时内生效。' }, { after: 60, status: 'resolved' }] },
  { hoursAgo: 30, from: 'other', answers: { category: 'privacy', subtypes: ['data_deletion'], description: '申请注销账号已经一周了，一直显示审核中' } },
  { hoursAgo: 20, from: 'other', platform: 'alipay', answers: { category: 'privacy', subtypes: ['excessive_permission'], description: '不给通讯录权限就不能下单，这个权限和购物有什么关系' }, steps: [{ after: 20, note: '已转产品评估权限申请时机' }, { after: 25, status: 'in_progress' }] },
  { hoursAgo: 12, from: 'other', answers: { category: 'privacy', subtypes: ['data_leak'], description: '刚下单就接到诈骗电话，对方知道我的订单和身份证号 11010519491231002X' }, contact: { phone: '13500005678', name: '张先生' }, steps: [{ after: 15, assign: WANG }, { after: 18, reply: '您好，已上报安全团队排查，请勿向任何人转账。' }] },
  // 功能异常
  { hoursAgo: 20, from: 'demo', answers: { category: 'malfunction', subtypes: ['crash'], description: '打开订单页面就闪退，重启手机也不行' }, steps: [{ after: 45, reply: '收到，技术同学正在排查。' }] },
  { hoursAgo: 3, from: 'other', appVersion: '3.2.1', answers: { category: 'malfunction', subtypes: ['page_error'], description: '提交订单后页面白屏，不知道下单成功没有' } },
  { hoursAgo: 40, from: 'other', answers: { category: 'malfunction', subtypes: ['feature_broken'], description: '满减优惠券显示可用，结算时却用不了' }, steps: [{ after: 60, reply: '您好，优惠券规则已修正，补发的券已到账。' }, { after: 90, status: 'resolved' }, { after: 300, rate: 4, comment: '解决了' }] },
  { hoursAgo: 6, from: 'other', platform: 'h5', answers: { category: 'malfunction', subtypes: ['slow'], description: '首页加载很慢，要十几秒才出来' } },
  { hoursAgo: 60, from: 'other', answers: { category: 'malfunction', subtypes: ['data_error'], description: '积分显示不对，上周的订单积分少了 200 分' }, steps: [{ after: 100, reply: '您好，积分已补发。' }, { after: 110, status: 'resolved' }, { after: 500, rate: 1, comment: '补发的数量不对' }, { after: 510, reopen: '只补了 100 分，还差 100 分' }, { after: 700, reply: '抱歉，剩余 100 分已补发到账。' }] },
  { hoursAgo: 0.8, from: 'other', platform: 'weapp', appVersion: '3.2.0', answers: { category: 'malfunction', subtypes: ['crash'], description: '更新到 3.2.0 以后一打开就闪退' } },
  // 体验问题
  { hoursAgo: 70, from: 'other', answers: { category: 'experience', subtypes: ['hard_to_find'], description: '修改收货地址的入口太深了，找了半天' }, steps: [{ after: 120, reply: '感谢反馈，新版已将入口放到「我的」页面。' }, { after: 130, status: 'resolved' }] },
  { hoursAgo: 96, from: 'other', answers: { category: 'experience', subtypes: ['too_many_popups'], description: '每次打开都弹三个广告，关都关不完' }, steps: [{ after: 200, reply: '已减少弹窗频次，感谢反馈。' }, { after: 210, status: 'resolved' }, { after: 3000, status: 'closed' }] },
  { hoursAgo: 10, from: 'other', platform: 'h5', answers: { category: 'experience', subtypes: ['layout_broken'], description: 'iPad 横屏时商品详情页文字重叠' } },
  { hoursAgo: 30, from: 'other', answers: { category: 'experience', subtypes: ['wrong_text'], description: '英文界面里 “Checkout” 被翻译成了 “Check out time”' }, steps: [{ after: 240, status: 'rejected', reason: '已在 3.3.0 版本修复，请更新' }] },
  // 服务问题
  { hoursAgo: 9, from: 'other', answers: { category: 'service', subtypes: ['slow_response'], description: '在线客服两天都没人回复' }, steps: [{ after: 30, assign: LI }, { after: 35, reply: '非常抱歉让您久等，已安排专人跟进。' }] },
  { hoursAgo: 55, from: 'other', answers: { category: 'service', subtypes: ['bad_attitude'], description: '电话客服态度很差，直接挂我电话' }, steps: [{ after: 60, reply: '非常抱歉，已对相关客服进行培训。' }, { after: 70, status: 'resolved' }, { after: 400, rate: 3 }] },
  { hoursAgo: 24, from: 'other', answers: { category: 'service', subtypes: ['not_as_described'], description: '收到的外套颜色和图片完全不一样，要求退货' }, steps: [{ after: 90, reply: '您好，已为您开通免费退货，请按页面提示寄回。' }] },
  // 产品建议
  { hoursAgo: 50, from: 'demo', answers: { category: 'suggestion', subtypes: ['new_feature'], description: '希望可以按时间筛选历史订单' } },
  { hoursAgo: 100, from: 'other', answers: { category: 'suggestion', subtypes: ['new_feature'], description: '希望增加夜间模式，晚上看太刺眼' }, steps: [{ after: 600, status: 'rejected', reason: '暂不考虑，感谢建议' }] },
  { hoursAgo: 75, from: 'other', answers: { category: 'suggestion', subtypes: ['improvement'], description: '订单详情能直接显示物流进度就好了' }, steps: [{ after: 300, reply: '好建议！已在新版上线。' }, { after: 310, status: 'resolved' }, { after: 900, rate: 5, comment: '赞' }] },
  { hoursAgo: 3, from: 'other', answers: { category: 'suggestion', subtypes: ['improvement'], description: '希望增加老年模式，字体大一点' } },
  // 其他
  { hoursAgo: 4, from: 'other', answers: { category: 'other', subtypes: ['fraud'], description: '有人冒充客服打电话让我转账退款，是你们的人吗' }, steps: [{ after: 10, reply: '我们不会要求您转账，请勿相信，已记录该号码。' }, { after: 12, note: '已同步安全团队，号码 0755-****' }] },
  { hoursAgo: 45, from: 'other', answers: { category: 'other', subtypes: ['illegal_content'], description: '商品评论区有人发赌博广告' }, steps: [{ after: 30, reply: '已删除相关内容并封禁账号。' }, { after: 35, status: 'resolved' }] },
  // 电话、邮件
  { hoursAgo: 7, from: 'phone', answers: { category: 'payment', subtypes: ['refund'], description: '用户来电：取消订单后 3 天未收到退款，金额 128 元' }, contact: { name: '李女士', phone: '13700001111' }, steps: [{ after: 30, reply: '已与用户电话确认，退款今日到账。' }] },
  { hoursAgo: 28, from: 'email', answers: { category: 'service', subtypes: ['unresolved'], description: '用户邮件：上次反馈的发货问题到现在还没人处理' }, contact: { email: 'chen.user@example.com' } },
];

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The demo's teams (问题分发): the routing rules file each demo ticket under one. */
const DEMO_ROUTING: RoutingSettings = {
  teams: [
    { id: 'tech', name: '技术支持', members: [LI] },
    { id: 'product', name: '产品', members: [LI] },
    { id: 'support', name: '客服', members: [WANG, LI] },
    { id: 'risk', name: '风控', members: [WANG] },
  ],
  rules: [
    { category: 'account', team: 'risk' },
    { category: 'privacy', team: 'risk' },
    { category: 'payment', subtype: 'unexpected_charge', team: 'risk' },
    { category: 'malfunction', team: 'tech' },
    { category: 'experience', team: 'tech' },
    { category: 'suggestion', team: 'product' },
  ],
  defaultTeam: 'support',
};

/**
 * Fills an empty server with a support team's last few days (see `DEMO`) so the console and
 * "我的反馈" have something to show. Each ticket is created in the past on a moved clock and
 * worked on at its own times, so ages, SLA timers and statistics look real. The demo
 * reporter's replies are already read, so a new demo user sees no unread badge.
 * Idempotent: a second run adds nothing. Returns the ticket ids it created.
 *
 * @example await seedDemo(domain); // then open the console
 */
export async function seedDemo(domain: Domain): Promise<string[]> {
  const demoReporter = hashToken(DEMO_REPORTER_SECRET);
  const realNow = domain.now().getTime();
  let clock = realNow;
  // The same store, locks and settings, on a clock the seed moves.
  const past: Domain = Object.assign({}, domain, { now: () => new Date(Math.min(clock, realNow)) });
  const { form, version } = await domain.settings.current();
  // Teams for the demo, unless operators have saved settings of their own.
  if (version === 0) await domain.settings.save({ version, routing: DEMO_ROUTING }, { name: WANG }, new Date(realNow));
  const created: string[] = [];
  const demoTickets: string[] = [];

  for (const [index, demo] of DEMO.entries()) {
    const start = realNow - demo.hoursAgo * HOUR_MS;
    clock = start;
    const reporterId = demo.from === 'demo' ? demoReporter : hashToken(`fankui-demo-reporter-${index}`);
    let ticketId: string;
    if (demo.from === 'phone' || demo.from === 'email') {
      // Fixed by its description: seeding again finds it and adds nothing.
      const existing = await domain.store.listTickets({ text: normalizeText(String(demo.answers.description)).slice(0, 20) }, { limit: 1 });
      if (existing.items.length > 0) continue;
      ticketId = (await createOperatorTicket(past, { name: WANG }, { channel: demo.from, answers: demo.answers, contact: demo.contact })).id;
    } else {
      const submission = Submission.parse({
        // Fixed ids: seeding again finds duplicates and adds nothing.
        id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
        createdAt: new Date(start).toISOString(),
        form: { id: form.id, version: form.version },
        answers: demo.answers,
        context: { platform: demo.platform ?? 'weapp', sdkVersion: '0.1.0', appVersion: demo.appVersion ?? '3.1.8', networkType: 'wifi', locale: 'zh_CN' },
        // The demo users agreed to share device facts, so the console shows what they look like.
        consent: { contact: demo.contact !== undefined, context: true },
        ...(demo.contact ? { contact: demo.contact } : {}),
      });
      const result = await ingestSubmission(past, reporterId, submission);
      if (result.status !== 'accepted') continue;
      ticketId = result.ticketId;
    }
    created.push(ticketId);
    if (demo.from === 'demo') demoTickets.push(ticketId);
    for (const step of demo.steps ?? []) {
      clock = start + step.after * MINUTE_MS;
      const operator = { name: WANG };
      if ('reply' in step) await replyToTicket(past, operator, ticketId, { body: step.reply, attachments: [] });
      else if ('note' in step) await addNote(past, operator, ticketId, step.note);
      else if ('assign' in step) await patchTicket(past, operator, ticketId, { assignee: step.assign });
      else if ('status' in step) await patchTicket(past, operator, ticketId, { status: step.status, reason: step.reason });
      else if ('rate' in step) await rateTicket(past, reporterId, ticketId, { score: step.rate, comment: step.comment });
      else await reopenTicket(past, reporterId, ticketId, step.reopen);
    }
  }
  // As if the reporter had opened them: the demo app starts without "2 条新回复" it never got.
  clock = realNow;
  for (const id of demoTickets) await readTicket(past, demoReporter, id);
  return created;
}

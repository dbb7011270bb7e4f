import type { PriorityRules, SelfHelpArticle, TriageRules } from './triage';

/**
 * Fankui's out-of-the-box triage for the default 反馈与投诉 form: privacy, account security
 * and money are high, broken features medium, suggestions low. Keywords err towards
 * urgency (a suggestion mentioning 隐私 becomes high) because a missed leak or charge
 * costs far more than an operator glancing at one ticket too early.
 */
export const DEFAULT_PRIORITY_RULES: PriorityRules = {
  categoryPriority: {
    privacy: 'high',
    account: 'high',
    payment: 'high',
    malfunction: 'medium',
    service: 'medium',
    experience: 'medium',
    suggestion: 'low',
    other: 'low',
  },
  subtypePriority: {
    unexpected_charge: 'high',
    payment_failed: 'high',
    refund: 'high',
    stolen: 'high',
    data_leak: 'high',
    excessive_permission: 'high',
    crash: 'medium',
    page_error: 'medium',
    login: 'medium',
    slow_response: 'medium',
  },
  keywordRules: [
    { id: 'privacy', keywords: ['泄露', '泄漏', '隐私', 'privacy'], priority: 'high' },
    { id: 'account_security', keywords: ['盗号', '被盗', '冒用', '异地登录', '被人登录'], priority: 'high' },
    {
      id: 'money',
      keywords: ['扣款', '扣费', '扣钱', '多扣', '盗刷', '没到账', '未到账', '退款', '支付失败', '付款失败', 'refund'],
      priority: 'high',
    },
    { id: 'crash', keywords: ['闪退', '崩溃', '白屏', '打不开', '卡死', '报错', 'crash'], priority: 'medium' },
  ],
  defaultPriority: 'medium',
};

/** Self-help articles offered while the reporter types, before a ticket exists. */
export const DEFAULT_SELF_HELP: SelfHelpArticle[] = [
  {
    id: 'payment_faq',
    categories: ['payment'],
    subtypes: ['payment_failed', 'unexpected_charge'],
    keywords: ['支付失败', '付款失败', '扣款'],
    title: { 'zh-CN': '支付失败？先看看这些解决办法', 'en-US': 'Payment failed? Try these first' },
    body: {
      'zh-CN': '1. 在「我的订单」中确认订单状态；2. 检查银行卡余额和支付限额；3. 已扣款但订单未成功的，款项一般会原路退回，请以银行到账为准。',
      'en-US':
        '1. Check the order status under "My orders"; 2. check your card balance and payment limits; 3. if you were charged but the order failed, the money is normally refunded to the original payment method.',
    },
  },
  {
    id: 'account_recovery',
    categories: ['account'],
    subtypes: ['login', 'stolen'],
    keywords: ['登录', '登陆', '登不上', '盗号', '被盗', '找回', '密码', '验证码'],
    title: { 'zh-CN': '登录不了或账号异常？这样找回账号', 'en-US': 'Cannot sign in? How to recover your account' },
    body: {
      'zh-CN': '1. 确认手机号和验证码无误；2. 通过「忘记密码」重置密码；3. 怀疑被盗时请立即修改密码，并在反馈中说明。',
      'en-US':
        '1. Check your phone number and verification code; 2. reset your password with "Forgot password"; 3. if you think the account was stolen, change the password now and tell us in your feedback.',
    },
  },
  {
    id: 'crash_troubleshooting',
    subtypes: ['crash', 'page_error'],
    keywords: ['闪退', '崩溃', '白屏', '打不开', '卡死', 'crash'],
    title: { 'zh-CN': '闪退、白屏或打不开？试试这几步', 'en-US': 'Crashing or blank screen? Try these steps' },
    body: {
      // Clearing WeChat's cache, not deleting the mini-program: deleting it also wipes
      // local storage, feedback still waiting to be sent included.
      'zh-CN': '1. 关闭后重新进入，更新到最新版本；2. 在微信「我 → 设置 → 通用 → 存储空间」中清除缓存；3. 重启手机后再试。',
      'en-US':
        '1. Close and reopen it to update to the latest version; 2. clear the cache in WeChat under Me → Settings → General → Storage; 3. restart your phone and try again.',
    },
  },
];

const combine = (priority: PriorityRules, selfHelp: SelfHelpArticle[]): TriageRules => Object.assign({}, priority, { selfHelp });

/**
 * Both halves together: what `triage()` uses unless given other rules. Marked pure so a
 * bundle that only calls `prioritize()` leaves the self-help texts out.
 */
export const DEFAULT_TRIAGE_RULES: TriageRules = /* @__PURE__ */ combine(DEFAULT_PRIORITY_RULES, DEFAULT_SELF_HELP);

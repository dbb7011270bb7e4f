import type { FormDefinition, FormOption } from './types';

import { CATEGORY_FIELD, DESCRIPTION_FIELD, SUBTYPES_FIELD } from './fields';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
const option = (value: string, zh: string, en: string): FormOption => ({ value, label: text(zh, en) });

/** Sub-types offered once `category` is `category`; the value is unique across all categories. */
const subtypesOf = (category: string, options: [value: string, zh: string, en: string][]): FormOption[] =>
  options.map(([value, zh, en]) => ({ value, label: text(zh, en), visibleWhen: { field: CATEGORY_FIELD, in: [category] } }));

/**
 * The form the SDK ships with and falls back to when the remote config looks wrong.
 * Choices first, free text second: most reporters pick a category and a sub-type and
 * type one sentence. Payment problems also ask for the amount and time, which support
 * needs to find the transaction.
 *
 * @example visibleFields(DEFAULT_FORM, {}).map((field) => field.id)
 * // ['category', 'description', 'screenshots', 'contact']
 */
// Built in a pure function so that a bundle importing only the field ids leaves the form out.
export const DEFAULT_FORM: FormDefinition = /* @__PURE__ */ (() => ({
  id: 'feedback',
  version: 1,
  title: text('反馈与投诉', 'Feedback & complaints'),
  fields: [
    {
      kind: 'select',
      id: CATEGORY_FIELD,
      label: text('问题类型', 'Type of problem'),
      required: true,
      options: [
        option('malfunction', '功能异常', 'Something is broken'),
        option('experience', '体验问题', 'Hard to use'),
        option('service', '服务问题', 'Customer service'),
        option('suggestion', '产品建议', 'Suggestion'),
        option('payment', '支付问题', 'Payment'),
        option('account', '账户安全', 'Account security'),
        option('privacy', '隐私问题', 'Privacy'),
        option('other', '其他', 'Other'),
      ],
    },
    {
      kind: 'multiselect',
      id: SUBTYPES_FIELD,
      label: text('具体问题（可多选）', 'What happened (choose any)'),
      required: false,
      options: [
        ...subtypesOf('malfunction', [
          ['crash', '闪退/崩溃', 'The app crashes or closes'],
          ['page_error', '页面打不开', 'A page does not open'],
          ['feature_broken', '功能无法使用', 'A feature does not work'],
          ['slow', '卡顿/加载慢', 'Slow or freezing'],
          ['data_error', '数据显示错误', 'Wrong data shown'],
        ]),
        ...subtypesOf('experience', [
          ['hard_to_find', '操作复杂/找不到入口', 'Hard to find or use'],
          ['layout_broken', '页面显示错乱', 'Page looks broken'],
          ['too_many_popups', '广告/弹窗过多', 'Too many ads or pop-ups'],
          ['too_many_notifications', '消息通知过多', 'Too many notifications'],
          ['wrong_text', '文字或翻译错误', 'Wrong text or translation'],
        ]),
        ...subtypesOf('service', [
          ['slow_response', '客服响应慢', 'Support answers slowly'],
          ['bad_attitude', '服务态度差', 'Support was rude'],
          ['unresolved', '问题一直未解决', 'My problem is still not solved'],
          ['not_as_described', '商品/服务与描述不符', 'Not as described'],
        ]),
        ...subtypesOf('suggestion', [
          ['new_feature', '希望增加新功能', 'A new feature'],
          ['improvement', '改进现有功能', 'Improve an existing feature'],
          ['content', '内容建议', 'Content'],
        ]),
        ...subtypesOf('payment', [
          ['payment_failed', '支付失败', 'Payment failed'],
          ['unexpected_charge', '异常扣款', 'Unexpected charge'],
          ['duplicate_charge', '重复扣款', 'Charged twice'],
          ['refund', '退款问题', 'Refund'],
          ['invoice', '发票问题', 'Invoice'],
        ]),
        ...subtypesOf('account', [
          ['stolen', '账号被盗', 'My account was stolen'],
          ['login', '无法登录', 'I cannot log in'],
          ['verification_code', '收不到验证码', 'No verification code'],
          ['binding', '换绑/解绑问题', 'Changing linked phone or account'],
          ['suspicious_login', '异常登录提醒', 'Suspicious login alert'],
        ]),
        ...subtypesOf('privacy', [
          ['data_leak', '信息泄露', 'My data was leaked'],
          ['excessive_permission', '过度索取权限', 'Asks for too many permissions'],
          ['spam_marketing', '骚扰推销', 'Unwanted marketing'],
          ['data_deletion', '删除个人信息/注销账号', 'Delete my data or account'],
        ]),
        ...subtypesOf('other', [
          ['fraud', '疑似诈骗', 'Possible fraud'],
          ['illegal_content', '违法违规内容', 'Illegal content'],
          ['other_issue', '其他问题', 'Something else'],
        ]),
      ],
    },
    {
      kind: 'text',
      id: 'amount',
      label: text('交易金额（元）', 'Amount (CNY)'),
      required: false,
      format: 'amount',
      maxLength: 16,
      placeholder: text('例如 99.00', 'e.g. 99.00'),
      visibleWhen: { field: CATEGORY_FIELD, in: ['payment'] },
    },
    {
      kind: 'text',
      id: 'transaction_time',
      label: text('交易时间', 'Time of the transaction'),
      required: false,
      format: 'datetime',
      maxLength: 32,
      placeholder: text('例如 2026-11-23 08:30', 'e.g. 2026-11-23 08:30'),
      visibleWhen: { field: CATEGORY_FIELD, in: ['payment'] },
    },
    {
      kind: 'textarea',
      id: DESCRIPTION_FIELD,
      label: text('问题描述', 'Description'),
      required: true,
      minLength: 5,
      maxLength: 500,
      placeholder: text('请描述您遇到的问题，以便我们尽快处理', 'Tell us what happened so we can help quickly'),
    },
    {
      kind: 'images',
      id: 'screenshots',
      label: text('截图', 'Screenshots'),
      required: false,
      maxCount: 4,
      help: text('最多 4 张，有助于我们更快定位问题', 'Up to 4; they help us find the problem faster'),
    },
    {
      kind: 'contact',
      id: 'contact',
      label: text('联系方式', 'Contact details'),
      required: false,
      channels: ['phone', 'wechat', 'email'],
      consentLabel: text('同意客服通过以上方式联系我', 'Support may contact me this way'),
    },
  ],
}))();

import { describe, expect, it } from 'vitest';
import { sampleSubmission } from '../schema/fixtures';
import { FormDefinition as FormDefinitionSchema } from '../schema/form';
import { DEFAULT_FORM } from './default-form';
import { CATEGORY_FIELD, DESCRIPTION_FIELD, SUBTYPES_FIELD } from './fields';
import type { ChoiceField, FormDefinitionInput } from './types';
import { validateAnswers, type FieldError } from './validate';
import { isFieldVisible, visibleFields, visibleOptions } from './visibility';

const field = (id: string) => DEFAULT_FORM.fields.find((candidate) => candidate.id === id)!;
const subtypes = field(SUBTYPES_FIELD) as ChoiceField;
const ids = (answers: Record<string, unknown>) => visibleFields(DEFAULT_FORM, answers).map((shown) => shown.id);
const define = (input: Omit<FormDefinitionInput, 'version' | 'title'>) => FormDefinitionSchema.parse({ version: 1, title: { 'zh-CN': '测试' }, ...input });

/** A payment complaint as a reporter on WeChat would send it. */
const payment = {
  category: 'payment',
  subtypes: ['payment_failed', 'unexpected_charge'],
  amount: '199.00',
  transaction_time: '2026-11-23 08:10',
  description: '昨天支付失败了，但是银行卡被扣款了 199 元，订单显示未支付',
  screenshots: ['att_01HZX3', 'att_01HZX4'],
};

function errorsOf(answers: unknown, extra: { contact?: unknown; consent?: unknown } = {}, locale?: 'zh-CN' | 'en-US'): FieldError[] {
  const result = validateAnswers(DEFAULT_FORM, { answers, ...extra }, { locale });
  expect(result.ok, 'expected validation to fail').toBe(false);
  return result.ok ? [] : result.errors;
}

describe('visibility of the default form', () => {
  it('asks for the category, description, screenshots and contact before anything is picked', () => {
    expect(ids({})).toEqual(['category', 'description', 'screenshots', 'contact']);
  });

  it('offers sub-types of the chosen category only', () => {
    expect(visibleOptions(subtypes, { category: 'payment' }).map((option) => option.value)).toEqual([
      'payment_failed',
      'unexpected_charge',
      'duplicate_charge',
      'refund',
      'invoice',
    ]);
    expect(visibleOptions(subtypes, { category: 'account' }).map((option) => option.value)).toContain('stolen');
    expect(visibleOptions(subtypes, {})).toEqual([]);
  });

  it('shows amount and transaction time for payment problems only', () => {
    expect(ids({ category: 'payment' })).toEqual(['category', 'subtypes', 'amount', 'transaction_time', 'description', 'screenshots', 'contact']);
    expect(ids({ category: 'service', amount: '10' })).toEqual(['category', 'subtypes', 'description', 'screenshots', 'contact']);
    expect(isFieldVisible(field('amount'), { category: 'payment' })).toBe(true);
  });

  it('ignores inherited answers', () => {
    expect(isFieldVisible(field('amount'), Object.create({ category: 'payment' }) as Record<string, unknown>)).toBe(false);
  });

  it('settles chains: a stale sub-type reveals nothing once its category changes', () => {
    const form = define({
      id: 'chain',
      fields: [
        { kind: 'radio', id: 'kind', label: { 'zh-CN': '类型' }, options: [{ value: 'money', label: { 'zh-CN': '钱' } }, { value: 'other', label: { 'zh-CN': '其他' } }] },
        {
          kind: 'select',
          id: 'what',
          label: { 'zh-CN': '具体' },
          options: [{ value: 'refund', label: { 'zh-CN': '退款' }, visibleWhen: { field: 'kind', in: ['money'] } }],
        },
        { kind: 'text', id: 'order', label: { 'zh-CN': '订单号' }, visibleWhen: { field: 'what', in: ['refund'] } },
      ],
    });
    expect(visibleFields(form, { kind: 'money', what: 'refund' }).map((shown) => shown.id)).toEqual(['kind', 'what', 'order']);
    expect(visibleFields(form, { kind: 'other', what: 'refund' }).map((shown) => shown.id)).toEqual(['kind']);
    expect(validateAnswers(form, { answers: { kind: 'other', what: 'refund', order: 'A1' } })).toEqual({ ok: true, answers: { kind: 'other' } });
  });
});

describe('validateAnswers on the default form', () => {
  it('accepts a payment complaint with amount, time, screenshots and consented contact', () => {
    const result = validateAnswers(DEFAULT_FORM, { answers: payment, contact: { name: '王女士', phone: '138 0013 8000' }, consent: true });
    expect(result).toEqual({ ok: true, answers: payment, contact: { name: '王女士', phone: '138 0013 8000' } });
  });

  it('accepts the shared sample submission as the server receives it', () => {
    expect(validateAnswers(DEFAULT_FORM, sampleSubmission()).ok).toBe(true);
  });

  it('drops answers of hidden fields instead of refusing them', () => {
    const answers = { category: 'service', subtypes: ['slow_response'], amount: '50', transaction_time: '2026-11-23 08:10', description: '客服三天都没有回复我的留言' };
    const result = validateAnswers(DEFAULT_FORM, { answers });
    expect(result).toEqual({ ok: true, answers: { category: 'service', subtypes: ['slow_response'], description: '客服三天都没有回复我的留言' } });
  });

  it('trims text and de-duplicates picks in the cleaned answers', () => {
    const result = validateAnswers(DEFAULT_FORM, { answers: { category: 'malfunction', subtypes: ['crash', 'crash'], description: '  打开就闪退，重装也没用  ' } });
    expect(result).toEqual({ ok: true, answers: { category: 'malfunction', subtypes: ['crash'], description: '打开就闪退，重装也没用' } });
  });

  it('asks for required visible fields, in zh-CN and en-US', () => {
    expect(errorsOf({})).toEqual([
      { field: CATEGORY_FIELD, code: 'required', message: '请选择“问题类型”', params: { label: '问题类型' } },
      { field: DESCRIPTION_FIELD, code: 'required', message: '请填写“问题描述”', params: { label: '问题描述' } },
    ]);
    expect(errorsOf({ category: 'payment', description: '   ' }, {}, 'en-US')).toEqual([
      { field: DESCRIPTION_FIELD, code: 'required', message: 'Please fill in "Description"', params: { label: 'Description' } },
    ]);
  });

  it('refuses a sub-type of another category as invalid_option', () => {
    expect(errorsOf({ category: 'service', subtypes: ['refund'], description: '退款一直没有到账' })).toEqual([
      { field: SUBTYPES_FIELD, code: 'invalid_option', message: '“具体问题（可多选）”中有不可选的选项，请重新选择', params: { label: '具体问题（可多选）', value: 'refund' } },
    ]);
    expect(errorsOf({ category: 'refund', description: '退款一直没有到账' })).toContainEqual(expect.objectContaining({ field: CATEGORY_FIELD, code: 'invalid_option' }));
  });

  it('enforces the description length', () => {
    expect(errorsOf({ category: 'other', description: '扣钱了' })).toEqual([
      { field: DESCRIPTION_FIELD, code: 'too_short', message: '“问题描述”至少 5 个字', params: { label: '问题描述', min: 5 } },
    ]);
    const [tooLong] = errorsOf({ category: 'other', description: '很'.repeat(501) }, {}, 'en-US');
    expect(tooLong).toEqual({ field: DESCRIPTION_FIELD, code: 'too_long', message: '"Description" can be at most 500 characters', params: { label: 'Description', max: 500 } });
  });

  it.each(['0', '99', '99.9', '1234.56', ' 88.80 '])('accepts the amount %j', (amount) => {
    expect(validateAnswers(DEFAULT_FORM, { answers: { ...payment, amount } }).ok).toBe(true);
  });

  it.each(['-1', '1.234', '1e3', '01', '¥99', '九十九', '1,000'])('refuses the amount %j', (amount) => {
    expect(errorsOf({ ...payment, amount })).toEqual([
      { field: 'amount', code: 'invalid_format', message: '请填写正确的金额，最多两位小数', params: { label: '交易金额（元）', format: 'amount' } },
    ]);
  });

  it.each(['2026-11-23 08:30', '2026/11/23 8:30', '2026-11-23T08:10:00+08:00', '2026-11-23T00:10:00.000Z', '2028-02-29 23:59:59'])(
    'accepts the transaction time %j',
    (time) => {
      expect(validateAnswers(DEFAULT_FORM, { answers: { ...payment, transaction_time: time } }).ok).toBe(true);
    },
  );

  it.each(['2026-02-29 08:00', '2026-11-23', '2026-13-01 08:00', '2026-11-23 24:00', '2026-11-23 08:60', '昨天下午三点'])('refuses the transaction time %j', (time) => {
    expect(errorsOf({ ...payment, transaction_time: time }, {}, 'en-US')).toEqual([
      { field: 'transaction_time', code: 'invalid_format', message: 'Please enter a valid time, e.g. 2026-11-23 08:30', params: { label: 'Time of the transaction', format: 'datetime' } },
    ]);
  });

  it('caps screenshots at the field maximum', () => {
    expect(errorsOf({ ...payment, screenshots: ['a1', 'a2', 'a3', 'a4', 'a5'] })).toEqual([
      { field: 'screenshots', code: 'too_many', message: '“截图”最多上传 4 张', params: { label: '截图', max: 4 } },
    ]);
  });

  it('refuses values of the wrong type', () => {
    const errors = errorsOf({ category: 7, description: null, screenshots: 'a1' });
    expect(errors.map((error) => [error.field, error.code])).toEqual([
      ['category', 'invalid_type'],
      ['description', 'invalid_type'],
      ['screenshots', 'invalid_type'],
    ]);
    expect(errorsOf({ ...payment, subtypes: 'refund' })).toEqual([expect.objectContaining({ field: SUBTYPES_FIELD, code: 'invalid_type', message: '“具体问题（可多选）”的内容格式不正确' })]);
  });

  it('refuses unknown fields and own __proto__ / constructor keys', () => {
    const answers = JSON.parse('{"category":"other","description":"小程序里有诈骗广告","__proto__":{"isAdmin":true},"constructor":"x","urgent":"yes"}');
    expect(errorsOf(answers).map(({ field, code, message }) => ({ field, code, message }))).toEqual([
      { field: '__proto__', code: 'forbidden_key', message: '不能使用“__proto__”作为字段名' },
      { field: 'constructor', code: 'forbidden_key', message: '不能使用“constructor”作为字段名' },
      { field: 'urgent', code: 'unknown_field', message: '表单中没有“urgent”这一项' },
    ]);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses answers that are not an object', () => {
    for (const answers of [undefined, null, 'category=payment', ['payment'], 42]) {
      expect(errorsOf(answers)).toEqual([{ field: '', code: 'invalid_type', message: '提交的内容格式不正确', params: {} }]);
    }
  });

  it('falls back to zh-CN labels and to zh-CN for unknown locales', () => {
    const form = define({ id: 'zh-only', fields: [{ kind: 'textarea', id: 'what', label: { 'zh-CN': '问题' }, required: true }] });
    const english = validateAnswers(form, { answers: {} }, { locale: 'en-US' });
    expect(english.ok ? '' : english.errors[0]?.message).toBe('Please fill in "问题"');
    const unknown = validateAnswers(form, { answers: {} }, { locale: 'fr-FR' as 'en-US' });
    expect(unknown.ok ? '' : unknown.errors[0]?.message).toBe('请填写“问题”');
  });

  it('never mutates its input', () => {
    const input = { answers: { ...payment, subtypes: ['refund', 'refund'], description: '  退款十天还没到账  ', extra: 1 }, contact: { phone: ' 13800138000 ' }, consent: true };
    const before = structuredClone(input);
    validateAnswers(DEFAULT_FORM, deepFreeze(input));
    expect(input).toEqual(before);
  });
});

describe('validateAnswers: contact details', () => {
  const answers = { category: 'account', subtypes: ['stolen'], description: '账号被盗，绑定的手机号被改了' };

  it('keeps consented contact details, trimmed, with true or the wire consent object', () => {
    const contact = { phone: ' +86 138-0013-8000 ', wechat: 'wang_nvshi' };
    const cleaned = { phone: '+86 138-0013-8000', wechat: 'wang_nvshi' };
    expect(validateAnswers(DEFAULT_FORM, { answers, contact, consent: true })).toEqual({ ok: true, answers, contact: cleaned });
    expect(validateAnswers(DEFAULT_FORM, { answers, contact, consent: { contact: true } })).toMatchObject({ ok: true, contact: cleaned });
  });

  it('needs consent when contact details are given', () => {
    for (const consent of [undefined, false, 'true', { contact: false }]) {
      expect(errorsOf(answers, { contact: { email: 'wang@example.com' }, consent })).toEqual([
        { field: 'contact', code: 'consent_required', message: '请先勾选“同意客服通过以上方式联系我”', params: { label: '同意客服通过以上方式联系我' } },
      ]);
    }
    expect(errorsOf(answers, { contact: { email: 'wang@example.com' } }, 'en-US')[0]?.message).toBe('Please tick "Support may contact me this way"');
  });

  it('treats missing or blank contact details as none given', () => {
    expect(validateAnswers(DEFAULT_FORM, { answers })).toEqual({ ok: true, answers });
    expect(validateAnswers(DEFAULT_FORM, { answers, contact: { phone: '  ', email: '' } })).toEqual({ ok: true, answers });
  });

  it('refuses a name without any way to reach the reporter', () => {
    expect(errorsOf(answers, { contact: { name: '王女士' }, consent: true })).toEqual([
      { field: 'contact', code: 'required', message: '请至少填写一种联系方式', params: { label: '联系方式' } },
    ]);
  });

  it('checks each channel', () => {
    const errors = errorsOf(answers, { contact: { phone: '138-abc', email: 'wang@', wechat: '王女士的微信' }, consent: true });
    expect(errors.map(({ code, params }) => [code, params?.key])).toEqual([
      ['invalid_format', 'phone'],
      ['invalid_format', 'email'],
      ['invalid_format', 'wechat'],
    ]);
    expect(errors.map((error) => error.message)).toEqual(['请填写正确的手机号码', '请填写正确的邮箱地址', '请填写正确的微信号']);
  });

  it('refuses channels the form does not offer, forbidden keys and non-strings', () => {
    const contact = JSON.parse('{"phone":"13800138000","qq":"10001","__proto__":{},"wechat":13800138000}');
    expect(errorsOf(answers, { contact, consent: true }).map(({ field, code }) => [field, code])).toEqual([
      ['contact', 'unknown_field'],
      ['contact', 'forbidden_key'],
      ['contact', 'invalid_type'],
    ]);
    expect(errorsOf(answers, { contact: '13800138000', consent: true })).toEqual([expect.objectContaining({ field: 'contact', code: 'invalid_type' })]);
    expect(errorsOf({ ...answers, contact: '13800138000' })).toEqual([expect.objectContaining({ field: 'contact', code: 'invalid_type' })]);
  });

  it('requires contact details when the field is required, and drops them when it is hidden', () => {
    const form = define({
      id: 'callback',
      fields: [
        { kind: 'radio', id: 'callback', label: { 'zh-CN': '需要回电吗' }, options: [{ value: 'yes', label: { 'zh-CN': '需要' } }, { value: 'no', label: { 'zh-CN': '不需要' } }] },
        { kind: 'contact', id: 'phone', label: { 'zh-CN': '电话' }, required: true, channels: ['phone'], consentLabel: { 'zh-CN': '同意回电' }, visibleWhen: { field: 'callback', in: ['yes'] } },
      ],
    });
    const phone = { phone: '13800138000' };
    expect(validateAnswers(form, { answers: { callback: 'yes' } })).toEqual({
      ok: false,
      errors: [{ field: 'phone', code: 'required', message: '请至少填写一种联系方式', params: { label: '电话' } }],
    });
    expect(validateAnswers(form, { answers: { callback: 'yes' }, contact: phone, consent: true })).toEqual({ ok: true, answers: { callback: 'yes' }, contact: phone });
    expect(validateAnswers(form, { answers: { callback: 'no' }, contact: phone })).toEqual({ ok: true, answers: { callback: 'no' } });
    const wechat = validateAnswers(form, { answers: { callback: 'yes' }, contact: { wechat: 'wang_nvshi' }, consent: true });
    expect(wechat.ok ? [] : wechat.errors.map((error) => error.code)).toEqual(['unknown_field', 'required']);
  });

  it('refuses contact details on a form without a contact field', () => {
    const form = define({ id: 'short', fields: [{ kind: 'textarea', id: 'what', label: { 'zh-CN': '问题' } }] });
    expect(validateAnswers(form, { answers: {}, contact: { phone: '13800138000' }, consent: true })).toMatchObject({
      ok: false,
      errors: [{ field: 'contact', code: 'unknown_field' }],
    });
  });
});

describe('validateAnswers: other field kinds', () => {
  const form = define({
    id: 'survey',
    fields: [
      { kind: 'rating', id: 'score', label: { 'zh-CN': '满意度', 'en-US': 'Satisfaction' }, required: true },
      {
        kind: 'multiselect',
        id: 'liked',
        label: { 'zh-CN': '喜欢的地方' },
        minSelected: 2,
        maxSelected: 3,
        options: ['speed', 'price', 'service', 'design'].map((value) => ({ value, label: { 'zh-CN': value } })),
      },
      { kind: 'text', id: 'email', label: { 'zh-CN': '邮箱' }, format: 'email', maxLength: 40 },
      { kind: 'text', id: 'phone', label: { 'zh-CN': '手机' }, format: 'phone' },
      { kind: 'text', id: 'day', label: { 'zh-CN': '日期' }, format: 'date' },
    ],
  });

  it('accepts good answers', () => {
    const answers = { score: 5, liked: ['speed', 'price'], email: 'li@example.cn', phone: '+8613800138000', day: '2026-11-23' };
    expect(validateAnswers(form, { answers })).toEqual({ ok: true, answers });
  });

  it('refuses ratings out of range and picks out of bounds', () => {
    const result = validateAnswers(form, { answers: { score: 6, liked: ['speed'] } }, { locale: 'en-US' });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'score', code: 'out_of_range', message: '"Satisfaction" must be between 1 and 5', params: { label: 'Satisfaction', min: 1, max: 5 } },
        { field: 'liked', code: 'too_few', message: 'Choose at least 2 for "喜欢的地方"', params: { label: '喜欢的地方', min: 2 } },
      ],
    });
    const more = validateAnswers(form, { answers: { score: 2.5, liked: ['speed', 'price', 'service', 'design'] } });
    expect(more.ok ? [] : more.errors.map((error) => [error.field, error.code, error.message])).toEqual([
      ['score', 'out_of_range', '“满意度”请在 1 到 5 之间选择'],
      ['liked', 'too_many', '“喜欢的地方”最多选择 3 项'],
    ]);
  });

  it('checks email, phone, date formats and length', () => {
    const result = validateAnswers(form, { answers: { score: 3, email: 'li@example', phone: '12', day: '2026-11-31' } });
    expect(result.ok ? [] : result.errors.map((error) => [error.field, error.code, error.params?.format])).toEqual([
      ['email', 'invalid_format', 'email'],
      ['phone', 'invalid_format', 'phone'],
      ['day', 'invalid_format', 'date'],
    ]);
    const long = validateAnswers(form, { answers: { score: 3, email: `${'a'.repeat(40)}@example.cn` } });
    expect(long.ok ? [] : long.errors.map((error) => error.code)).toEqual(['too_long']);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

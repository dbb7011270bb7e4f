import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { DEFAULT_FORM } from '../form/default-form';
import { LIMITS } from '../limits';
import { AnswerValue, Answers, ContactInfo, FieldCondition, FormDefinition, FormField, FormOption } from './form';

/** The issues of a failed parse, reduced to what each case asserts on. */
function issuesOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  expect(result.success, 'expected the parse to fail').toBe(false);
  return (result.error?.issues ?? []).map((issue) => ({
    code: issue.code,
    path: issue.path,
    ...(issue.code === 'custom' ? { custom: (issue.params as { code?: string } | undefined)?.code } : {}),
    ...(issue.code === 'unrecognized_keys' ? { keys: issue.keys } : {}),
  }));
}

function expectIssue(schema: z.ZodType, value: unknown, expected: Record<string, unknown>) {
  expect(issuesOf(schema, value)).toContainEqual(expect.objectContaining(expected));
}

const zh = (text: string) => ({ 'zh-CN': text });
const category = {
  kind: 'select',
  id: 'category',
  label: zh('问题类型'),
  options: [
    { value: 'payment', label: zh('支付问题') },
    { value: 'service', label: zh('服务问题') },
  ],
};
const description = { kind: 'textarea', id: 'description', label: zh('问题描述'), required: true };
const form = (...fields: unknown[]) => ({ id: 'feedback', version: 1, title: zh('反馈与投诉'), fields });
const amountWhen = (visibleWhen: unknown) => ({ kind: 'text', id: 'amount', label: zh('交易金额'), format: 'amount', visibleWhen });

describe('FormDefinition', () => {
  it('parses the default form unchanged', () => {
    expect(FormDefinition.parse(DEFAULT_FORM)).toEqual(DEFAULT_FORM);
  });

  it('fills defaults an integrator may leave out', () => {
    const parsed = FormDefinition.parse(
      form(
        category,
        { kind: 'rating', id: 'score', label: zh('评分') },
        { kind: 'images', id: 'shots', label: zh('截图') },
        { kind: 'contact', id: 'contact', label: zh('联系方式'), consentLabel: zh('同意联系我') },
        { kind: 'text', id: 'note', label: zh('备注') },
      ),
    );
    expect(parsed.fields.map((field) => field.required)).toEqual([false, false, false, false, false]);
    expect(parsed.fields[1]).toMatchObject({ max: 5 });
    expect(parsed.fields[2]).toMatchObject({ maxCount: LIMITS.attachmentsMaxCount });
    expect(parsed.fields[3]).toMatchObject({ channels: ['phone', 'email', 'wechat'] });
    expect(parsed.fields[4]).toMatchObject({ format: 'plain' });
  });

  it('accepts conditions on earlier fields: single, all, any, and on options', () => {
    const subtypes = {
      kind: 'multiselect',
      id: 'subtypes',
      label: zh('具体问题'),
      maxSelected: 3,
      options: [{ value: 'refund', label: zh('退款问题'), visibleWhen: { field: 'category', in: ['payment'] } }],
    };
    const parsed = FormDefinition.safeParse(
      form(
        category,
        subtypes,
        amountWhen({ all: [{ field: 'category', in: ['payment'] }, { field: 'subtypes', includes: ['refund'] }] }),
        { ...description, visibleWhen: { any: [{ field: 'category', in: ['service', 'payment'] }] } },
      ),
    );
    expect(parsed.success).toBe(true);
  });

  it.each([
    ['a label over the short-text cap', form({ ...category, label: zh('长'.repeat(LIMITS.shortTextMaxLength + 1)) }), ['fields', 0, 'label', 'zh-CN']],
    ['more fields than formMaxFields', form(...Array.from({ length: LIMITS.formMaxFields + 1 }, (_, i) => ({ ...description, id: `f${i}` }))), ['fields']],
    [
      'more options than fieldMaxOptions',
      form({ ...category, options: Array.from({ length: LIMITS.fieldMaxOptions + 1 }, (_, i) => ({ value: `o${i}`, label: zh('选项') })) }),
      ['fields', 0, 'options'],
    ],
    ['a textarea longer than longTextMaxLength', form({ ...description, maxLength: LIMITS.longTextMaxLength + 1 }), ['fields', 0, 'maxLength']],
    ['more images than attachmentsMaxCount', form({ kind: 'images', id: 'shots', label: zh('截图'), maxCount: LIMITS.attachmentsMaxCount + 1 }), ['fields', 0, 'maxCount']],
    ['a rating above 10', form({ kind: 'rating', id: 'score', label: zh('评分'), max: 11 }), ['fields', 0, 'max']],
    ['a field id over idMaxLength', form({ ...description, id: 'a'.repeat(LIMITS.idMaxLength + 1) }), ['fields', 0, 'id']],
  ])('rejects %s as too_big', (_, value, path) => {
    expectIssue(FormDefinition, value, { code: 'too_big', path });
  });

  it('rejects a rating below 3 and an empty field list as too_small', () => {
    expectIssue(FormDefinition, form({ kind: 'rating', id: 'score', label: zh('评分'), max: 2 }), { code: 'too_small', path: ['fields', 0, 'max'] });
    expectIssue(FormDefinition, form(), { code: 'too_small', path: ['fields'] });
  });

  it.each([
    ['a string version', { ...form(category), version: '1' }, ['version']],
    ['a string required flag', form({ ...description, required: 'yes' }), ['fields', 0, 'required']],
    ['a missing title', { id: 'feedback', version: 1, fields: [category] }, ['title']],
    ['a select without options', form({ ...category, options: undefined }), ['fields', 0, 'options']],
    ['a contact field without consent label', form({ kind: 'contact', id: 'contact', label: zh('联系方式') }), ['fields', 0, 'consentLabel']],
    ['a label without zh-CN', form({ ...description, label: { 'en-US': 'Description' } }), ['fields', 0, 'label', 'zh-CN']],
  ])('rejects %s as invalid_type', (_, value, path) => {
    expectIssue(FormDefinition, value, { code: 'invalid_type', path });
  });

  it('rejects an unknown field kind at the discriminator', () => {
    expectIssue(FormDefinition, form({ kind: 'slider', id: 'x', label: zh('滑块') }), { code: 'invalid_union', path: ['fields', 0, 'kind'] });
  });

  it('rejects a non-integer version and a text format it does not know', () => {
    expectIssue(FormDefinition, { ...form(category), version: 1.5 }, { code: 'invalid_type', path: ['version'] });
    expectIssue(FormDefinition, form({ kind: 'text', id: 'x', label: zh('x'), format: 'iban' }), { code: 'invalid_value', path: ['fields', 0, 'format'] });
  });

  it.each([
    ['the form', '{"__proto__": {"admin": true}}', []],
    ['a field', '{"fields": [{"__proto__": {}}]}', ['fields', 0]],
    ['an option', '{"fields": [{"options": [{"__proto__": {}}]}]}', ['fields', 0, 'options', 0]],
    ['a label', '{"title": {"__proto__": {}}}', ['title']],
  ])('rejects an own __proto__ key on %s', (_, patch, path) => {
    const value = mergeJson(form(category), patch);
    expectIssue(FormDefinition, value, { code: 'unrecognized_keys', path, keys: ['__proto__'] });
  });

  it('rejects a constructor key and reserved names as ids', () => {
    expectIssue(FormDefinition, JSON.parse(JSON.stringify({ ...form(category), constructor: {} })), {
      code: 'unrecognized_keys',
      path: [],
      keys: ['constructor'],
    });
    expectIssue(FormDefinition, form({ ...description, id: 'constructor' }), { code: 'custom', custom: 'forbidden_key', path: ['fields', 0, 'id'] });
    expectIssue(FormDefinition, form({ ...category, options: [{ value: '__proto__', label: zh('x') }] }), {
      code: 'invalid_format',
      path: ['fields', 0, 'options', 0, 'value'],
    });
  });

  it('rejects duplicate field ids and duplicate option values', () => {
    expectIssue(FormDefinition, form(description, { ...description, kind: 'text' }), { code: 'custom', custom: 'duplicate_id', path: ['fields', 1, 'id'] });
    const options = [...category.options, { value: 'payment', label: zh('又一个') }];
    expectIssue(FormDefinition, form({ ...category, options }), { code: 'custom', custom: 'duplicate_value', path: ['fields', 0, 'options', 2, 'value'] });
  });

  it('rejects a second contact field', () => {
    const contact = { kind: 'contact', id: 'contact', label: zh('联系方式'), consentLabel: zh('同意') };
    expectIssue(FormDefinition, form(contact, { ...contact, id: 'contact2' }), { code: 'custom', custom: 'too_many_contact_fields', path: ['fields'] });
  });

  it('rejects minimums above maximums', () => {
    expectIssue(FormDefinition, form({ ...description, minLength: 10, maxLength: 5 }), { code: 'custom', custom: 'min_exceeds_max', path: ['fields', 0, 'minLength'] });
    const multi = { ...category, kind: 'multiselect', minSelected: 2, maxSelected: 1 };
    expectIssue(FormDefinition, form(multi), { code: 'custom', custom: 'min_exceeds_max', path: ['fields', 0, 'minSelected'] });
  });

  it('rejects references to later fields, to itself and to unknown fields', () => {
    expectIssue(FormDefinition, form(amountWhen({ field: 'category', in: ['payment'] }), category), {
      code: 'custom',
      custom: 'forward_reference',
      path: ['fields', 0, 'visibleWhen', 'field'],
    });
    const selfish = { ...category, options: [{ value: 'payment', label: zh('支付'), visibleWhen: { field: 'category', in: ['payment'] } }] };
    expectIssue(FormDefinition, form(selfish), { code: 'custom', custom: 'forward_reference', path: ['fields', 0, 'options', 0, 'visibleWhen', 'field'] });
    expectIssue(FormDefinition, form(category, amountWhen({ any: [{ field: 'category', in: ['payment'] }, { field: 'kategorie', in: ['x'] }] })), {
      code: 'custom',
      custom: 'unknown_field',
      path: ['fields', 1, 'visibleWhen', 'any', 1, 'field'],
    });
  });

  it('rejects condition values the referenced field does not offer', () => {
    expectIssue(FormDefinition, form(category, amountWhen({ field: 'category', in: ['payment', 'paymnet'] })), {
      code: 'custom',
      custom: 'unknown_option',
      path: ['fields', 1, 'visibleWhen', 'in', 1],
    });
    expectIssue(FormDefinition, form(category, amountWhen({ all: [{ field: 'category', in: ['refund'] }] })), {
      code: 'custom',
      custom: 'unknown_option',
      path: ['fields', 1, 'visibleWhen', 'all', 0, 'in', 0],
    });
  });

  it('rejects an operator that does not fit the referenced kind', () => {
    expectIssue(FormDefinition, form(category, amountWhen({ field: 'category', includes: ['payment'] })), {
      code: 'custom',
      custom: 'condition_kind_mismatch',
      path: ['fields', 1, 'visibleWhen', 'includes'],
    });
    expectIssue(FormDefinition, form(description, amountWhen({ field: 'description', in: ['x'] })), {
      code: 'custom',
      custom: 'condition_kind_mismatch',
      path: ['fields', 1, 'visibleWhen', 'in'],
    });
  });

  it('rejects nested all/any: conditions are one level deep', () => {
    const nested = { all: [{ any: [{ field: 'category', in: ['payment'] }] }] };
    expect(issuesOf(FormDefinition, form(category, amountWhen(nested)))[0]).toMatchObject({ code: 'invalid_union', path: ['fields', 1, 'visibleWhen'] });
  });
});

describe('FieldCondition', () => {
  it('needs exactly one of in/includes', () => {
    expectIssue(FieldCondition, { field: 'category' }, { code: 'custom', custom: 'invalid_condition', path: [] });
    expectIssue(FieldCondition, { field: 'category', in: ['a'], includes: ['a'] }, { code: 'custom', custom: 'invalid_condition', path: [] });
    expectIssue(FieldCondition, { field: 'category', in: [] }, { code: 'too_small', path: ['in'] });
  });
});

describe('FormOption and FormField', () => {
  it('are strict', () => {
    expectIssue(FormOption, { value: 'a', label: zh('A'), hint: 'x' }, { code: 'unrecognized_keys', path: [], keys: ['hint'] });
    expectIssue(FormField, { ...category, placeholder: zh('请选择') }, { code: 'unrecognized_keys', path: [], keys: ['placeholder'] });
  });
});

describe('Answers and AnswerValue', () => {
  it('accepts every kind of answer value', () => {
    const answers = { category: 'payment', subtypes: ['refund'], score: 4, agreed: true, description: '长'.repeat(LIMITS.longTextMaxLength) };
    expect(Answers.parse(answers)).toEqual(answers);
  });

  it.each([
    ['a string over longTextMaxLength', 'x'.repeat(LIMITS.longTextMaxLength + 1), 'too_big', []],
    ['too many items', Array.from({ length: LIMITS.answerMaxItems + 1 }, () => 'a'), 'too_big', []],
    ['an item over shortTextMaxLength', ['x'.repeat(LIMITS.shortTextMaxLength + 1)], 'too_big', [0]],
  ])('rejects %s', (_, value, code, path) => {
    // zod reports the one branch of the union that matched the type, or all of them.
    const issues = AnswerValue.safeParse(value).error?.issues ?? [];
    const flat = issues.flatMap((issue) => (issue.code === 'invalid_union' ? issue.errors.flat() : [issue]));
    expect(flat).toContainEqual(expect.objectContaining({ code, path }));
  });

  it('rejects Infinity, NaN, null and objects', () => {
    for (const value of [Infinity, Number.NaN, null, { a: 1 }]) {
      expectIssue(Answers, { score: value }, { code: 'invalid_union', path: ['score'] });
    }
  });

  it('refuses own __proto__ and constructor keys with forbidden_key', () => {
    expectIssue(Answers, JSON.parse('{"__proto__": "x", "category": "payment"}'), { code: 'custom', custom: 'forbidden_key', path: ['__proto__'] });
    expectIssue(Answers, JSON.parse('{"constructor": "x"}'), { code: 'custom', custom: 'forbidden_key', path: ['constructor'] });
  });

  it('caps the number of answers and checks keys as ids', () => {
    const many = Object.fromEntries(Array.from({ length: LIMITS.formMaxFields + 1 }, (_, i) => [`f${i}`, 'x']));
    expectIssue(Answers, many, { code: 'custom', custom: 'too_many_entries', path: [] });
    expectIssue(Answers, { 'Not A Slug': 'x' }, { code: 'invalid_key', path: ['Not A Slug'] });
  });
});

describe('ContactInfo', () => {
  it('accepts a channel with an optional name, trimmed', () => {
    expect(ContactInfo.parse({ name: ' 王女士 ', phone: '13800138000' })).toEqual({ name: '王女士', phone: '13800138000' });
  });

  it('needs at least one channel', () => {
    expectIssue(ContactInfo, { name: '王女士' }, { code: 'custom', custom: 'contact_required', path: [] });
  });

  it('rejects long values, unknown keys and __proto__', () => {
    expectIssue(ContactInfo, { phone: '1'.repeat(LIMITS.shortTextMaxLength + 1) }, { code: 'too_big', path: ['phone'] });
    expectIssue(ContactInfo, { phone: '13800138000', qq: '10001' }, { code: 'unrecognized_keys', path: [], keys: ['qq'] });
    expectIssue(ContactInfo, JSON.parse('{"phone": "13800138000", "__proto__": {}}'), { code: 'unrecognized_keys', path: [], keys: ['__proto__'] });
    expectIssue(ContactInfo, { phone: 13800138000 }, { code: 'invalid_type', path: ['phone'] });
  });
});

/**
 * Deep-merges a JSON patch into a JSON copy of `base`, parsing the patch so that its
 * `__proto__` keys become own properties, as they do in a request body.
 */
function mergeJson(base: unknown, patch: string): unknown {
  const merge = (target: unknown, source: unknown): unknown => {
    if (source === null || typeof source !== 'object') return source;
    if (Array.isArray(source)) {
      return source.map((item, i) => merge(Array.isArray(target) ? target[i] : undefined, item));
    }
    const result: Record<string, unknown> = JSON.parse(JSON.stringify(target ?? {}));
    for (const [key, value] of Object.entries(source)) {
      Object.defineProperty(result, key, { value: merge(Object.getOwnPropertyDescriptor(result, key)?.value, value), enumerable: true, writable: true, configurable: true });
    }
    return result;
  };
  return merge(JSON.parse(JSON.stringify(base)), JSON.parse(patch));
}

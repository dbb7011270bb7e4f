import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM } from './default-form';
import { CATEGORY_FIELD, SUBTYPES_FIELD } from './fields';
import type { ChoiceField } from './types';
import { FIELD_ERROR_CODES, validateAnswers, type AnswersInput } from './validate';
import { visibleFields, visibleOptions } from './visibility';

const categories = (DEFAULT_FORM.fields[0] as ChoiceField).options.map((option) => option.value);
const subtypesField = DEFAULT_FORM.fields.find((field) => field.id === SUBTYPES_FIELD) as ChoiceField;
const fieldIds = DEFAULT_FORM.fields.map((field) => field.id);

const pad = (text: fc.Arbitrary<string>) => fc.tuple(fc.constantFrom('', ' ', '\n'), text, fc.constantFrom('', '  ')).map((parts) => parts.join(''));
const amount = fc
  .tuple(fc.nat({ max: 999_999 }), fc.option(fc.nat({ max: 99 }), { nil: undefined }))
  .map(([yuan, fen]) => (fen === undefined ? `${yuan}` : `${yuan}.${String(fen).padStart(2, '0')}`));
const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
const transactionTime = fc.oneof(
  instant.map((date) => date.toISOString()),
  instant.map((date) => date.toISOString().slice(0, 16).replace('T', ' ')),
);
const description = fc.string({ unit: fc.constantFrom(...'昨天支付失败银行卡被扣款订单显示未支付客服没有回复abc123，。!'), minLength: 5, maxLength: 500 });
const attachmentIds = fc.array(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), { maxLength: 4 });
const contact = fc.record(
  { name: fc.constantFrom('王女士', 'Li Lei'), phone: fc.constantFrom('13800138000', '+86 139 0000 1111'), wechat: fc.constantFrom('wang_nvshi', 'lilei2026') },
  { requiredKeys: ['phone'] },
);

/** A submission a reporter could make: only visible fields, only offered options. */
const validSubmission = fc.constantFrom(...categories).chain((category) => {
  const offered = visibleOptions(subtypesField, { [CATEGORY_FIELD]: category }).map((option) => option.value);
  const payment = category === 'payment';
  return fc.record(
    {
      answers: fc.record(
        {
          category: fc.constant(category),
          subtypes: fc.subarray(offered, { minLength: 1 }),
          ...(payment ? { amount, transaction_time: transactionTime } : {}),
          description,
          screenshots: attachmentIds.filter((ids) => ids.length > 0),
        },
        { requiredKeys: ['category', 'description'] },
      ),
      contact: fc.option(contact, { nil: undefined }),
    },
    { requiredKeys: ['answers'] },
  ).map((submission): AnswersInput => (submission.contact ? { ...submission, consent: true } : submission));
});

/** Valid submissions with noise: padding, stale answers of hidden fields, junk values, junk keys. */
const noisySubmission = fc
  .tuple(
    validSubmission,
    fc.record({ amount: fc.oneof(amount, fc.anything()), transaction_time: transactionTime, subtypes: fc.subarray(subtypesField.options.map((option) => option.value)) }, { requiredKeys: [] }),
    fc.option(fc.tuple(fc.constantFrom(...fieldIds, 'urgent', '__proto__', 'constructor'), fc.anything()), { nil: undefined }),
    pad(description),
  )
  .map(([submission, stale, junk, padded]) => {
    const answers: Record<string, unknown> = { ...stale, ...(submission.answers as object), description: padded };
    if (junk) Object.defineProperty(answers, junk[0], { value: junk[1], enumerable: true, writable: true, configurable: true });
    return { ...submission, answers };
  });

const hostileObject = fc
  .array(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', ...fieldIds, 'phone', 'email'), fc.anything()), { maxLength: 8 })
  .map((entries) => Object.fromEntries(entries));

describe('validateAnswers properties', () => {
  it('accepts every submission built from visible fields and offered options, unchanged', () => {
    fc.assert(
      fc.property(validSubmission, (input) => {
        const result = validateAnswers(DEFAULT_FORM, input);
        expect(result).toEqual({ ok: true, answers: input.answers, ...(input.contact ? { contact: input.contact } : {}) });
      }),
    );
  });

  it('never throws and always answers with known codes and messages', () => {
    const anything = fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withDate: true, withMap: true });
    const input = fc.oneof(
      fc.record({ answers: fc.oneof(anything, hostileObject), contact: fc.oneof(anything, hostileObject), consent: anything }),
      anything,
      hostileObject.map((answers) => ({ answers })),
      fc.json().map((text) => ({ answers: JSON.parse(text) as unknown })),
    );
    fc.assert(
      fc.property(input, fc.constantFrom('zh-CN', 'en-US', 'xx'), (value, locale) => {
        const before = safeClone(value);
        const result = validateAnswers(DEFAULT_FORM, value as AnswersInput, { locale: locale as 'zh-CN' });
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) {
            expect(FIELD_ERROR_CODES).toContain(error.code);
            expect(error.message).not.toMatch(/^validation\./);
          }
        }
        if (before !== undefined) expect(value).toEqual(before);
      }),
    );
  });

  it('keeps only answers of known, visible fields', () => {
    fc.assert(
      fc.property(noisySubmission, (input) => {
        const result = validateAnswers(DEFAULT_FORM, input);
        if (!result.ok) return;
        const shown = visibleFields(DEFAULT_FORM, result.answers).map((field) => field.id);
        for (const key of Object.keys(result.answers)) expect(shown).toContain(key);
      }),
    );
  });

  it('reports required for a required visible answer that is removed', () => {
    fc.assert(
      fc.property(validSubmission, fc.nat(), (input, pick) => {
        const answers = input.answers as Record<string, unknown>;
        const required = visibleFields(DEFAULT_FORM, answers).filter((field) => field.required);
        const removed = required[pick % required.length]!;
        const { [removed.id]: _, ...rest } = answers;
        const result = validateAnswers(DEFAULT_FORM, { ...input, answers: rest });
        expect(result.ok ? [] : result.errors).toContainEqual(expect.objectContaining({ field: removed.id, code: 'required' }));
      }),
    );
  });

  it('is idempotent on its own output', () => {
    fc.assert(
      fc.property(noisySubmission, (input) => {
        const first = validateAnswers(DEFAULT_FORM, input);
        if (!first.ok) return;
        const again = validateAnswers(DEFAULT_FORM, { answers: first.answers, contact: first.contact, consent: input.consent });
        expect(again).toEqual(first);
      }),
    );
  });
});

/** A snapshot to compare against after the call, or undefined for values structuredClone refuses. */
function safeClone(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return undefined;
  }
}

import { z } from 'zod';
import { LIMITS } from '../limits';
import { CONTACT_CHANNELS, TEXT_FORMATS, type FieldKind } from '../model';
import { LocalizedText, Slug, safeRecord, text } from './primitives';

/**
 * The form definition (what `GET /v1/config` serves and what the SDK bundles) and the
 * answers a submission carries. Every object is strict: an unknown key, including an own
 * `__proto__` or `constructor` from JSON.parse, is an `unrecognized_keys` issue.
 * Cross-field rules are custom issues whose `params.code` is stable.
 */


const OptionValues = z.array(Slug).min(1).max(LIMITS.fieldMaxOptions);

export const FieldCondition = z
  .strictObject({ field: Slug, in: OptionValues.optional(), includes: OptionValues.optional() })
  .refine((condition) => (condition.in === undefined) !== (condition.includes === undefined), {
    message: 'must have exactly one of "in" (select, radio) or "includes" (multiselect)',
    params: { code: 'invalid_condition' },
  })
  .meta({
    id: 'FieldCondition',
    description:
      'True when the answer to `field` (declared earlier) is one of `in` (select, radio) or contains one of `includes` (multiselect).',
  });

const Conditions = z.array(FieldCondition).min(1).max(LIMITS.formMaxFields);

/** One condition, or all/any of a flat list: deeper nesting is never needed by a feedback form. */
export const VisibleWhen = z
  .union([FieldCondition, z.strictObject({ all: Conditions }), z.strictObject({ any: Conditions })])
  .meta({ description: 'Shows a field or an option only when the condition holds; hidden answers are dropped.' });

export const FormOption = z
  .strictObject({ value: Slug, label: LocalizedText, visibleWhen: VisibleWhen.optional() })
  .meta({ id: 'FormOption', description: 'A choice; `visibleWhen` makes sub-types depend on the category.' });

/** Reports every repeat of `key(item)` at `[...at, index, ...subPath]` with `params.code`. */
function unique<T>(key: (item: T) => string, subPath: string[], code: string, at: string[] = []) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const value = key(item);
      if (seen.has(value)) {
        const path = [...at, index, ...subPath];
        ctx.addIssue({ code: 'custom', message: `"${value}" appears more than once`, path, params: { code } });
      }
      seen.add(value);
    });
  };
}

const Options = z
  .array(FormOption)
  .min(1)
  .max(LIMITS.fieldMaxOptions)
  .superRefine(unique((option) => option.value, ['value'], 'duplicate_value'));

const common = {
  id: Slug,
  label: LocalizedText,
  required: z.boolean().default(false),
  help: LocalizedText.optional(),
  visibleWhen: VisibleWhen.optional(),
};

/** A lower bound above its upper bound would make a field impossible to answer. */
function crossed(key: string) {
  return { message: `${key} must not exceed the maximum`, path: [key], params: { code: 'min_exceeds_max' } };
}
const inOrder = (min: number | undefined, max: number | undefined) => min === undefined || max === undefined || min <= max;

const SelectField = z.strictObject({ ...common, kind: z.literal('select'), options: Options });
const RadioField = z.strictObject({ ...common, kind: z.literal('radio'), options: Options });
const MultiselectField = z
  .strictObject({
    ...common,
    kind: z.literal('multiselect'),
    options: Options,
    minSelected: z.int().min(0).max(LIMITS.answerMaxItems).optional(),
    maxSelected: z.int().min(1).max(LIMITS.answerMaxItems).optional(),
  })
  .refine((field) => inOrder(field.minSelected, field.maxSelected), crossed('minSelected'));
const TextField = z
  .strictObject({
    ...common,
    kind: z.literal('text'),
    format: z.enum(TEXT_FORMATS).default('plain'),
    minLength: z.int().min(0).max(LIMITS.shortTextMaxLength).optional(),
    maxLength: z.int().min(1).max(LIMITS.shortTextMaxLength).optional(),
    placeholder: LocalizedText.optional(),
  })
  .refine((field) => inOrder(field.minLength, field.maxLength), crossed('minLength'));
const TextareaField = z
  .strictObject({
    ...common,
    kind: z.literal('textarea'),
    minLength: z.int().min(0).max(LIMITS.longTextMaxLength).optional(),
    maxLength: z.int().min(1).max(LIMITS.longTextMaxLength).optional(),
    placeholder: LocalizedText.optional(),
  })
  .refine((field) => inOrder(field.minLength, field.maxLength), crossed('minLength'));
const RatingField = z.strictObject({ ...common, kind: z.literal('rating'), max: z.int().min(3).max(10).default(5) });
const ImagesField = z.strictObject({
  ...common,
  kind: z.literal('images'),
  maxCount: z.int().min(1).max(LIMITS.attachmentsMaxCount).default(LIMITS.attachmentsMaxCount),
});
const ContactField = z.strictObject({
  ...common,
  kind: z.literal('contact'),
  channels: z
    .array(z.enum(CONTACT_CHANNELS))
    .min(1)
    .max(CONTACT_CHANNELS.length)
    .superRefine(unique((channel) => channel, [], 'duplicate_value'))
    .default([...CONTACT_CHANNELS]),
  consentLabel: LocalizedText,
});

export const FormField = z
  .discriminatedUnion('kind', [
    SelectField,
    MultiselectField,
    RadioField,
    TextField,
    TextareaField,
    RatingField,
    ImagesField,
    ContactField,
  ])
  .meta({ id: 'FormField' });

// A kind added to FIELD_KINDS without a schema here fails to compile.
type Assert<T extends true> = T;
type FieldKindsCovered = Assert<[Exclude<FieldKind, z.output<typeof FormField>['kind']>] extends [never] ? true : false>;

type Field = z.output<typeof FormField>;
type Condition = z.output<typeof FieldCondition>;

function conditionsOf(when: z.output<typeof VisibleWhen>): { condition: Condition; path: (string | number)[] }[] {
  if ('all' in when) return when.all.map((condition, i) => ({ condition, path: ['all', i] }));
  if ('any' in when) return when.any.map((condition, i) => ({ condition, path: ['any', i] }));
  return [{ condition: when, path: [] }];
}

/**
 * A condition may only look at a choice field declared earlier (so one pass in form order
 * settles visibility and there are no cycles), with the operator of its kind, and only
 * name options that field has.
 */
function checkCondition(fields: Field[], index: number, condition: Condition, path: (string | number)[], ctx: z.RefinementCtx) {
  const issue = (code: string, message: string, at: (string | number)[] = ['field']) =>
    ctx.addIssue({ code: 'custom', message, path: [...path, ...at], params: { code } });
  // A condition with both or neither operator was already reported by FieldCondition.
  if ((condition.in === undefined) === (condition.includes === undefined)) return;
  const target = fields.findIndex((field) => field.id === condition.field);
  if (target === -1) return issue('unknown_field', `refers to unknown field "${condition.field}"`);
  if (target >= index) return issue('forward_reference', `refers to "${condition.field}", which is not declared before this field`);
  const field = fields[target]!;
  const operator = condition.in ? 'in' : 'includes';
  const wanted = operator === 'in' ? field.kind === 'select' || field.kind === 'radio' : field.kind === 'multiselect';
  if (!wanted || !('options' in field)) {
    return issue('condition_kind_mismatch', `"${operator}" cannot test a ${field.kind} field`, [operator]);
  }
  const values = new Set(field.options.map((option) => option.value));
  (condition[operator] ?? []).forEach((value, i) => {
    if (!values.has(value)) issue('unknown_option', `"${condition.field}" has no option "${value}"`, [operator, i]);
  });
}

export const FormDefinition = z
  .strictObject({
    id: Slug,
    version: z.int().positive(),
    title: LocalizedText,
    fields: z.array(FormField).min(1).max(LIMITS.formMaxFields),
  })
  .superRefine((form, ctx) => {
    unique((field: Field) => field.id, ['id'], 'duplicate_id', ['fields'])(form.fields, ctx);
    const contacts = form.fields.filter((field) => field.kind === 'contact').length;
    if (contacts > 1) {
      ctx.addIssue({ code: 'custom', message: 'a form has at most one contact field', path: ['fields'], params: { code: 'too_many_contact_fields' } });
    }
    form.fields.forEach((field, index) => {
      const at = ['fields', index];
      if (field.visibleWhen) {
        for (const { condition, path } of conditionsOf(field.visibleWhen)) {
          checkCondition(form.fields, index, condition, [...at, 'visibleWhen', ...path], ctx);
        }
      }
      if (!('options' in field)) return;
      field.options.forEach((option, o) => {
        if (!option.visibleWhen) return;
        for (const { condition, path } of conditionsOf(option.visibleWhen)) {
          checkCondition(form.fields, index, condition, [...at, 'options', o, 'visibleWhen', ...path], ctx);
        }
      });
    });
  })
  .meta({ id: 'FormDefinition', description: 'A feedback form: its fields in display order.' });

export const AnswerValue = z
  .union([
    text().max(LIMITS.longTextMaxLength),
    z.number(), // zod 4 rejects NaN and ±Infinity
    z.boolean(),
    z.array(text().max(LIMITS.shortTextMaxLength)).max(LIMITS.answerMaxItems),
  ])
  .meta({ id: 'AnswerValue' });

export const Answers = safeRecord(Slug, AnswerValue, LIMITS.formMaxFields).meta({
  id: 'Answers',
  description: 'Field id → answer. Contact details travel separately, as `contact`.',
});

const ContactValue = text().trim().min(1).max(LIMITS.shortTextMaxLength);

export const ContactInfo = z
  .strictObject({ name: ContactValue.optional(), phone: ContactValue.optional(), email: ContactValue.optional(), wechat: ContactValue.optional() })
  .refine((contact) => contact.phone !== undefined || contact.email !== undefined || contact.wechat !== undefined, {
    message: 'must have at least one of phone, email, wechat',
    params: { code: 'contact_required' },
  })
  .meta({ id: 'ContactInfo', description: 'How support may reach the reporter; sent only with consent.' });

import { DEFAULT_FORM, visibleFields, visibleOptions, type ChoiceField, type FormDefinition } from '@fankui/core';
import { FormDefinition as FormSchema } from '@fankui/core/schema';
import { describe, expect, it } from 'vitest';
import {
  addSubtype,
  conditionalFields,
  newValueProblem,
  removeSubtype,
  renameSubtype,
  setFieldShown,
  subtypeFields,
  subtypesFor,
} from '../../packages/console/src/routes/settings/form-rules';

/**
 * The console's structured form editor: each edit is checked the way an app meets it, by
 * core's own visibility functions on the edited form, and the form stays valid for the
 * server's schema.
 */
const subtypes = (form: FormDefinition) => form.fields.find((field) => field.id === 'subtypes') as ChoiceField;
const offered = (form: FormDefinition, category: string) => visibleOptions(subtypes(form), { category }).map((option) => option.value);
const shownFields = (form: FormDefinition, category: string) => visibleFields(form, { category }).map((field) => field.id);
const valid = (form: FormDefinition) => expect(FormSchema.safeParse(form).error).toBeUndefined();

describe('the console form editor rules', () => {
  it('finds the sub-type list and the conditional fields of the default form', () => {
    expect(subtypeFields(DEFAULT_FORM).map((field) => field.id)).toEqual(['subtypes']);
    expect(conditionalFields(DEFAULT_FORM).map((field) => field.id)).toEqual(['amount', 'transaction_time']);
    expect(subtypesFor(subtypes(DEFAULT_FORM), 'payment').map((option) => option.value)).toEqual(offered(DEFAULT_FORM, 'payment'));
  });

  it('adds a sub-type that only its category offers', () => {
    const form = addSubtype(DEFAULT_FORM, 'subtypes', 'payment', 'wrong_amount', '扣款金额不对');
    expect(offered(form, 'payment')).toContain('wrong_amount');
    expect(offered(form, 'account')).not.toContain('wrong_amount');
    expect(offered(DEFAULT_FORM, 'payment')).not.toContain('wrong_amount');
    valid(form);
  });

  it('refuses a value that is malformed or already used by any category', () => {
    expect(newValueProblem(subtypes(DEFAULT_FORM), 'Wrong Amount')).toBe('format');
    expect(newValueProblem(subtypes(DEFAULT_FORM), 'login')).toBe('taken');
    expect(newValueProblem(subtypes(DEFAULT_FORM), 'wrong_amount')).toBeNull();
  });

  it('renames a label and keeps the value tickets carry', () => {
    const form = renameSubtype(DEFAULT_FORM, 'subtypes', 'invoice', 'zh-CN', '发票与收据');
    const option = subtypes(form).options.find((candidate) => candidate.value === 'invoice')!;
    expect(option.label).toEqual({ 'zh-CN': '发票与收据', 'en-US': 'Invoice' });
    expect(renameSubtype(form, 'subtypes', 'invoice', 'en-US', '').fields.length).toBe(form.fields.length);
    expect(subtypes(renameSubtype(form, 'subtypes', 'invoice', 'en-US', '')).options.find((candidate) => candidate.value === 'invoice')!.label).toEqual({
      'zh-CN': '发票与收据',
    });
    valid(form);
  });

  it('removes a sub-type from one category and keeps it for the others that share it', () => {
    const shared = addSubtype(DEFAULT_FORM, 'subtypes', 'payment', 'overcharged', '多扣了钱');
    const both = JSON.parse(JSON.stringify(shared)) as FormDefinition;
    subtypes(both).options.find((option) => option.value === 'overcharged')!.visibleWhen = { field: 'category', in: ['payment', 'service'] };
    const fromPayment = removeSubtype(both, 'subtypes', 'payment', 'overcharged');
    expect(offered(fromPayment, 'payment')).not.toContain('overcharged');
    expect(offered(fromPayment, 'service')).toContain('overcharged');
    const gone = removeSubtype(DEFAULT_FORM, 'subtypes', 'payment', 'duplicate_charge');
    expect(subtypes(gone).options.some((option) => option.value === 'duplicate_charge')).toBe(false);
    valid(fromPayment);
    valid(gone);
  });

  it('shows a conditional field for another category and hides it again, never for none', () => {
    const form = setFieldShown(DEFAULT_FORM, 'amount', 'service', true);
    expect(shownFields(form, 'service')).toContain('amount');
    expect(shownFields(form, 'payment')).toContain('amount');
    const back = setFieldShown(form, 'amount', 'service', false);
    expect(shownFields(back, 'service')).not.toContain('amount');
    // Its last category stays: a field shown for no category is a removal, done in the JSON.
    expect(shownFields(setFieldShown(back, 'amount', 'payment', false), 'payment')).toContain('amount');
    valid(form);
    valid(back);
  });

  it('never changes the form it is given', () => {
    const before = JSON.stringify(DEFAULT_FORM);
    addSubtype(DEFAULT_FORM, 'subtypes', 'payment', 'x_new', '新');
    removeSubtype(DEFAULT_FORM, 'subtypes', 'payment', 'refund');
    setFieldShown(DEFAULT_FORM, 'amount', 'service', true);
    renameSubtype(DEFAULT_FORM, 'subtypes', 'refund', 'zh-CN', '退');
    expect(JSON.stringify(DEFAULT_FORM)).toBe(before);
  });
});

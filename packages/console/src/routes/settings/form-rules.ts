import { CATEGORY_FIELD, type ChoiceField, type FormDefinition, type FormField, type FormOption, type VisibleWhen } from '@fankui/core';

/**
 * The per-category rules of a form definition, read and edited in the form's own
 * visibility model: a sub-type is an option whose `visibleWhen` is `{ field: 'category',
 * in: [...] }`, and a conditional field is a field whose `visibleWhen` is that same shape.
 * Anything else (all/any lists, conditions on other fields) is left as it is, for the JSON.
 * Every edit returns a new form; the one passed in is never changed.
 */

/** The categories a condition names, when it is a plain "category is one of" test; otherwise null. */
export function categoriesOf(when: VisibleWhen | undefined): string[] | null {
  if (!when || 'all' in when || 'any' in when) return null;
  return when.field === CATEGORY_FIELD && when.in ? when.in : null;
}

const isChoice = (field: FormField): field is ChoiceField => 'options' in field && Array.isArray(field.options);

/**
 * The form in `text` with its category field, or null while the JSON being typed is not
 * (yet) such a form: then the editors step aside and only the JSON shows.
 */
export function editableForm(text: string): { form: FormDefinition; categories: ChoiceField } | null {
  let form: FormDefinition;
  try {
    form = JSON.parse(text) as FormDefinition;
  } catch {
    return null;
  }
  const categories = form && Array.isArray(form.fields) ? form.fields.find((field) => field && field.id === CATEGORY_FIELD) : undefined;
  return categories && isChoice(categories) ? { form, categories } : null;
}

/** Choice fields (besides the category) with options that follow the category: the sub-type lists. */
export function subtypeFields(form: FormDefinition): ChoiceField[] {
  return form.fields.filter(
    (field): field is ChoiceField => field.id !== CATEGORY_FIELD && isChoice(field) && field.options.some((option) => categoriesOf(option.visibleWhen) !== null),
  );
}

/** Fields shown only for some categories. */
export function conditionalFields(form: FormDefinition): FormField[] {
  return form.fields.filter((field) => field.id !== CATEGORY_FIELD && categoriesOf(field.visibleWhen) !== null);
}

/** The options of `field` offered for `category`. */
export function subtypesFor(field: ChoiceField, category: string): FormOption[] {
  return field.options.filter((option) => {
    const categories = categoriesOf(option.visibleWhen);
    return categories !== null && categories.includes(category);
  });
}

/** A deep copy to edit, and the field `fieldId` in it. */
function copyWith(form: FormDefinition, fieldId: string): { next: FormDefinition; field: FormField } {
  const next = JSON.parse(JSON.stringify(form)) as FormDefinition;
  const field = next.fields.find((candidate) => candidate.id === fieldId);
  if (!field) throw new RangeError(`The form has no field "${fieldId}"`);
  return { next, field };
}

/** Why `value` cannot be a new option of `field`, or null when it can. */
export function newValueProblem(field: ChoiceField, value: string): 'format' | 'taken' | null {
  if (!/^[a-z][a-z0-9_-]*$/.test(value)) return 'format';
  return field.options.some((option) => option.value === value) ? 'taken' : null;
}

/** Adds a sub-type shown for `category` only. */
export function addSubtype(form: FormDefinition, fieldId: string, category: string, value: string, zh: string): FormDefinition {
  const { next, field } = copyWith(form, fieldId);
  (field as ChoiceField).options.push({ value, label: { 'zh-CN': zh }, visibleWhen: { field: CATEGORY_FIELD, in: [category] } });
  return next;
}

/** Sets one locale of a sub-type's label (its value, which stored tickets carry, stays). */
export function renameSubtype(form: FormDefinition, fieldId: string, value: string, locale: 'zh-CN' | 'en-US', text: string): FormDefinition {
  const { next, field } = copyWith(form, fieldId);
  const option = (field as ChoiceField).options.find((candidate) => candidate.value === value);
  if (option) {
    if (locale === 'en-US' && text === '') delete option.label['en-US'];
    else option.label[locale] = text;
  }
  return next;
}

/**
 * Takes a sub-type away from `category`: the option goes when that was its only category,
 * otherwise it stays for the others.
 */
export function removeSubtype(form: FormDefinition, fieldId: string, category: string, value: string): FormDefinition {
  const { next, field } = copyWith(form, fieldId);
  const choice = field as ChoiceField;
  choice.options = choice.options.filter((option) => {
    const categories = categoriesOf(option.visibleWhen);
    if (option.value !== value || categories === null) return true;
    const rest = categories.filter((name) => name !== category);
    if (rest.length === 0) return false;
    option.visibleWhen = { field: CATEGORY_FIELD, in: rest };
    return true;
  });
  return next;
}

/**
 * Shows or hides a conditional field for `category`. A field keeps at least one category:
 * hiding it everywhere means removing it, which is done in the JSON.
 */
export function setFieldShown(form: FormDefinition, fieldId: string, category: string, shown: boolean): FormDefinition {
  const { next, field } = copyWith(form, fieldId);
  const categories = categoriesOf(field.visibleWhen);
  if (categories === null) return next;
  const rest = categories.filter((name) => name !== category);
  const wanted = shown ? rest.concat(category) : rest;
  if (wanted.length) field.visibleWhen = { field: CATEGORY_FIELD, in: wanted };
  return next;
}

import type { ChoiceField, FieldCondition, FormDefinition, FormField, FormOption, VisibleWhen } from './types';

/** Answers as a form holds them while the reporter types: partial, and possibly untrusted. */
export type AnswerLookup = Readonly<Record<string, unknown>>;

/**
 * Reads an own data property without running a getter or walking the prototype chain, so
 * `{ constructor: … }` lookups and hostile objects behave like plain missing answers.
 * @internal
 */
export function ownValue(container: unknown, key: string): unknown {
  if ((typeof container !== 'object' && typeof container !== 'function') || container === null) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  return descriptor && descriptor.value;
}

/**
 * Sets an own property even for a key like `__proto__`, where plain assignment would
 * replace the prototype instead.
 * @internal
 */
export function setOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function matches(condition: FieldCondition, answers: AnswerLookup): boolean {
  const answer = ownValue(answers, condition.field);
  if (condition.in) return typeof answer === 'string' && condition.in.includes(answer);
  const wanted = condition.includes || [];
  return Array.isArray(answer) && answer.some((value) => typeof value === 'string' && wanted.includes(value));
}

function holds(when: VisibleWhen, answers: AnswerLookup): boolean {
  if ('all' in when) return when.all.every((condition) => matches(condition, answers));
  if ('any' in when) return when.any.some((condition) => matches(condition, answers));
  return matches(when, answers);
}

/**
 * The options of a choice field the reporter may pick given the answers so far: this is
 * how sub-types follow the chosen category.
 *
 * @example
 * visibleOptions(subtypesField, { category: 'payment' }).map((o) => o.value)
 * // ['payment_failed', 'unexpected_charge', 'refund', …]
 */
export function visibleOptions(field: ChoiceField, answers: AnswerLookup): FormOption[] {
  return field.options.filter((option) => !option.visibleWhen || holds(option.visibleWhen, answers));
}

/**
 * Whether one field is shown, judged against `answers` as given. A choice field with no
 * visible option is hidden too: there would be nothing to pick (sub-types before a
 * category). To settle chains (a field depending on a field that is itself hidden), use
 * {@link visibleFields}.
 *
 * @example isFieldVisible(amountField, { category: 'payment' }) // true
 */
export function isFieldVisible(field: FormField, answers: AnswerLookup): boolean {
  if (field.visibleWhen && !holds(field.visibleWhen, answers)) return false;
  return !('options' in field) || visibleOptions(field, answers).length > 0;
}

/**
 * The fields to show, in form order. Conditions only look at earlier fields, so one pass
 * settles them; an answer counts only while its field is shown and only for the options
 * still offered, so a stale answer (a category changed back) reveals nothing.
 *
 * @example
 * visibleFields(DEFAULT_FORM, { category: 'payment' }).map((f) => f.id)
 * // ['category', 'subtypes', 'amount', 'transaction_time', 'description', 'screenshots', 'contact']
 */
export function visibleFields(form: FormDefinition, answers: AnswerLookup): FormField[] {
  // Conditions can only test choice fields, so only their answers need settling.
  const settled: Record<string, unknown> = {};
  return form.fields.filter((field) => {
    if (!isFieldVisible(field, settled)) return false;
    if ('options' in field) {
      const offered = new Set(visibleOptions(field, settled).map((option) => option.value));
      const answer = ownValue(answers, field.id);
      if (typeof answer === 'string' && offered.has(answer)) setOwn(settled, field.id, answer);
      if (Array.isArray(answer)) setOwn(settled, field.id, answer.filter((value) => offered.has(value)));
    }
    return true;
  });
}

/**
 * The answers worth validating and sending while a reporter edits: only fields still
 * shown, only options still offered, never contact details (they travel beside the
 * answers). A reporter who picks 支付问题, ticks 支付失败 and then switches to 账户安全 is not
 * told 支付失败 is "not available": the stale pick is dropped. The form components of every
 * platform settle with this before `validateAnswers`.
 *
 * @example settleAnswers(DEFAULT_FORM, { category: 'account', subtypes: ['payment_failed', 'login'] })
 * // { category: 'account', subtypes: ['login'] }
 */
export function settleAnswers(form: FormDefinition, answers: AnswerLookup): Record<string, unknown> {
  const settled: Record<string, unknown> = {};
  for (const field of visibleFields(form, answers)) {
    let value = ownValue(answers, field.id);
    if (value === undefined || field.kind === 'contact') continue;
    if ('options' in field) {
      const offered = new Set(visibleOptions(field, settled).map((option) => option.value));
      value = Array.isArray(value) ? value.filter((item) => offered.has(item)) : offered.has(value as string) ? value : undefined;
      if (value === undefined) continue;
    }
    setOwn(settled, field.id, value);
  }
  return settled;
}

import { visibleFields, visibleOptions, type FormDefinition } from '@fankui/core';

/** What the reporter has typed and picked, field id → value. */
export type AnswerState = Record<string, unknown>;

/**
 * The answers worth validating and sending: only fields still shown, only options still
 * offered. A reporter who picks 支付问题, ticks 支付失败 and then switches to 账户安全 must not
 * be told 支付失败 is "not available": the stale pick is simply dropped.
 *
 * @example settle(DEFAULT_FORM, { category: 'account', subtypes: ['payment_failed', 'login'] })
 * // { category: 'account', subtypes: ['login'] }
 */
export function settle(form: FormDefinition, answers: AnswerState): AnswerState {
  const settled: AnswerState = {};
  for (const field of visibleFields(form, answers)) {
    let value = answers[field.id];
    if (value === undefined || field.kind === 'contact') continue;
    if ('options' in field) {
      const offered = new Set(visibleOptions(field, settled).map((option) => option.value));
      value = Array.isArray(value) ? value.filter((item) => offered.has(item)) : offered.has(value as string) ? value : undefined;
      if (value === undefined) continue;
    }
    settled[field.id] = value;
  }
  return settled;
}

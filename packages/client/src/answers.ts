/**
 * "提交的内容": what a reporter sent, as the ticket detail of every UI shows it (the Taro
 * components and the native ones share this, so both word an answer the same way).
 */
import { CATEGORY_FIELD, DEFAULT_LOCALE, type AnswerValue, type FormDefinition, type FormField, type Locale, type MessageKey, type MessageParams } from '@fankui/core';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** One line of "提交的内容": the field's label and the answer as the user picked or typed it. */
export type AnswerLine = [label: string, value: string];

const localized = (text: Partial<Record<Locale, string>> | undefined, locale: Locale) => (text && (text[locale] || text[DEFAULT_LOCALE])) || '';

function answerText(field: FormField, value: AnswerValue, locale: Locale, t: Translate): string {
  const optionLabel = (picked: string) => {
    const option = 'options' in field ? field.options.find((candidate) => candidate.value === picked) : undefined;
    return option ? localized(option.label, locale) : picked;
  };
  switch (field.kind) {
    case 'select':
    case 'radio':
      return optionLabel(String(value));
    case 'multiselect':
      return Array.isArray(value) ? value.map(optionLabel).join(locale === DEFAULT_LOCALE ? '、' : ', ') : '';
    case 'rating':
      return typeof value === 'number' ? t('ui.rating.star', { count: value }) : '';
    case 'images':
      return Array.isArray(value) && value.length > 0 ? t('ui.tracker.images', { count: value.length }) : '';
    case 'contact':
      return ''; // contact details are the user's own, not part of the problem they described
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  }
}

/**
 * The answers in the form's order, labelled by the form; fields the form does not know are
 * left out, and so is the category (the head of a detail shows it).
 *
 * @example answerLines(DEFAULT_FORM, ticket.answers, 'zh-CN', t) // [['具体问题', '支付失败、异常扣款'], ['交易金额', '199.00'], …]
 */
export function answerLines(form: FormDefinition, answers: Record<string, AnswerValue>, locale: Locale, t: Translate): AnswerLine[] {
  const lines: AnswerLine[] = [];
  for (const field of form.fields) {
    const value = answers[field.id];
    const text = field.id === CATEGORY_FIELD || value === undefined ? '' : answerText(field, value, locale, t);
    if (text) lines.push([localized(field.label, locale), text]);
  }
  return lines;
}

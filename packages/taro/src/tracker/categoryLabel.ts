import type { FormDefinition, Locale } from '@fankui/core';
import { CATEGORY_FIELD } from '@fankui/core';
import { localized } from '../util';

/** "支付问题" for `payment`, from the form's category options; the id itself when the form does not know it. */
export function categoryLabel(form: FormDefinition, category: string | null, locale: Locale): string {
  const field = form.fields.find((candidate) => candidate.id === CATEGORY_FIELD);
  const option = field && 'options' in field ? field.options.find((candidate) => candidate.value === category) : undefined;
  return option ? localized(option.label, locale) : category ?? '';
}

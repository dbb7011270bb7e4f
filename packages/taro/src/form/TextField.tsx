import { LIMITS, type FieldOfKind, type Locale } from '@fankui/core';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { localized } from '../util';
import { describedBy } from './FieldFrame';

export interface TextFieldProps {
  id: string;
  field: FieldOfKind<'text' | 'textarea'>;
  value: unknown;
  onChange: (value: string) => void;
  locale: Locale;
  error?: string;
}

/** The keyboard that suits a text format (validation still checks the value). */
const KEYBOARDS = { amount: 'digit', phone: 'number' } as const;

/** `text` as an Input (its format picks the keyboard), `textarea` with a character counter. */
export function TextField({ id, field, value, onChange, locale, error }: TextFieldProps) {
  const text = typeof value === 'string' ? value : '';
  const placeholder = localized(field.placeholder, locale);
  const onInput = (event: { detail: { value: string } }) => onChange(event.detail.value);
  // Mini-programs cut input at 140 characters unless told otherwise.
  if (field.kind === 'text') {
    const type = field.format === 'amount' || field.format === 'phone' ? KEYBOARDS[field.format] : 'text';
    return <Input {...describedBy(id, error)} className="fankui-input" type={type} value={text} placeholder={placeholder} maxlength={field.maxLength ?? LIMITS.shortTextMaxLength} onInput={onInput} />;
  }
  const max = field.maxLength ?? LIMITS.longTextMaxLength;
  return (
    <View className="fankui-textarea">
      <Textarea {...describedBy(id, error)} className="fankui-textarea__input" value={text} placeholder={placeholder} maxlength={max} onInput={onInput} />
      <Text className="fankui-counter" aria-hidden>{`${text.length}/${max}`}</Text>
    </View>
  );
}

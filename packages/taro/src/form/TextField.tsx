import { LIMITS, type FieldOfKind } from '@fankui/core';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { boxAria } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { keyboard, localized } from '../util';
import { errorId } from './FieldFrame';

export interface TextFieldProps {
  id: string;
  field: FieldOfKind<'text' | 'textarea'>;
  value: unknown;
  onChange: (value: string) => void;
  error?: string;
}

/** `text` as an Input (its format picks the keyboard), `textarea` with a character counter. */
export function TextField({ id, field, value, onChange, error }: TextFieldProps) {
  const { locale } = useFeedback();
  const text = typeof value === 'string' ? value : '';
  const placeholder = localized(field.placeholder, locale);
  const onInput = (event: { detail: { value: string } }) => onChange(event.detail.value);
  const label = localized(field.label, locale);
  const aria = boxAria(label, errorId(id, error), error ? true : undefined, field.required);
  // Mini-programs cut input at 140 characters unless told otherwise.
  if (field.kind === 'text') {
    return (
      <Input
        id={id}
        aria-label={label}
        nativeProps={aria}
        className="fankui-input"
        type={keyboard(field.format)}
        value={text}
        placeholder={placeholder}
        maxlength={field.maxLength || LIMITS.shortTextMaxLength}
        onInput={onInput}
      />
    );
  }
  const max = field.maxLength || LIMITS.longTextMaxLength;
  return (
    <View className="fankui-textarea">
      <Textarea
        id={id}
        aria-label={label}
        nativeProps={aria}
        className="fankui-textarea__input"
        value={text}
        placeholder={placeholder}
        maxlength={max}
        onInput={onInput}
      />
      <Text className="fankui-counter" aria-hidden>{`${text.length}/${max}`}</Text>
    </View>
  );
}

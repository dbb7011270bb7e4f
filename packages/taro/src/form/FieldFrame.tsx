import type { FormField } from '@fankui/core';
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { useFeedback } from '../hooks/useFeedback';
import { cx, localized } from '../util';

export interface FieldFrameProps {
  /** The control's id; the label is `${id}-label`, the error `${id}-error`. */
  id: string;
  field: FormField;
  error?: string;
  children: ReactNode;
}

/** One field: its label (with `*` when required), the control, help and the error under it. */
export function FieldFrame({ id, field, error, children }: FieldFrameProps) {
  const { locale, t } = useFeedback();
  // '' when the field has none: rendered as nothing at all.
  const help = localized(field.help, locale) || undefined;
  return (
    <View id={`${id}-field`} className={cx('fankui-field', error && 'fankui-field--error')}>
      <Text id={`${id}-label`} className="fankui-field__label">
        {localized(field.label, locale)}
        {field.required && <Text className="fankui-field__required" aria-label={t('ui.required')}>*</Text>}
      </Text>
      {children}
      {help && <Text className="fankui-field__help">{help}</Text>}
      {/* Always there, empty until there is an error: a live region inserted already filled is not announced. */}
      <Text id={`${id}-error`} className="fankui-field__error" aria-live="polite">
        {error}
      </Text>
    </View>
  );
}

/**
 * The id of the error that describes control `id`, while there is one: its
 * `aria-describedby` (the control's `aria-labelledby` is `${id}-label`).
 */
export const errorId = (id: string, error?: string) => (error ? `${id}-error` : undefined);

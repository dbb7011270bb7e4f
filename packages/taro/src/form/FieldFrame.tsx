import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { cx } from '../util';

export interface FieldFrameProps {
  /** The control's id; the label is `${id}-label`, the error `${id}-error`. */
  id: string;
  label: string;
  required: boolean;
  /** What `ui.required` says, for screen readers. */
  requiredText: string;
  help?: string;
  error?: string;
  children: ReactNode;
}

/** One field: its label, the control, help and the error under it. */
export function FieldFrame({ id, label, required, requiredText, help, error, children }: FieldFrameProps) {
  return (
    <View id={`${id}-field`} className={cx('fankui-field', error && 'fankui-field--error')}>
      <Text id={`${id}-label`} className="fankui-field__label">
        {label}
        {required && <Text className="fankui-field__required" aria-label={requiredText}>*</Text>}
      </Text>
      {children}
      {help && <Text className="fankui-field__help">{help}</Text>}
      {error && (
        <Text id={`${id}-error`} className="fankui-field__error" aria-live="polite">
          {error}
        </Text>
      )}
    </View>
  );
}

/** The attributes that tie a control to its label and error. */
export const describedBy = (id: string, error?: string) => ({
  id,
  'aria-labelledby': `${id}-label`,
  'aria-describedby': error ? `${id}-error` : undefined,
  'aria-invalid': error ? true : undefined,
});

import { LIMITS } from '@fankui/core';
import { Text, Textarea, View } from '@tarojs/components';
import { useState, type ReactNode } from 'react';
import { Action, boxAria } from '../a11y';
import { useAction } from '../hooks/useAction';
import { useFeedback } from '../hooks/useFeedback';

export interface ComposeProps {
  id: string;
  label: string;
  placeholder?: string;
  /** The text box's own name when `label` names something else (the stars of a rating). */
  inputLabel?: string;
  submitLabel: string;
  /** Text is needed to send (a reopen reason, a message); a rating comment is optional. */
  required?: boolean;
  /** False until something else is ready (a rating needs stars). */
  ready?: boolean;
  maxLength?: number;
  /** Above the text box (the stars of a rating). */
  children?: ReactNode;
  onSubmit: (text: string) => Promise<unknown>;
  /** Shows "取消". */
  onCancel?: () => void;
}

/** A labelled text box with its send button: adding information, rating comments, reopen reasons. */
export function Compose({ id, label, placeholder, inputLabel, submitLabel, required, ready = true, maxLength = LIMITS.commentMaxLength, children, onSubmit, onCancel }: ComposeProps) {
  const { t } = useFeedback();
  const [text, setText] = useState('');
  const [busy, run] = useAction();
  const blank = text.trim() === '';
  // Only `true` or absent: React writes `disabled="false"` on Taro's H5 custom element, which its CSS reads as disabled.
  const disabled = busy || !ready || (required && blank) || undefined;
  const send = async () => {
    if (await run(() => onSubmit(text.trim()))) setText('');
  };
  return (
    <View className="fankui-compose">
      <Text id={`${id}-label`} className="fankui-field__label">
        {label}
      </Text>
      {children}
      <View className="fankui-textarea">
        <Textarea
          id={id}
          aria-label={inputLabel || label}
          nativeProps={boxAria(inputLabel || label, undefined, undefined, required)}
          className="fankui-textarea__input"
          value={text}
          placeholder={placeholder}
          maxlength={maxLength}
          onInput={(event) => setText(event.detail.value)}
        />
      </View>
      <View className="fankui-actions">
        {onCancel && (
          <Action onClick={onCancel}>
            {t('ui.cancel')}
          </Action>
        )}
        <Action kind="primary" disabled={disabled} onClick={() => void send()}>
          {submitLabel}
        </Action>
      </View>
    </View>
  );
}

import type { FieldOfKind } from '@fankui/core';
import { Picker, Text, View } from '@tarojs/components';
import { KeyView, miniRole, press } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { cx, formatTime } from '../util';
import { errorId } from './FieldFrame';

export interface DateTimeFieldProps {
  id: string;
  field: FieldOfKind<'text'>;
  value: unknown;
  onChange: (value: string) => void;
  error?: string;
}

/**
 * A `date` or `datetime` answer from Taro's date (and time) pickers, never typed: "昨天晚上九点"
 * cannot be refused because it cannot be entered. The answer keeps the wire format core
 * validates (`2026-11-23 08:30`); while only one half is picked it holds that half, which
 * validation refuses ("pick the time too") rather than guessing it.
 */
export function DateTimeField({ id, field, value, onChange, error }: DateTimeFieldProps) {
  const { t } = useFeedback();
  const text = typeof value === 'string' ? value : '';
  const date = (/^\d{4}-\d\d-\d\d/.exec(text) || [''])[0];
  const time = (/\d\d:\d\d$/.exec(text) || [''])[0];
  // The pickers open on now: no transaction happened after today.
  const now = formatTime(new Date().toISOString());
  const halves = [['date', date, t('ui.form.pickDate')]];
  if (field.format === 'datetime') halves.push(['time', time, t('ui.form.pickTime')]);
  return (
    <View className="fankui-datetime">
      {halves.map(([mode, picked, hint]) => (
        <Picker
          key={mode}
          className="fankui-datetime__part"
          mode={mode as 'date'}
          value={picked || (mode === 'date' ? now.slice(0, 10) : now.slice(11))}
          end={mode === 'date' ? now.slice(0, 10) : undefined}
          onChange={(event: { detail: { value: string } }) => {
            const next = mode === 'date' ? [event.detail.value, time] : [date, event.detail.value];
            onChange(next.filter(Boolean).join(' '));
          }}
        >
          <KeyView
            id={mode === 'date' ? id : `${id}-time`}
            // Named by the field's label and what it shows (a button's name must contain its text).
            aria-labelledby={`${id}-label ${mode === 'date' ? id : `${id}-time`}`}
            aria-describedby={errorId(id, error)}
            aria-invalid={error ? true : undefined}
            role="button"
            aria-role={miniRole('button')}
            tabIndex={0}
            onKeyDown={press}
            className={cx('fankui-picker', !picked && 'fankui-picker--empty')}
          >
            <Text>{picked || hint}</Text>
            <Text className="fankui-picker__arrow" aria-hidden>›</Text>
          </KeyView>
        </Picker>
      ))}
    </View>
  );
}

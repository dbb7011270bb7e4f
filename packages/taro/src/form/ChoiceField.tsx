import type { ChoiceField as ChoiceFieldDefinition, FormOption } from '@fankui/core';
import { Checkbox, CheckboxGroup, Label, Picker, Radio, RadioGroup, Text, View } from '@tarojs/components';
import { KeyView, miniRole, press } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { cx, localized } from '../util';
import { errorId } from './FieldFrame';

export interface ChoiceFieldProps {
  id: string;
  field: ChoiceFieldDefinition;
  /** The options offered given the answers so far. */
  options: FormOption[];
  value: unknown;
  onChange: (value: string | string[]) => void;
  error?: string;
}

/** `select` as a Picker, `multiselect` as a CheckboxGroup, `radio` as a RadioGroup. */
export function ChoiceField({ id, field, options, value, onChange, error }: ChoiceFieldProps) {
  const { locale, t } = useFeedback();
  const labels = options.map((option) => localized(option.label, locale));
  const invalid = error ? true : undefined;
  if (field.kind === 'select') {
    const index = options.findIndex((option) => option.value === value);
    return (
      <Picker mode="selector" range={labels} value={Math.max(index, 0)} onChange={(event) => onChange(options[Number(event.detail.value)]!.value)}>
        <KeyView
          id={id}
          aria-labelledby={`${id}-label`}
          aria-describedby={errorId(id, error)}
          aria-invalid={invalid}
          aria-required={field.required}
          role="combobox"
          aria-role={miniRole('combobox')}
          aria-expanded="false"
          tabIndex={0}
          // Enter and Space open Taro's picker; the arrow keys step through the options without it.
          onKeyDown={(event) => {
            const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
            if (!step) return press(event);
            event.preventDefault();
            onChange(options[Math.min(Math.max(index + step, 0), options.length - 1)]!.value);
          }}
          className={cx('fankui-picker', index < 0 && 'fankui-picker--empty')}
        >
          <Text>{index < 0 ? t('ui.choose') : labels[index]}</Text>
          <Text className="fankui-picker__arrow" aria-hidden>›</Text>
        </KeyView>
      </Picker>
    );
  }
  const multiple = field.kind === 'multiselect';
  const picked = multiple ? (Array.isArray(value) ? value : []) : [value];
  const Group = multiple ? CheckboxGroup : RadioGroup;
  const Mark = multiple ? Checkbox : Radio;
  return (
    <View id={id} aria-labelledby={`${id}-label`} aria-describedby={errorId(id, error)} aria-invalid={invalid} role={multiple ? 'group' : 'radiogroup'}>
      <Group className="fankui-options" onChange={(event: { detail: { value: string | string[] } }) => onChange(event.detail.value)}>
        {options.map((option, index) => (
          <Label key={option.value} className="fankui-option" for={`${id}-${index}`}>
            <Mark id={`${id}-${index}`} className="fankui-option__mark" value={option.value} checked={picked.includes(option.value)} />
            <Text className="fankui-option__label">{labels[index]}</Text>
          </Label>
        ))}
      </Group>
    </View>
  );
}

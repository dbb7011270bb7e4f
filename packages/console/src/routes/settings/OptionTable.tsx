import type { FormOption } from '@fankui/core';
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { t } from '../../i18n';

type Locale = 'zh-CN' | 'en-US';
const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', 'en-US': 'English' };

/**
 * A form field's options as rows: the value (fixed: stored tickets carry it), its 中文 and
 * English labels as inputs, a remove button; `children` go in the footer (a new option).
 * Used for the categories and for each category's sub-types.
 */
export function OptionTable(props: {
  class: string;
  caption: string;
  captionClass?: string;
  options: FormOption[];
  /** The accessible name of a label input. */
  inputName: (value: string, locale: string) => string;
  removeName: (value: string) => string;
  onLabel: (index: number, locale: Locale, text: string) => void;
  onRemove: (index: number) => void;
  empty?: string;
  children: ComponentChildren;
}) {
  const input = (option: FormOption, index: number, locale: Locale) => (
    <td>
      <input
        aria-label={props.inputName(option.value, LOCALE_NAMES[locale])}
        value={option.label[locale] || ''}
        onInput={(event) => props.onLabel(index, locale, event.currentTarget.value)}
      />
    </td>
  );
  return (
    <table class={props.class}>
      <caption class={props.captionClass}>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('settings.categoryValue')}</th>
          <th scope="col">{LOCALE_NAMES['zh-CN']}</th>
          <th scope="col">{LOCALE_NAMES['en-US']}</th>
          <th scope="col">
            <span class="sr-only">{t('settings.removeRule')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.options.length === 0 && props.empty && (
          <tr>
            <td colSpan={4} class="muted">
              {props.empty}
            </td>
          </tr>
        )}
        {props.options.map((option, index) => (
          <tr key={index}>
            <td class="mono">{option.value}</td>
            {input(option, index, 'zh-CN')}
            {input(option, index, 'en-US')}
            <td>
              <button type="button" class="small-button" aria-label={props.removeName(option.value)} onClick={() => props.onRemove(index)}>
                {t('settings.removeRule')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={4}>{props.children}</td>
        </tr>
      </tfoot>
    </table>
  );
}

/**
 * A new option's value and 中文 name, added by the button or by Enter in either box (Enter
 * adds here instead of saving the whole form). `problem` says why a value cannot be used;
 * its reason shows under the boxes.
 */
export function NewOption(props: {
  names: { value: string; zh: string; add: string };
  placeholders: { value: string; zh: string };
  problem: (value: string) => 'format' | 'taken' | null;
  onAdd: (value: string, zh: string) => void;
}) {
  const [value, setValue] = useState('');
  const [zh, setZh] = useState('');
  const noteId = useId();
  const issue = value === '' ? null : props.problem(value);
  const valid = value !== '' && issue === null && zh.trim() !== '';
  const add = () => {
    if (!valid) return;
    props.onAdd(value, zh.trim());
    setValue('');
    setZh('');
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };
  return (
    <div class="inline new-category">
      <label class="stack">
        <span>{props.names.value}</span>
        <input
          value={value}
          placeholder={props.placeholders.value}
          aria-invalid={issue !== null}
          aria-describedby={noteId}
          onInput={(event) => setValue(event.currentTarget.value.trim())}
          onKeyDown={onKeyDown}
        />
      </label>
      <label class="stack">
        <span>{props.names.zh}</span>
        <input value={zh} placeholder={props.placeholders.zh} onInput={(event) => setZh(event.currentTarget.value)} onKeyDown={onKeyDown} />
      </label>
      <button type="button" disabled={!valid} onClick={add}>
        + {props.names.add}
      </button>
      <span id={noteId} class={issue ? 'field-note field-error small' : 'field-note muted small'} aria-live="polite">
        {issue === 'taken' ? t('settings.valueTaken') : t('settings.valueFormat')}
      </span>
    </div>
  );
}

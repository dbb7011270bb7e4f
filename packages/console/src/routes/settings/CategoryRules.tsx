import type { ChoiceField, FormDefinition } from '@fankui/core';
import { useState } from 'preact/hooks';
import { categoryField } from '../../config';
import { localized, t } from '../../i18n';
import { addSubtype, conditionalFields, newValueProblem, removeSubtype, renameSubtype, setFieldShown, subtypeFields, subtypesFor } from './form-rules';

/**
 * Per category: its sub-types (add, rename, remove) and which conditional fields show for
 * it, one category at a time (picked from a list). Every edit rewrites the form's JSON,
 * which stays the one thing saved; rules this editor cannot express stay in the JSON.
 */
export function CategoryRules({ formText, onChange }: { formText: string; onChange: (text: string) => void }) {
  const [picked, setPicked] = useState('');
  let form: FormDefinition;
  try {
    form = JSON.parse(formText) as FormDefinition;
  } catch {
    return null;
  }
  // While the JSON is being edited it may not be a form yet: then only the JSON shows.
  const categories = Array.isArray(form.fields) ? categoryField(form) : undefined;
  if (!categories || !Array.isArray(categories.options) || !categories.options.length) return null;
  const current = categories.options.some((option) => option.value === picked) ? picked : categories.options[0]!.value;
  const write = (next: FormDefinition) => onChange(JSON.stringify(next, null, 2));
  const lists = subtypeFields(form);
  const conditional = conditionalFields(form);
  const currentLabel = localized(categories.options.find((option) => option.value === current)!.label);

  return (
    <div class="category-rules">
      <h3>{t('settings.rules')}</h3>
      <label class="stack">
        <span>{t('settings.rulesCategory')}</span>
        <select value={current} onChange={(event) => setPicked(event.currentTarget.value)}>
          {categories.options.map((option) => (
            <option key={option.value} value={option.value}>
              {localized(option.label)} ({option.value})
            </option>
          ))}
        </select>
      </label>
      {lists.map((field) => (
        <SubtypeList key={`${field.id}/${current}`} form={form} field={field} category={current} categoryLabel={currentLabel} write={write} />
      ))}
      {conditional.length > 0 && (
        <fieldset class="shown-fields">
          <legend>{t('settings.shownFields', { category: currentLabel })}</legend>
          {conditional.map((field) => {
            const shown = (field.visibleWhen as { in: string[] }).in;
            const on = shown.includes(current);
            const only = on && shown.length === 1;
            return (
              <label key={field.id} class="check">
                <input
                  type="checkbox"
                  checked={on}
                  disabled={only}
                  aria-describedby={only ? 'shown-only-note' : undefined}
                  onChange={(event) => write(setFieldShown(form, field.id, current, event.currentTarget.checked))}
                />{' '}
                {localized(field.label)} <span class="muted mono">{field.id}</span>
              </label>
            );
          })}
          <p id="shown-only-note" class="muted small">
            {t('settings.shownOnly')}
          </p>
        </fieldset>
      )}
    </div>
  );
}

function SubtypeList(props: { form: FormDefinition; field: ChoiceField; category: string; categoryLabel: string; write: (next: FormDefinition) => void }) {
  const { form, field, category, write } = props;
  const options = subtypesFor(field, category);
  const title = `${localized(field.label)} · ${props.categoryLabel}`;
  return (
    <table class="subtypes">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{t('settings.categoryValue')}</th>
          <th scope="col">中文</th>
          <th scope="col">English</th>
          <th scope="col">
            <span class="sr-only">{t('settings.removeRule')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {options.length === 0 && (
          <tr>
            <td colSpan={4} class="muted">
              {t('settings.noSubtypes')}
            </td>
          </tr>
        )}
        {options.map((option) => (
          <tr key={option.value}>
            <td class="mono">{option.value}</td>
            <td>
              <input
                aria-label={t('settings.subtypeLabel', { value: option.value, locale: '中文' })}
                value={option.label['zh-CN']}
                onInput={(event) => write(renameSubtype(form, field.id, option.value, 'zh-CN', event.currentTarget.value))}
              />
            </td>
            <td>
              <input
                aria-label={t('settings.subtypeLabel', { value: option.value, locale: 'English' })}
                value={option.label['en-US'] || ''}
                onInput={(event) => write(renameSubtype(form, field.id, option.value, 'en-US', event.currentTarget.value))}
              />
            </td>
            <td>
              <button
                type="button"
                class="small-button"
                aria-label={t('settings.removeSubtype', { value: option.value })}
                onClick={() => write(removeSubtype(form, field.id, category, option.value))}
              >
                {t('settings.removeRule')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={4}>
            <NewSubtype field={field} onAdd={(value, zh) => write(addSubtype(form, field.id, category, value, zh))} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function NewSubtype({ field, onAdd }: { field: ChoiceField; onAdd: (value: string, zh: string) => void }) {
  const [value, setValue] = useState('');
  const [zh, setZh] = useState('');
  const issue = value === '' ? null : newValueProblem(field, value);
  const valid = value !== '' && issue === null && zh.trim() !== '';
  const noteId = `new-subtype-note-${field.id}`;
  const add = () => {
    if (!valid) return;
    onAdd(value, zh.trim());
    setValue('');
    setZh('');
  };
  // Enter adds the sub-type here instead of saving the whole form.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };
  return (
    <div class="inline new-category">
      <label class="stack">
        <span>{t('settings.newSubtypeValue')}</span>
        <input
          value={value}
          placeholder="wrong_amount"
          aria-invalid={issue !== null}
          aria-describedby={noteId}
          onInput={(event) => setValue(event.currentTarget.value.trim())}
          onKeyDown={onKeyDown}
        />
      </label>
      <label class="stack">
        <span>{t('settings.newSubtypeZh')}</span>
        <input value={zh} placeholder="金额不对" onInput={(event) => setZh(event.currentTarget.value)} onKeyDown={onKeyDown} />
      </label>
      <button type="button" disabled={!valid} onClick={add}>
        + {t('settings.addSubtype')}
      </button>
      <span id={noteId} class={issue ? 'field-note field-error small' : 'field-note muted small'} aria-live="polite">
        {issue === 'taken' ? t('settings.valueTaken') : t('settings.valueFormat')}
      </span>
    </div>
  );
}

import type { ChoiceField, FormDefinition } from '@fankui/core';
import { useState } from 'preact/hooks';
import { localized, t } from '../../i18n';
import { NewOption, OptionTable } from './OptionTable';
import { addSubtype, conditionalFields, editableForm, newValueProblem, removeSubtype, renameSubtype, setFieldShown, subtypeFields, subtypesFor } from './form-rules';

/**
 * Per category: its sub-types (add, rename, remove) and which conditional fields show for
 * it, one category at a time (picked from a list). Every edit rewrites the form's JSON,
 * which stays the one thing saved; rules this editor cannot express stay in the JSON.
 */
export function CategoryRules({ formText, onChange }: { formText: string; onChange: (text: string) => void }) {
  const [picked, setPicked] = useState('');
  const editable = editableForm(formText);
  if (!editable || !editable.categories.options.length) return null;
  const { form, categories } = editable;
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
  return (
    <OptionTable
      class="subtypes"
      caption={`${localized(field.label)} · ${props.categoryLabel}`}
      options={options}
      inputName={(value, locale) => t('settings.subtypeLabel', { value, locale })}
      removeName={(value) => t('settings.removeSubtype', { value })}
      onLabel={(index, locale, text) => write(renameSubtype(form, field.id, options[index]!.value, locale, text))}
      onRemove={(index) => write(removeSubtype(form, field.id, category, options[index]!.value))}
      empty={t('settings.noSubtypes')}
    >
      <NewOption
        names={{ value: t('settings.newSubtypeValue'), zh: t('settings.newSubtypeZh'), add: t('settings.addSubtype') }}
        placeholders={{ value: 'wrong_amount', zh: '金额不对' }}
        problem={(value) => newValueProblem(field, value)}
        onAdd={(value, zh) => write(addSubtype(form, field.id, category, value, zh))}
      />
    </OptionTable>
  );
}

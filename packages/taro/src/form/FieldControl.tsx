import { visibleOptions, type FormField } from '@fankui/core';
import type { Draft } from '../hooks/useDraft';
import { ChoiceField } from './ChoiceField';
import { ContactField } from './ContactField';
import { DateTimeField } from './DateTimeField';
import { ImagesField } from './ImagesField';
import { Stars } from './Stars';
import { TextField } from './TextField';

export interface FieldControlProps {
  id: string;
  field: FormField;
  error?: string;
  /** Everything typed so far; contact details and consent live beside the answers. */
  state: Draft;
  update: (patch: Partial<Draft>) => void;
}

/** The control for one field of any kind a form definition may hold. */
export function FieldControl({ id, field, error, state, update }: FieldControlProps) {
  const value = state.answers[field.id];
  const set = (next: unknown) => update({ answers: Object.assign({}, state.answers, { [field.id]: next }) });
  switch (field.kind) {
    case 'select':
    case 'multiselect':
    case 'radio':
      return <ChoiceField id={id} field={field} options={visibleOptions(field, state.answers)} value={value} onChange={set} error={error} />;
    case 'text':
    case 'textarea':
      // Dates and times are picked, never typed.
      if (field.kind === 'text' && (field.format === 'date' || field.format === 'datetime')) return <DateTimeField id={id} field={field} value={value} onChange={set} error={error} />;
      return <TextField id={id} field={field} value={value} onChange={set} error={error} />;
    case 'rating':
      return <Stars id={id} value={Number(value) || 0} max={field.max} onChange={set} labelledBy={`${id}-label`} />;
    case 'images':
      return <ImagesField id={id} field={field} value={value} onChange={set} previews={state.previews} onPreviews={(previews) => update({ previews })} error={error} />;
    case 'contact':
      return (
        <ContactField
          id={id}
          field={field}
          contact={state.contact}
          consent={state.consent}
          onContact={(contact) => update({ contact })}
          onConsent={(consent) => update({ consent })}
          error={error}
        />
      );
  }
}

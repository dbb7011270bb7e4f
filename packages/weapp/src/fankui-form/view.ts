/**
 * The form as WXML reads it: one view-model per field of the definition, derived from the
 * state every time and sent as the paths that changed (`fields[3].value`, `errors.amount`),
 * never the whole form again. WXML cannot call functions, so every text is computed here.
 */
import { LIMITS, visibleFields, visibleOptions, type FormDefinition, type FormField, type FormOption, type Locale, type MessageKey, type MessageParams } from '@fankui/core';
import { localized } from '../common/ticket-view';
import { splitDateTime, type FormState } from './answers';

export interface ViewEnv {
  locale: Locale;
  t(key: MessageKey, params?: MessageParams): string;
  /** `YYYY-MM-DD`: the date pickers' last day. */
  today: string;
  /** False without file storage: images are not offered. */
  imagesSupported: boolean;
  /** Field id → why the last image pick failed. */
  imageProblems: Record<string, string>;
}

/** How a field is drawn: `kind` picks the WXML block. Every view of a kind has the same keys. */
export type FieldView = { id: string; kind: string; label: string; required: boolean; help: string; shown: boolean } & Record<string, unknown>;

const KEYBOARDS: Record<string, string> = { amount: 'digit', phone: 'number' };
const CONTACT_KEYBOARDS: Record<string, string> = { phone: 'number' };

function controlOf(field: FormField, state: FormState, env: ViewEnv): { kind: string } & Record<string, unknown> {
  const { t, locale } = env;
  const value = state.answers[field.id];
  const label = (option: FormOption) => localized(option.label, locale);
  switch (field.kind) {
    case 'select': {
      const options = visibleOptions(field, state.answers);
      const index = options.findIndex((option) => option.value === value);
      const display = index < 0 ? t('ui.choose') : label(options[index]!);
      return { kind: 'select', labels: options.map(label), index: Math.max(index, 0), display, chosen: index >= 0 };
    }
    case 'multiselect':
    case 'radio': {
      // Each box's value is its position among the options offered: labels and ticks are
      // all the view needs, which keeps a category change (new sub-types) small.
      const picked = Array.isArray(value) ? (value as string[]) : [value];
      const options = visibleOptions(field, state.answers);
      return { kind: field.kind, options: options.map(label), checked: options.map((option) => picked.indexOf(option.value) >= 0) };
    }
    case 'text': {
      const text = typeof value === 'string' ? value : '';
      if (field.format === 'datetime' || field.format === 'date') {
        const { date, time } = splitDateTime(text);
        return { kind: field.format, date, time, dateText: date || t('ui.form.pickDate'), timeText: time || t('ui.form.pickTime'), end: env.today };
      }
      const max = field.maxLength || LIMITS.shortTextMaxLength;
      return { kind: 'text', type: KEYBOARDS[field.format] || 'text', placeholder: localized(field.placeholder, locale), max, value: text };
    }
    case 'textarea': {
      const text = typeof value === 'string' ? value : '';
      const max = field.maxLength || LIMITS.longTextMaxLength;
      return { kind: 'textarea', placeholder: localized(field.placeholder, locale), max, value: text, count: `${text.length}/${max}` };
    }
    case 'images': {
      const ids = Array.isArray(value) ? (value as string[]) : [];
      const numbers = Array.from({ length: field.maxCount }, (_, index) => index + 1);
      return {
        kind: 'images',
        items: ids.map((id) => state.previews[id] || ''),
        canAdd: env.imagesSupported && ids.length < field.maxCount,
        unsupported: !env.imagesSupported,
        problem: env.imageProblems[field.id] || '',
        // Accessible names per position: fixed, so they are sent once, not with every pick.
        viewLabels: numbers.map((index) => t('ui.images.view', { index })),
        removeLabels: numbers.map((index) => t('ui.images.remove', { index })),
      };
    }
    case 'rating': {
      const stars = Array.from({ length: field.max }, (_, index) => t('ui.rating.star', { count: index + 1 }));
      return { kind: 'rating', value: typeof value === 'number' ? value : 0, stars };
    }
    case 'contact':
      return {
        kind: 'contact',
        channels: field.channels.map((channel) => ({ k: channel, l: t(`ui.contact.${channel}` as MessageKey), type: CONTACT_KEYBOARDS[channel] || 'text', value: state.contact[channel] || '' })),
        max: LIMITS.shortTextMaxLength,
        consentLabel: localized(field.consentLabel, locale),
        consent: state.consent,
      };
  }
}

/**
 * Every field of `form` drawn from `state`, the hidden ones too (`shown: false`): a field
 * that appears when the category changes costs one flag, not its whole view.
 */
export function fieldViews(form: FormDefinition, state: FormState, env: ViewEnv): FieldView[] {
  const shown = visibleFields(form, state.answers).map((field) => field.id);
  // Object.assign rather than spread: no ES2018 helper lands in this component's file.
  return form.fields.map((field) =>
    Object.assign(
      { id: field.id, label: localized(field.label, env.locale), required: field.required, help: localized(field.help, env.locale), shown: shown.indexOf(field.id) >= 0 },
      controlOf(field, state, env),
    ),
  );
}

/**
 * The `setData` paths for `views`, as fine as `current` allows: per key of each field and,
 * for an array of the same length, its changed elements (`fields[1].checked[2]`) unless the
 * whole array is shorter. `patch` then drops the unchanged paths. Another set of fields (a
 * new form) is sent whole.
 */
export function fieldPaths(views: FieldView[], current: FieldView[] | undefined): Record<string, unknown> {
  const same = current && current.length === views.length && views.every((view, index) => view.id === current[index]!.id && view.kind === current[index]!.kind);
  if (!same) return { fields: views };
  const paths: Record<string, unknown> = {};
  views.forEach((view, index) => {
    for (const key of Object.keys(view)) {
      const path = `fields[${index}].${key}`;
      const value = view[key];
      const before = current[index]![key];
      if (!Array.isArray(value) || !Array.isArray(before) || value.length !== before.length) {
        paths[path] = value;
        continue;
      }
      const elements: Record<string, unknown> = {};
      value.forEach((item, at) => {
        if (JSON.stringify(item) !== JSON.stringify(before[at])) elements[`${path}[${at}]`] = item;
      });
      if (JSON.stringify(elements).length < JSON.stringify(value).length + path.length) Object.assign(paths, elements);
      else paths[path] = value;
    }
  });
  return paths;
}

import type { Messages } from './define';
import { DEFAULT_LOCALE, type Locale } from './locale';

export type MessageParams = Record<string, string | number>;

/**
 * Looks `key` up in one slice of the catalogue and fills `{name}` placeholders. Domain code
 * (validation, SLA) translates through its own slice so a device bundle carries only the
 * strings it can show; `t()` is the same over the whole catalogue.
 * A missing parameter is left visible as `{name}` so it is caught in review, not hidden.
 */
export function translate<K extends string>(
  catalogue: Messages<K>,
  key: K,
  params?: MessageParams,
  locale: Locale = DEFAULT_LOCALE,
): string {
  // Null checks, not `||`: an empty string is a real translation.
  let template = catalogue[locale] && catalogue[locale][key];
  if (template == null) template = catalogue[DEFAULT_LOCALE][key];
  if (template == null) template = key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    return value === undefined ? match : String(value);
  });
}

import { commonMessages } from './messages/common';
import { lifecycleMessages } from './messages/lifecycle';
import { slaMessages } from './messages/sla';
import { validationMessages } from './messages/validation';
import { DEFAULT_LOCALE, type Locale } from './locale';

export { DEFAULT_LOCALE, LOCALES, resolveLocale, type Locale } from './locale';
export { defineMessages, type Messages } from './define';

/** The whole catalogue, one object per locale. */
export const messages = {
  'zh-CN': {
    ...commonMessages['zh-CN'],
    ...validationMessages['zh-CN'],
    ...slaMessages['zh-CN'],
    ...lifecycleMessages['zh-CN'],
  },
  'en-US': {
    ...commonMessages['en-US'],
    ...validationMessages['en-US'],
    ...slaMessages['en-US'],
    ...lifecycleMessages['en-US'],
  },
};

export type MessageKey = keyof (typeof messages)['zh-CN'];
export type MessageParams = Record<string, string | number>;

/**
 * Looks up a user-facing string and fills `{name}` placeholders.
 * A missing parameter is left visible as `{name}` so it is caught in review, not hidden.
 *
 * @example t('queue.pendingCount', { count: 2 }) // '待发送 (2)'
 * @example t('queue.pendingCount', { count: 2 }, 'en-US') // 'Waiting to send (2)'
 */
export function t(key: MessageKey, params?: MessageParams, locale: Locale = DEFAULT_LOCALE): string {
  const template = (messages[locale] as Record<string, string>)[key] ?? (messages[DEFAULT_LOCALE] as Record<string, string>)[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    return value === undefined ? match : String(value);
  });
}

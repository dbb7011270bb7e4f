import { commonMessages } from './messages/common';
import { lifecycleMessages } from './messages/lifecycle';
import { slaMessages } from './messages/sla';
import { uiMessages } from './messages/ui';
import { validationMessages } from './messages/validation';
import type { Messages } from './define';
import { DEFAULT_LOCALE, type Locale } from './locale';
import { translate, type MessageParams } from './translate';

export { DEFAULT_LOCALE, LOCALES, resolveLocale, type Locale } from './locale';
export { defineMessages, type Messages } from './define';
export { translate } from './translate';

/** Joins catalogue slices. Pure: a bundle that never calls `t()` leaves the catalogue out. */
function join<A extends string, B extends string, C extends string, D extends string, E extends string>(
  a: Messages<A>,
  b: Messages<B>,
  c: Messages<C>,
  d: Messages<D>,
  e: Messages<E>,
): Messages<A | B | C | D | E> {
  const both = (locale: Locale) => Object.assign({}, a[locale], b[locale], c[locale], d[locale], e[locale]);
  return { 'zh-CN': both('zh-CN'), 'en-US': both('en-US') };
}

/** The whole catalogue, one object per locale. */
export const messages = /* @__PURE__ */ join(commonMessages, validationMessages, slaMessages, lifecycleMessages, uiMessages);

export type MessageKey = keyof (typeof messages)['zh-CN'];
export type { MessageParams } from './translate';

/**
 * Looks up a user-facing string in the whole catalogue and fills `{name}` placeholders.
 *
 * @example t('queue.pendingCount', { count: 2 }) // '待发送 (2)'
 * @example t('queue.pendingCount', { count: 2 }, 'en-US') // 'Waiting to send (2)'
 */
export function t(key: MessageKey, params?: MessageParams, locale: Locale = DEFAULT_LOCALE): string {
  return translate(messages, key, params, locale);
}

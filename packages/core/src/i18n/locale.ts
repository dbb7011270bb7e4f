/** The languages Fankui ships. zh-CN is the default. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/**
 * Maps what platforms report (`wx.getSystemInfoSync().language` gives `zh_CN`, `en`,
 * browsers give `en-GB`, `zh-Hans-CN`, `zh-TW`) to a shipped locale.
 *
 * @example resolveLocale('zh_CN') // 'zh-CN'; resolveLocale('en-GB') // 'en-US'
 */
export function resolveLocale(input: string | null | undefined): Locale {
  if (!input) return DEFAULT_LOCALE;
  const tag = input.replace('_', '-').toLowerCase();
  if (tag.startsWith('en')) return 'en-US';
  return DEFAULT_LOCALE;
}

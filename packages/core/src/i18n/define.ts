import type { Locale } from './locale';

/** A slice of the catalogue: the same keys in every shipped locale, enforced by the type. */
export type Messages<K extends string> = Record<Locale, Record<K, string>>;

/**
 * Declares a slice of the catalogue. zh-CN is the source of truth for the keys; the type
 * makes a missing or extra en-US key a compile error.
 */
export function defineMessages<K extends string>(zhCN: Record<K, string>, enUS: Record<K, string>): Messages<K> {
  return { 'zh-CN': zhCN, 'en-US': enUS };
}

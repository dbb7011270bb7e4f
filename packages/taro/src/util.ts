import { DEFAULT_LOCALE, type Locale } from '@fankui/core';
import type { CSSProperties } from 'react';

/** What every component takes for its root element. */
export interface StyleProps {
  className?: string;
  style?: CSSProperties;
}

/** Joins class names, skipping the falsy ones. */
export const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

/**
 * A form definition's text in `locale`, falling back to zh-CN (the only language a form must
 * have). Core's schema refuses empty texts, so `||` only skips a missing language.
 */
export const localized = (text: Partial<Record<Locale, string>> | undefined, locale: Locale) => (text && (text[locale] || text[DEFAULT_LOCALE])) || '';

/**
 * The keyboard that suits what is typed, a text field's `format` or a contact channel
 * (validation still checks the value).
 */
export const keyboard = (kind: string | undefined): 'text' | 'number' | 'digit' => (kind === 'amount' ? 'digit' : kind === 'phone' ? 'number' : 'text');

/** `2026-11-23 08:30` in the device's time zone: dates read the same in every locale. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The client's typed errors carry a stable `code`; the UI switches on it without importing the classes. */
export const errorCode = (error: unknown) => (error ? (error as { code?: unknown }).code : undefined);

/** Failures that mean "no network right now" rather than "the server said no". */
export const isOffline = (error: unknown) => errorCode(error) === 'network_error' || errorCode(error) === 'timeout';

import { DEFAULT_LOCALE, LOCALES, type Locale } from '../i18n/locale';
import { validationMessages } from '../i18n/messages/validation';
import { translate } from '../i18n/translate';

type MessageKey = keyof (typeof validationMessages)['zh-CN'];
import { FORBIDDEN_KEYS, LIMITS } from '../limits';
import type { ContactChannel, TextFormat } from '../model';
import type { AnswerValue, Answers, ChoiceField, ContactInfo, FieldOfKind, FormDefinition, FormField } from './types';
import { isFieldVisible, ownValue, setOwn, visibleOptions, type AnswerLookup } from './visibility';

/** Why one answer was refused. Stable: clients map them to UI, servers log them. */
export const FIELD_ERROR_CODES = [
  'required',
  'invalid_type',
  'invalid_option',
  'too_long',
  'too_short',
  'too_many',
  'too_few',
  'out_of_range',
  'invalid_format',
  'unknown_field',
  'forbidden_key',
  'consent_required',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldError {
  /** The field id (for contact details, the contact field's id); '' when `answers` itself is unusable. */
  field: string;
  code: FieldErrorCode;
  /** For the reporter, in the requested locale. */
  message: string;
  /** What the message was filled with (`label`, `max`, `format`…), for custom wording. */
  params?: Record<string, string | number>;
}

/** What a submission carries; the server may pass a `Submission` as is. */
export interface AnswersInput {
  answers: unknown;
  contact?: unknown;
  /** `true`, or the wire's `{ contact: true }`. */
  consent?: unknown;
}

/** Answers of visible fields only, trimmed and de-duplicated; valid input for `Answers`. */
export type CleanAnswers = Answers;

export type ValidationResult =
  | { ok: true; answers: CleanAnswers; contact?: ContactInfo }
  | { ok: false; errors: FieldError[] };

type Params = Record<string, string | number>;
type Report = (code: FieldErrorCode, params?: Params, key?: MessageKey) => undefined;
type FormatCheck = (value: string) => boolean;

const isRecord = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isBlank = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
/** Untrusted keys and values are echoed in errors; a megabyte-long one should not be. */
const clip = (key: string) => (key.length > LIMITS.idMaxLength ? `${key.slice(0, LIMITS.idMaxLength)}…` : key);

const DATE_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `2026-11-23`, `2026/11/23`, with `08:30`, `T08:30:00.000Z`… for datetime; real calendar days only. */
function isDateTime(value: string, withTime: boolean): boolean {
  const match = DATE_TIME.exec(value);
  if (!match || (match[4] !== undefined) !== withTime) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dateOk = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  return dateOk && (!withTime || (hour <= 23 && minute <= 59 && !(second > 59)));
}

const FORMATS: Record<Exclude<TextFormat, 'plain'> | ContactChannel, FormatCheck> = {
  amount: (value) => /^(?:0|[1-9]\d{0,11})(?:\.\d{1,2})?$/.test(value),
  date: (value) => isDateTime(value, false),
  datetime: (value) => isDateTime(value, true),
  // Chinese mobiles with or without +86, landlines, numbers abroad: E.164 caps at 15 digits.
  phone: (value) => /^\+?\d{5,15}$/.test(value.replace(/[\s()-]/g, '')),
  email: (value) => /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(value),
  // A WeChat ID is 6–20 letters, digits, _ and -; a bound phone number works as one too.
  wechat: (value) => /^[A-Za-z][\w-]{5,19}$/.test(value) || FORMATS.phone(value),
};

function checkChoice(field: ChoiceField, value: unknown, settled: AnswerLookup, report: Report): AnswerValue | undefined {
  // Options hidden by the answers so far (sub-types of another category) are not on offer.
  const offered = new Set(visibleOptions(field, settled).map((option) => option.value));
  if (field.kind !== 'multiselect') {
    if (typeof value !== 'string') return report('invalid_type');
    return offered.has(value) ? value : report('invalid_option', { value: clip(value) });
  }
  if (!isStringArray(value)) return report('invalid_type');
  if (value.length > LIMITS.answerMaxItems) return report('too_many', { max: LIMITS.answerMaxItems });
  const refused = value.find((item) => !offered.has(item));
  if (refused !== undefined) return report('invalid_option', { value: clip(refused) });
  const picked = [...new Set(value)];
  if (field.minSelected !== undefined && picked.length < field.minSelected) return report('too_few', { min: field.minSelected });
  if (field.maxSelected !== undefined && picked.length > field.maxSelected) return report('too_many', { max: field.maxSelected });
  return picked;
}

function checkText(field: FieldOfKind<'text' | 'textarea'>, value: unknown, report: Report): string | undefined {
  if (typeof value !== 'string') return report('invalid_type');
  const text = value.trim();
  const max = field.maxLength != null ? field.maxLength : field.kind === 'text' ? LIMITS.shortTextMaxLength : LIMITS.longTextMaxLength;
  if (text.length > max) return report('too_long', { max });
  if (field.minLength !== undefined && text.length < field.minLength) return report('too_short', { min: field.minLength });
  if (field.kind === 'text' && field.format !== 'plain' && !FORMATS[field.format](text)) {
    return report('invalid_format', { format: field.format }, `validation.invalid_format.${field.format}`);
  }
  return text;
}

function checkValue(field: Exclude<FormField, FieldOfKind<'contact'>>, value: unknown, settled: AnswerLookup, report: Report): AnswerValue | undefined {
  switch (field.kind) {
    case 'select':
    case 'radio':
    case 'multiselect':
      return checkChoice(field, value, settled, report);
    case 'text':
    case 'textarea':
      return checkText(field, value, report);
    case 'rating':
      if (typeof value !== 'number') return report('invalid_type');
      return Number.isInteger(value) && value >= 1 && value <= field.max ? value : report('out_of_range', { min: 1, max: field.max });
    case 'images':
      // Attachment ids from `POST /v1/attachments`; the server checks they exist.
      if (!isStringArray(value) || value.some((id) => id.length === 0 || id.length > LIMITS.idMaxLength)) return report('invalid_type');
      return value.length <= field.maxCount ? [...value] : report('too_many', { max: field.maxCount }, 'validation.too_many.images');
  }
}

/**
 * Contact details travel beside the answers. Giving any channel requires consent; a name
 * alone reaches nobody, so it counts as a missing channel.
 */
function checkContact(field: FieldOfKind<'contact'>, raw: unknown, consent: unknown, locale: Locale, report: Report): ContactInfo | undefined {
  if (raw === undefined || raw === null) {
    return field.required ? report('required', {}, 'validation.required.contact') : undefined;
  }
  if (!isRecord(raw)) return report('invalid_type');
  const allowed = new Set<string>(['name', ...field.channels]);
  const contact: Record<string, string> = {};
  let broken = false;
  let givesChannel = false;
  const fail: Report = (...args) => {
    broken = true;
    return report(...args);
  };
  for (const key of Object.keys(raw)) {
    const value = ownValue(raw, key);
    if (FORBIDDEN_KEYS.includes(key)) fail('forbidden_key', { field: key });
    else if (!allowed.has(key)) fail('unknown_field', { field: clip(key) });
    else if (typeof value !== 'string') fail('invalid_type', { key });
    else if (value.trim() !== '') {
      const text = value.trim();
      if (key !== 'name') givesChannel = true;
      if (text.length > LIMITS.shortTextMaxLength) fail('too_long', { key, max: LIMITS.shortTextMaxLength });
      else if (key !== 'name' && !FORMATS[key as ContactChannel](text)) {
        fail('invalid_format', { key, format: key }, `validation.invalid_format.${key as ContactChannel}`);
      } else contact[key] = text;
    }
  }
  if (givesChannel && consent !== true && ownValue(consent, 'contact') !== true) {
    fail('consent_required', { label: field.consentLabel[locale] || field.consentLabel['zh-CN'] });
  }
  if (!givesChannel && (field.required || contact.name !== undefined)) {
    fail('required', {}, 'validation.required.contact');
  }
  return broken || !givesChannel ? undefined : (contact as ContactInfo);
}

function requiredKey(field: FormField): MessageKey {
  if ('options' in field) return 'validation.required.choice';
  return field.kind === 'images' ? 'validation.required.images' : 'validation.required';
}

function run(form: FormDefinition, input: unknown, locale: Locale): ValidationResult {
  const errors: FieldError[] = [];
  const reporter =
    (field: string, label?: string): Report =>
    (code, params = {}, key = `validation.${code}` as const) => {
      const filled = label === undefined ? params : Object.assign({ label }, params);
      errors.push({ field, code, message: translate(validationMessages, key, filled, locale), params: filled });
      return undefined;
    };
  const answers = ownValue(input, 'answers');
  if (!isRecord(answers)) {
    reporter('')('invalid_type', {}, 'validation.invalid_type.answers');
    return { ok: false, errors };
  }
  const ids = new Set(form.fields.map((field) => field.id));
  for (const key of Object.keys(answers)) {
    if (FORBIDDEN_KEYS.includes(key)) reporter(key)('forbidden_key', { field: key });
    else if (!ids.has(key)) reporter(clip(key))('unknown_field', { field: clip(key) });
  }
  // Filled in form order: conditions see only earlier, visible, valid answers.
  const clean: Answers = {};
  const rawContact = ownValue(input, 'contact');
  let contact: ContactInfo | undefined;
  for (const field of form.fields) {
    if (!isFieldVisible(field, clean)) continue; // a hidden field's answer is dropped, not refused
    const report = reporter(field.id, field.label[locale] || field.label['zh-CN']);
    const value = ownValue(answers, field.id);
    if (field.kind === 'contact') {
      contact = checkContact(field, rawContact, ownValue(input, 'consent'), locale, report);
      if (value !== undefined) report('invalid_type'); // contact details belong in `contact`
    } else if (isBlank(value)) {
      if (field.required) report('required', {}, requiredKey(field));
    } else {
      const cleaned = checkValue(field, value, clean, report);
      if (cleaned !== undefined) setOwn(clean, field.id, cleaned);
    }
  }
  const hasContactField = form.fields.some((field) => field.kind === 'contact');
  if (!hasContactField && rawContact !== undefined && rawContact !== null) reporter('contact')('unknown_field', { field: 'contact' });
  if (errors.length > 0) return { ok: false, errors };
  return contact ? { ok: true, answers: clean, contact } : { ok: true, answers: clean };
}

/**
 * Checks a submission's answers against its form, as the reporter sees it: only visible
 * fields count (hidden answers are dropped), only visible options may be picked, and
 * required means required-when-shown. Runs on untrusted data: it never throws and never
 * mutates its input. Messages are in `options.locale` (default zh-CN).
 *
 * @example
 * const result = validateAnswers(DEFAULT_FORM, {
 *   answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '99.00', description: '被扣款了' },
 * });
 * // result.ok === false; result.errors:
 * // [{ field: 'description', code: 'too_short', message: '“问题描述”至少 5 个字', params: { label: '问题描述', min: 5 } }]
 */
export function validateAnswers(form: FormDefinition, input: AnswersInput, options?: { locale?: Locale }): ValidationResult {
  const requested = options && options.locale;
  const locale = LOCALES.find((known) => known === requested) || DEFAULT_LOCALE;
  try {
    return run(form, input, locale);
  } catch {
    // Only exotic objects get here (a Proxy whose traps throw); untrusted input must not crash a server.
    const message = translate(validationMessages, 'validation.invalid_type.answers', {}, locale);
    return { ok: false, errors: [{ field: '', code: 'invalid_type', message }] };
  }
}

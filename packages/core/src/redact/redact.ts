/**
 * PII redaction for free text and JSON-like values: mainland China mobile numbers,
 * resident ID card numbers, bank card numbers and e-mail addresses.
 *
 * Dependency-free and zod-free, because it ships inside mini-program bundles. For the
 * same reason it uses no regex lookbehind (older iOS JavaScriptCore rejects the whole
 * script at parse time), no sticky/unicode regex flags and no `?.`/`??`: digit
 * boundaries are checked by looking at the neighbouring characters by hand.
 *
 * Masks (every hidden character becomes one `*`; spaces/dashes inside a number are dropped):
 * - phone:     `138 0013 8000` → `138****8000` (first 3, last 4; a `+86`/`86` prefix is kept as written)
 * - id_card:   `11010519491231002X` → `110***********002X` (first 3, last 4)
 * - bank_card: `6222 0212 3456 7890 128` → `***************0128` (last 4, one `*` per hidden digit)
 * - email:     `zhang.san@example.com` → `z***@example.com` (first character and the domain)
 *
 * Detection rules worth knowing:
 * - A number is only matched whole: digits touching an ASCII letter, another digit or a `*`
 *   are never matched (order ids like `DD2024112300001234`, masked output), nor are numbers
 *   with a decimal part or a currency sign right before them (`¥`, `￥`, `$`).
 * - Digit groups may be separated by one space or dash: phones as 3-4-4, ID cards as 6-8-4,
 *   bank cards in groups of 4. A number separated from its neighbour by a space is a separate
 *   number; one joined by a dash is not (`2024-11-23` never yields a candidate).
 * - ID cards need a valid ISO 7064 MOD 11-2 check character and a birth date in 1900–2099.
 * - Bank cards need 16–19 digits, a Luhn check and a first digit of 3, 4, 5, 6 (UnionPay 62…)
 *   or 9 (old domestic BINs); numbers starting with 1, 2, 7 or 8 are treated as order numbers.
 * - Full-width characters (`１３８…`, `＠`) are recognised; kept characters are copied as written.
 */

/** The kinds of personal data that {@link findPii} recognises. */
export type PiiKind = 'phone' | 'id_card' | 'bank_card' | 'email';

/**
 * Every {@link PiiKind}, in a stable order.
 *
 * @example
 * ```ts
 * PII_KINDS.filter((kind) => kind !== 'email'); // ['phone', 'id_card', 'bank_card']
 * ```
 */
export const PII_KINDS: readonly PiiKind[] = ['phone', 'id_card', 'bank_card', 'email'];

/** One piece of personal data found in a text. */
export interface PiiMatch {
  kind: PiiKind;
  /** UTF-16 index of the first character. */
  start: number;
  /** UTF-16 index just past the last character (exclusive, like `String#slice`). */
  end: number;
  /** `text.slice(start, end)`, as written (with separators and any `+86` prefix). */
  value: string;
}

export interface RedactOptions {
  /** The kinds to find/mask; all of {@link PII_KINDS} when omitted. */
  kinds?: readonly PiiKind[];
}

/** What {@link redactDeep} puts in place of a reference back to an enclosing object. */
export const REDACT_CIRCULAR = '[Circular]';
/** What {@link redactDeep} puts in place of an object nested deeper than {@link REDACT_MAX_DEPTH}. */
export const REDACT_TRUNCATED = '[Truncated]';
/** Nesting levels below the root that {@link redactDeep} copies. */
export const REDACT_MAX_DEPTH = 20;

const PHONE = /^1[3-9]\d{9}$/;
const CN_PREFIX = /^\+?86$/;
const ID_CARD = /^[1-9]\d{16}[\dXx]$/;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const BANK_CARD = /^[3-69]\d{15,18}$/;
/** A maximal run of digit groups joined by single spaces/dashes (ID cards may end in X). */
const RUN = /\+?\d+[Xx]?(?:[ -]\d+[Xx]?)*/g;
const GROUP = /\+?\d+[Xx]?/g;
/** Blocks a number boundary: ASCII letters/digits, and `*` so that masked output stays put. */
const WORD = /[0-9A-Za-z*]/;
/** A decimal point next to these is part of a number (a masked digit counts as one). */
const DIGIT_OR_MASK = /[0-9*]/;
const EMAIL_LOCAL = /[A-Za-z0-9._%+*-]/;
const MASKED_LOCAL = /^.\*\*\*$/;
const EMAIL_DOMAIN_CHAR = /[A-Za-z0-9.-]/;
const EMAIL_DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const MAYBE_PII = /[0-9@\uFF10-\uFF19\uFF20]/;
const AT_SIGN = /[@\uFF20]/;
const DIGIT_OR_X = /[0-9Xx\uFF10-\uFF19\uFF38\uFF58]/;

/**
 * Finds the personal data in a text, in order, without overlaps. This is what
 * {@link redactPii} masks.
 *
 * @example
 * ```ts
 * findPii('电话13800138000，邮箱zhang.san@example.com');
 * // [
 * //   { kind: 'phone', start: 2, end: 13, value: '13800138000' },
 * //   { kind: 'email', start: 16, end: 37, value: 'zhang.san@example.com' },
 * // ]
 * ```
 */
export function findPii(text: string, options?: RedactOptions): PiiMatch[] {
  if (typeof text !== 'string' || !MAYBE_PII.test(text)) return [];
  const kinds = (options && options.kinds) || PII_KINDS;
  const norm = text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const matches: PiiMatch[] = [];
  const add = (kind: PiiKind, start: number, end: number) => {
    matches.push({ kind, start, end, value: text.slice(start, end) });
  };

  // E-mails first: their local part or domain may hold digits that must not be read as numbers.
  let scan = norm;
  if (kinds.indexOf('email') !== -1) {
    let masked = '';
    let from = 0;
    let at = norm.indexOf('@');
    while (at !== -1) {
      let start = at;
      while (start > from && EMAIL_LOCAL.test(norm.charAt(start - 1))) start--;
      let domainEnd = at + 1;
      while (domainEnd < norm.length && EMAIL_DOMAIN_CHAR.test(norm.charAt(domainEnd))) domainEnd++;
      const domain = start < at ? EMAIL_DOMAIN.exec(norm.slice(at + 1, domainEnd)) : null;
      if (domain) {
        const end = at + 1 + domain[0].length;
        // `z***@example.com` is our own mask: not PII, but still not a place to look for numbers.
        if (!MASKED_LOCAL.test(norm.slice(start, at))) add('email', start, end);
        masked += norm.slice(from, start) + '*'.repeat(end - start);
        from = end;
        at = norm.indexOf('@', end);
      } else {
        at = norm.indexOf('@', at + 1);
      }
    }
    if (from > 0) scan = masked + norm.slice(from);
  }

  let run: RegExpExecArray | null;
  RUN.lastIndex = 0;
  while ((run = RUN.exec(scan)) !== null) {
    const runStart = run.index;
    const runEnd = runStart + run[0].length;
    const groups: string[] = [];
    const starts: number[] = [];
    let group: RegExpExecArray | null;
    GROUP.lastIndex = 0;
    while ((group = GROUP.exec(run[0])) !== null) {
      groups.push(group[0]);
      starts.push(runStart + group.index);
    }
    // sep(k) is the separator (' ' or '-') before groups[k].
    const sep = (k: number) => scan.charAt(starts[k]! - 1);
    const last = groups.length - 1;
    let i = 0;
    while (i <= last) {
      let next = i + 1;
      if (i === 0 ? leftEdgeOk(scan, runStart) : sep(i) === ' ') {
        // Longest first; no valid number spans more than 5 groups (4-4-4-4-3).
        for (let j = Math.min(last, i + 4); j >= i; j--) {
          if (!(j === last ? rightEdgeOk(scan, runEnd) : sep(j + 1) === ' ')) continue;
          const seps: string[] = [];
          for (let k = i + 1; k <= j; k++) seps.push(sep(k));
          const kind = classify(groups.slice(i, j + 1), seps);
          if (kind) {
            // An unrequested kind still consumes its digits, so `kinds` only ever narrows the result.
            if (kinds.indexOf(kind) !== -1) add(kind, starts[i]!, starts[j]! + groups[j]!.length);
            next = j + 1;
            break;
          }
        }
      }
      i = next;
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

/**
 * Masks the personal data in a free text (see the module notes for the formats). Money
 * amounts, dates, times and order numbers are left alone. Idempotent: redacting twice
 * gives the same text as redacting once.
 *
 * @example
 * ```ts
 * redactPii('我的手机号是13800138000，请尽快联系'); // '我的手机号是138****8000，请尽快联系'
 * redactPii('身份证号 11010519491231002X 被冒用'); // '身份证号 110***********002X 被冒用'
 * redactPii('邮箱 zhang.san@example.com', { kinds: ['phone'] }); // unchanged
 * ```
 */
export function redactPii(text: string, options?: RedactOptions): string {
  const matches = findPii(text, options);
  if (matches.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const m of matches) {
    out += text.slice(pos, m.start) + mask(m);
    pos = m.end;
  }
  return out + text.slice(pos);
}

/**
 * Returns a copy of `value` in which every string inside plain objects and arrays has been
 * passed through {@link redactPii} — for logs, exports and webhooks. Object keys are kept as
 * they are. Other objects (Date, Map, class instances) are returned as they are, not copied.
 * A reference back to an enclosing object becomes `'[Circular]'` and an object nested more
 * than 20 levels below the root becomes `'[Truncated]'`, so the result is always
 * JSON-serialisable when the input was JSON-like. The input is never modified.
 *
 * @example
 * ```ts
 * redactDeep({ contact: '13800138000', tags: ['zhang.san@example.com'], count: 2 });
 * // { contact: '138****8000', tags: ['z***@example.com'], count: 2 }
 *
 * const node: Record<string, unknown> = { note: '卡号 6222021234567890128' };
 * node.self = node;
 * redactDeep(node); // { note: '卡号 ***************0128', self: '[Circular]' }
 * ```
 */
export function redactDeep<T>(value: T, options?: RedactOptions): T {
  return copy(value, options, [], 0) as T;
}

function copy(value: unknown, options: RedactOptions | undefined, parents: object[], depth: number): unknown {
  if (typeof value === 'string') return redactPii(value, options);
  if (value === null || typeof value !== 'object') return value;
  const isArray = Array.isArray(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (!isArray && proto !== Object.prototype && proto !== null) return value;
  if (parents.indexOf(value) !== -1) return REDACT_CIRCULAR;
  if (depth > REDACT_MAX_DEPTH) return REDACT_TRUNCATED;
  parents.push(value);
  let out: unknown;
  if (isArray) {
    const source = value as unknown[];
    const items: unknown[] = [];
    for (let i = 0; i < source.length; i++) items.push(copy(source[i], options, parents, depth + 1));
    out = items;
  } else {
    const source = value as Record<string, unknown>;
    const record: Record<string, unknown> = proto === null ? Object.create(null) : {};
    for (const key of Object.keys(source)) {
      const item = copy(source[key], options, parents, depth + 1);
      // An own "__proto__" key (from JSON.parse) must stay a key, not become the prototype.
      if (key === '__proto__') {
        Object.defineProperty(record, key, { value: item, enumerable: true, writable: true, configurable: true });
      } else {
        record[key] = item;
      }
    }
    out = record;
  }
  parents.pop();
  return out;
}

function leftEdgeOk(s: string, pos: number): boolean {
  const c = s.charAt(pos - 1);
  if (WORD.test(c) || c === '\u00A5' || c === '\uFFE5' || c === '$') return false;
  return !(c === '.' && DIGIT_OR_MASK.test(s.charAt(pos - 2)));
}

function rightEdgeOk(s: string, pos: number): boolean {
  const c = s.charAt(pos);
  if (WORD.test(c)) return false;
  return !(c === '.' && DIGIT_OR_MASK.test(s.charAt(pos + 1)));
}

/** What a slice of digit groups is, if anything. `seps` are the separators between them. */
function classify(groups: string[], seps: string[]): PiiKind | null {
  const first = groups[0]!;
  const joined = groups.join('');
  const uniform = seps.every((s) => s === seps[0]);
  if (CN_PREFIX.test(first) && groups.length > 1) {
    return isPhone(groups.slice(1), seps.slice(1)) ? 'phone' : null;
  }
  if (first.charAt(0) === '+') {
    return groups.length === 1 && first.slice(0, 3) === '+86' && PHONE.test(first.slice(3)) ? 'phone' : null;
  }
  if (isPhone(groups, seps)) return 'phone';
  if (groups.length === 1 && first.slice(0, 2) === '86' && PHONE.test(first.slice(2))) return 'phone';
  if (hasLengths(groups, [18]) || (uniform && hasLengths(groups, [6, 8, 4]))) {
    if (isResidentId(joined)) return 'id_card';
  }
  if (BANK_CARD.test(joined) && (groups.length === 1 || (uniform && isGroupedBy4(groups))) && isLuhn(joined)) {
    return 'bank_card';
  }
  return null;
}

function isPhone(groups: string[], seps: string[]): boolean {
  const shaped = hasLengths(groups, [11]) || (hasLengths(groups, [3, 4, 4]) && seps[0] === seps[1]);
  return shaped && PHONE.test(groups.join(''));
}

function hasLengths(groups: string[], lengths: number[]): boolean {
  if (groups.length !== lengths.length) return false;
  for (let i = 0; i < groups.length; i++) if (groups[i]!.length !== lengths[i]) return false;
  return true;
}

/** `6222 0212 3456 7890 128`: four or more groups of 4, the last one 1–4 long. */
function isGroupedBy4(groups: string[]): boolean {
  if (groups.length < 4) return false;
  for (let i = 0; i < groups.length - 1; i++) if (groups[i]!.length !== 4) return false;
  return true; // the last group's length is bounded by the 16–19 digit total
}

function isResidentId(id: string): boolean {
  if (!ID_CARD.test(id)) return false;
  const year = +id.slice(6, 10);
  const month = +id.slice(10, 12);
  const day = +id.slice(12, 14);
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  if (day > days) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK.charAt(sum % 11) === id.charAt(17).toUpperCase();
}

function isLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d > 4 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function mask(m: PiiMatch): string {
  const v = m.value;
  if (m.kind === 'email') {
    return v.charAt(0) + '***' + v.slice(v.search(AT_SIGN));
  }
  // The digits (and X) as written, full-width or not, and where each one sits in `v`.
  const digits: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < v.length; i++) {
    if (DIGIT_OR_X.test(v.charAt(i))) {
      digits.push(v.charAt(i));
      at.push(i);
    }
  }
  const n = digits.length;
  if (m.kind === 'bank_card') return '*'.repeat(n - 4) + digits.slice(n - 4).join('');
  if (m.kind === 'id_card') return digits.slice(0, 3).join('') + '*'.repeat(11) + digits.slice(14).join('');
  const skip = n - 11; // a "+86 " / "86-" prefix is kept as written
  return v.slice(0, at[skip]) + digits.slice(skip, skip + 3).join('') + '****' + digits.slice(skip + 7).join('');
}


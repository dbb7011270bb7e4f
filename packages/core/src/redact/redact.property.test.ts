import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPii, type PiiKind, redactDeep, redactPii } from './index';

// Test-side oracles, written independently of the implementation.
import { withIdCheck, withLuhn } from './test-oracles';

/** A valid resident ID would be read as an ID, not a card: keep generated cards unambiguous. */
function looksLikeId(n: string): boolean {
  if (n.length !== 18 || n[0] === '0') return false;
  const y = Number(n.slice(6, 10));
  const m = Number(n.slice(10, 12));
  const d = Number(n.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const dateOk = y >= 1900 && y <= 2099 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return dateOk && withIdCheck(n.slice(0, 17)) === n;
}

const digits = (min: number, max = min) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));

const group = (n: string, sizes: number[], sep: string) => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= n.length) break;
    parts.push(n.slice(at, at + size));
    at += size;
  }
  if (at < n.length) parts.push(n.slice(at));
  return parts.join(sep);
};

interface Sample {
  kind: PiiKind;
  /** As it appears in the text. */
  text: string;
  /** What redactPii must turn it into. */
  masked: string;
  /** Digits that must not survive (the exact-output check covers the rest). */
  hidden: string;
}

const phone: fc.Arbitrary<Sample> = fc
  .tuple(
    fc.constantFrom(...'3456789'),
    digits(9),
    fc.constantFrom(
      ['', 'plain'],
      ['', 'space'],
      ['', 'dash'],
      ['+86 ', 'plain'],
      ['+86-', 'dash'],
      ['+86 ', 'space'],
      ['+86', 'plain'],
      ['86 ', 'plain'],
      ['86', 'plain'],
    ),
  )
  .map(([second, rest, [prefix, style]]) => {
    const n = `1${second}${rest}`;
    const body = style === 'plain' ? n : group(n, [3, 4, 4], style === 'space' ? ' ' : '-');
    return { kind: 'phone', text: prefix + body, masked: `${prefix}${n.slice(0, 3)}****${n.slice(7)}`, hidden: n.slice(3, 8) };
  });

const idCard: fc.Arbitrary<Sample> = fc
  .tuple(
    fc.integer({ min: 110000, max: 829999 }),
    fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }),
    digits(3),
    fc.constantFrom('', ' ', '-'),
    fc.boolean(),
  )
  .map(([region, birth, seq, sep, lower]) => {
    const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
    let id = withIdCheck(`${region}${ymd}${seq}`);
    if (lower) id = id.toLowerCase();
    const text = sep ? group(id, [6, 8, 4], sep) : id;
    return { kind: 'id_card', text, masked: `${id.slice(0, 3)}${'*'.repeat(11)}${id.slice(14)}`, hidden: id.slice(3, 14) };
  });

const bankCard: fc.Arbitrary<Sample> = fc
  .tuple(fc.constantFrom('62', '621', '622', '4', '5', '3', '6', '9'), fc.integer({ min: 16, max: 19 }), digits(18), fc.constantFrom('', ' ', '-'))
  .map(([iin, length, pool, sep]) => ({ card: withLuhn((iin + pool).slice(0, length - 1)), sep }))
  .filter(({ card }) => !looksLikeId(card))
  .map(({ card, sep }) => ({
    kind: 'bank_card',
    text: sep ? group(card, [4, 4, 4, 4], sep) : card,
    masked: '*'.repeat(card.length - 4) + card.slice(-4),
    hidden: card.slice(0, -4),
  }));

const email: fc.Arbitrary<Sample> = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,12}$/),
    fc.constantFrom('example.com', 'qq.com', '163.com', 'mail.example.com.cn', 'fankui-test.org'),
  )
  .map(([local, domain]) => ({
    kind: 'email',
    text: `${local}@${domain}`,
    masked: `${local[0]}***@${domain}`,
    hidden: '',
  }));

const pii = fc.oneof(phone, idCard, bankCard, email);

/** Chinese text around the data: no ASCII letters or digits. */
const chinese = fc.string({ unit: fc.constantFrom(...'我的手机号是请尽快联系身份证被冒用银行卡盗刷邮箱谢谢，。：、（）！？ '), maxLength: 12 });
const chineseNoSpace = fc.string({
  unit: fc.constantFrom(...'我的手机号是请尽快联系身份证被冒用银行卡盗刷邮箱谢谢，。：、（）！？'),
  minLength: 1,
  maxLength: 8,
});

/** Dense, adversarial text: separators, masks, prefixes, decimals, currency, letters. */
const tricky = fc.string({ unit: fc.constantFrom(...'0123456789 -+xX*.@¥$a中，'), maxLength: 60 });

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  tricky,
  fc.array(fc.oneof(chinese, tricky, pii.map((s) => s.text)), { maxLength: 8 }).map((parts) => parts.join('')),
);

describe('redactPii properties', () => {
  it('never throws and is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = redactPii(text);
        expect(redactPii(once)).toBe(once);
        expect(findPii(once)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent for any selection of kinds', () => {
    fc.assert(
      fc.property(anyText, fc.subarray(['phone', 'id_card', 'bank_card', 'email'] as PiiKind[]), (text, kinds) => {
        const once = redactPii(text, { kinds });
        expect(redactPii(once, { kinds })).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds sorted, non-overlapping matches whose value is the text they cover', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        let end = 0;
        for (const m of findPii(text)) {
          expect(m.start).toBeGreaterThanOrEqual(end);
          expect(m.end).toBeGreaterThan(m.start);
          expect(text.slice(m.start, m.end)).toBe(m.value);
          end = m.end;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('fully masks any valid phone, ID card, bank card or e-mail embedded in Chinese text', () => {
    fc.assert(
      fc.property(chinese, pii, chinese, (before, sample, after) => {
        const text = before + sample.text + after;
        expect(findPii(text)).toEqual([
          { kind: sample.kind, start: before.length, end: before.length + sample.text.length, value: sample.text },
        ]);
        const out = redactPii(text);
        expect(out).toBe(before + sample.masked + after);
        if (sample.hidden) expect(out).not.toContain(sample.hidden);
      }),
      { numRuns: 2000 },
    );
  });

  it('masks several of them in one text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(pii, chineseNoSpace), { minLength: 1, maxLength: 5 }), chineseNoSpace, (items, head) => {
        const text = head + items.map(([s, sep]) => s.text + sep).join('');
        const expected = head + items.map(([s, sep]) => s.masked + sep).join('');
        expect(findPii(text).map((m) => m.kind)).toEqual(items.map(([s]) => s.kind));
        expect(redactPii(text)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves strings without digits or "@" unchanged', () => {
    const noDigits = fc
      .oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), chinese)
      .filter((s) => !/[0-9@\uFF10-\uFF19\uFF20]/.test(s));
    fc.assert(
      fc.property(noDigits, (text) => {
        expect(redactPii(text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves amounts, dates and times alone', () => {
    const amount = fc
      .tuple(fc.constantFrom('', '¥', '￥', '$'), fc.integer({ min: 0, max: 99_999_999 }), fc.constantFrom('', ' 元', '元'))
      .map(([sign, cents, unit]) => `${sign}${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}${unit}`);
    const dateTime = fc
      .date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 19).replace('T', ' '));
    fc.assert(
      fc.property(fc.array(fc.oneof(amount, dateTime), { minLength: 1, maxLength: 4 }), chinese, (parts, sep) => {
        const text = parts.join(sep || '，');
        expect(redactPii(text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('redactDeep properties', () => {
  it('never throws, never mutates, and redacts like redactPii', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const before = JSON.stringify(value);
        const out = redactDeep(value);
        expect(JSON.stringify(value)).toBe(before);
        expect(redactDeep(out)).toEqual(out);
      }),
      { numRuns: 500 },
    );
  });

  it('copies any value without throwing', () => {
    fc.assert(
      fc.property(fc.anything({ withMap: true, withSet: true, withDate: true, withNullPrototype: true }), (value) => {
        redactDeep(value);
      }),
      { numRuns: 500 },
    );
  });
});

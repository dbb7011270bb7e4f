import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findPii, PII_KINDS, REDACT_CIRCULAR, REDACT_TRUNCATED, redactDeep, redactPii } from './index';

// Test-side oracles, written independently of the implementation.
import { withIdCheck, withLuhn } from './test-oracles';

function isLuhn(n: string): boolean {
  return withLuhn(n.slice(0, -1)) === n;
}

/** A wrong last digit for `body17` that is neither the ID check character nor Luhn-valid. */
function badIdNotLuhn(body17: string): string {
  for (let d = 0; d <= 9; d++) {
    const n = body17 + d;
    if (n !== withIdCheck(body17) && !isLuhn(n)) return n;
  }
  throw new Error('unreachable');
}

const group4 = (n: string, sep = ' ') => n.replace(/(\d{4})(?=\d)/g, `$1${sep}`);

// 19 digits, UnionPay; equals the '6222 0212 3456 7890 128' of the brief.
const CARD19 = withLuhn('622202123456789012');
const CARD16 = withLuhn('622848001234567');
const VISA16 = withLuhn('411111111111111');

describe('test oracles', () => {
  it('agree with published examples', () => {
    expect(withIdCheck('11010519491231002')).toBe('11010519491231002X');
    expect(withLuhn('7992739871')).toBe('79927398713');
    expect(CARD19).toBe('6222021234567890128');
    expect(CARD16).toHaveLength(16);
  });
});

describe('phone numbers', () => {
  it.each([
    ['我的手机号是13800138000，请尽快联系', '我的手机号是138****8000，请尽快联系'],
    ['+86 139-1234-5678', '+86 139****5678'],
    ['+86 13912345678', '+86 139****5678'],
    ['+8613912345678', '+86139****5678'],
    ['8613912345678', '86139****5678'],
    ['86-139-1234-5678', '86-139****5678'],
    ['（+86）139 1234 5678', '（+86）139****5678'],
    ['电话：138 0013 8000。', '电话：138****8000。'],
    ['电话：138-0013-8000', '电话：138****8000'],
    ['联系电话:15912345678,或者18612345678', '联系电话:159****5678,或者186****5678'],
    ['打了13800138000 3次都没人接', '打了138****8000 3次都没人接'],
    ['"13800138000"', '"138****8000"'],
  ])('%s → %s', (input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });

  it('covers every 1[3-9] prefix', () => {
    for (const second of '3456789') expect(redactPii(`号码1${second}012345678`)).toBe(`号码1${second}0****5678`);
  });

  it('reports the prefix as part of the match', () => {
    expect(findPii('请拨 +86 139-1234-5678 谢谢')).toEqual([
      { kind: 'phone', start: 3, end: 20, value: '+86 139-1234-5678' },
    ]);
  });

  it.each([
    ['12345678901', 'second digit 1-2 is not a mobile prefix'],
    ['11012345678', 'second digit 1-2 is not a mobile prefix'],
    ['1380013800', '10 digits'],
    ['138001380001', '12 digits'],
    ['abc13800138000', 'letters before'],
    ['13800138000abc', 'letters after'],
    ['uid=A13800138000B', 'inside an identifier'],
    ['138 00138 000', 'not grouped 3-4-4'],
    ['138-0013 8000', 'mixed separators'],
    ['138--0013--8000', 'double separators'],
    ['余额13800138000.50元', 'an amount with decimals'],
    ['¥13800138000', 'a currency amount'],
    ['0.13800138000', 'the fraction of a decimal'],
    ['1-13800138000', 'joined to another number by a dash'],
  ])('leaves %s alone (%s)', (input) => {
    expect(redactPii(input)).toBe(input);
  });
});

describe('resident ID card numbers', () => {
  it.each([
    ['身份证号 11010519491231002X 被冒用', '身份证号 110***********002X 被冒用'],
    ['身份证号11010519491231002x被冒用', '身份证号110***********002x被冒用'],
    ['证件：110105 19491231 002X', '证件：110***********002X'],
    ['证件：110105-19491231-002X', '证件：110***********002X'],
    [`身份证${withIdCheck('44030520000229123')}`, `身份证440***********${withIdCheck('44030520000229123').slice(14)}`],
  ])('%s → %s', (input, expected) => {
    expect(redactPii(input)).toBe(expected);
    expect(findPii(input).map((m) => m.kind)).toEqual(['id_card']);
  });

  it('leaves an 18-digit number with a bad checksum (and no Luhn) alone', () => {
    const bad = badIdNotLuhn('44030519900307123');
    expect(redactPii(`单号${bad}`)).toBe(`单号${bad}`);
  });

  it.each([
    ['44030519901307123', 'month 13'],
    ['44030519900230123', '30 February'],
    ['44030519000229123', '29 February 1900 (not a leap year)'],
    ['44030518991231123', 'born before 1900'],
    ['04030519900307123', 'region code starting with 0'],
  ])('rejects an implausible birth date or region even with a valid check character: %s (%s)', (body) => {
    const id = withIdCheck(body);
    // It may still be a bank card if Luhn happens to pass; it is never an ID card.
    expect(findPii(id).filter((m) => m.kind === 'id_card')).toEqual([]);
    if (!isLuhn(id)) expect(redactPii(id)).toBe(id);
  });

  it('reads a number that fails the ID check but passes Luhn as a bank card', () => {
    const body = '62220212345678901'; // 20345678 is no date
    const card = withLuhn(body);
    expect(card).toHaveLength(18);
    expect(findPii(card)).toEqual([{ kind: 'bank_card', start: 0, end: 18, value: card }]);
    expect(redactPii(card)).toBe(`**************${card.slice(14)}`);
  });

  it('prefers the ID reading when a number is both', () => {
    // Search a valid ID that is also Luhn-valid.
    let id = '';
    for (let seq = 100; !id; seq++) {
      const candidate = withIdCheck(`44030519900307${seq}`);
      if (isLuhn(candidate)) id = candidate;
    }
    expect(findPii(id)[0]!.kind).toBe('id_card');
  });
});

describe('bank card numbers', () => {
  it('masks the grouped 19-digit card of a complaint', () => {
    const grouped = group4(CARD19); // '6222 0212 3456 7890 128'
    expect(redactPii(`银行卡 ${grouped} 被盗刷`)).toBe('银行卡 ***************0128 被盗刷');
  });

  it.each([
    [CARD19, '***************0128'],
    [CARD16, `************${CARD16.slice(12)}`],
    [VISA16, '************1111'],
    [group4(CARD16), `************${CARD16.slice(12)}`],
    [group4(CARD16, '-'), `************${CARD16.slice(12)}`],
    [group4(CARD19, '-'), '***************0128'],
  ])('%s → %s', (card, expected) => {
    expect(redactPii(`卡号：${card}。`)).toBe(`卡号：${expected}。`);
    expect(findPii(card)[0]!.kind).toBe('bank_card');
  });

  it('reads a digit group after a space as a separate number', () => {
    expect(redactPii(`${group4(CARD16)} 1234`)).toBe(`************${CARD16.slice(12)} 1234`);
  });

  it.each([
    ['a Luhn-invalid number', `${CARD16.slice(0, 15)}${(Number(CARD16[15]) + 1) % 10}`],
    ['15 digits', withLuhn('62220212345678')],
    ['20 digits', withLuhn('6222021234567890123')],
    ['a date-like order number (first digit 2)', withLuhn('20241123000012345')],
    ['a number starting with 1', withLuhn('100000123456789')],
    ['20 digits grouped 4-4-4-4-4 whose first 16 fail Luhn', group4(`${CARD16.slice(0, 15)}${(Number(CARD16[15]) + 1) % 10}1234`)],
    ['irregular grouping', `${CARD16.slice(0, 6)} ${CARD16.slice(6)}`],
    ['letters around it', `NO${CARD16}X1`],
  ])('leaves %s alone', (_label, input) => {
    expect(redactPii(input)).toBe(input);
  });
});

describe('e-mail addresses', () => {
  it.each([
    ['zhang.san@example.com', 'z***@example.com'],
    ['邮箱：zhang.san@example.com。', '邮箱：z***@example.com。'],
    ['邮箱zhang_san+fankui@mail.example.com.cn谢谢', '邮箱z***@mail.example.com.cn谢谢'],
    ['QQ邮箱 123456789@qq.com', 'QQ邮箱 1***@qq.com'],
    ['13800138000@163.com', '1***@163.com'],
    ['a@b.co', 'a***@b.co'],
    ['发到 Li.Si@Example.ORG, wang@example.com', '发到 L***@Example.ORG, w***@example.com'],
    ['ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ｚ***＠ｅｘａｍｐｌｅ．ｃｏｍ'],
  ])('%s → %s', (input, expected) => {
    expect(redactPii(input)).toBe(expected);
  });

  it.each(['@example.com', 'zhang@', 'zhang@localhost', 'a@b.c', '微信@张三', '价格@100元'])('leaves %s alone', (input) => {
    expect(redactPii(input)).toBe(input);
  });

  it('keeps digits in a domain inside the e-mail', () => {
    expect(findPii('x@mail.13800138000.com').map((m) => m.kind)).toEqual(['email']);
  });
});

describe('free text that is not PII', () => {
  it.each([
    '退款200 元还没到账',
    '订单金额¥1,299.00，实付￥1299',
    '2024-11-23 14:30 下单',
    '2024/11/23 14:30:59',
    '20241123143059',
    '订单号DD20241123000012345678',
    '快递单号 1234567890123456789012345',
    '取件码 1234567890',
    '版本 8.0.49 / 基础库 3.6.2',
    '第3次反馈，等了72小时',
    '',
    '纯中文，没有数字也没有邮箱。',
  ])('%s', (input) => {
    expect(findPii(input)).toEqual([]);
    expect(redactPii(input)).toBe(input);
  });
});

describe('mixed text', () => {
  const id = '11010519491231002X';
  const card = group4(CARD19);
  const text = `我叫张三，手机13800138000，身份证${id}，银行卡${card}被盗刷了，邮箱zhang.san@example.com，订单号DD20241123000012345678，金额¥1,299.00。`;

  it('finds every kind, in order, with positions', () => {
    const found = findPii(text);
    expect(found.map((m) => m.kind)).toEqual(['phone', 'id_card', 'bank_card', 'email']);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.value);
    expect(found.map((m) => m.value)).toEqual(['13800138000', id, card, 'zhang.san@example.com']);
  });

  it('masks all of them and nothing else', () => {
    expect(redactPii(text)).toBe(
      '我叫张三，手机138****8000，身份证110***********002X，银行卡***************0128被盗刷了，邮箱z***@example.com，订单号DD20241123000012345678，金额¥1,299.00。',
    );
  });

  it('is idempotent', () => {
    const once = redactPii(text);
    expect(redactPii(once)).toBe(once);
    expect(findPii(once)).toEqual([]);
  });

  it.each([
    ['26614720750521928X.6200000000000005', 'a decimal point between two numbers'],
    ['13800138000 6222 0212 3456 7890 1', 'a short group after a masked number'],
    ['*a@example.com 13800138000', 'a mask-like e-mail'],
    ['x@mail.13800138000.com', 'digits in a domain'],
  ])('stays stable on a second pass: %s (%s)', (input) => {
    const once = redactPii(input);
    expect(redactPii(once)).toBe(once);
    expect(findPii(once)).toEqual([]);
  });

  it('masks only the requested kinds', () => {
    expect(redactPii(text, { kinds: ['email'] })).toBe(text.replace('zhang.san@', 'z***@'));
    expect(findPii(text, { kinds: ['phone', 'bank_card'] }).map((m) => m.kind)).toEqual(['phone', 'bank_card']);
    expect(redactPii(text, { kinds: [] })).toBe(text);
    expect(redactPii(text, { kinds: PII_KINDS })).toBe(redactPii(text));
  });

  it('masks a phone used as an e-mail local part when e-mails are not requested', () => {
    expect(redactPii('13800138000@qq.com', { kinds: ['phone'] })).toBe('138****8000@qq.com');
  });

  it('handles numbers separated by a space or punctuation', () => {
    expect(redactPii(`13800138000 ${CARD16}`)).toBe(`138****8000 ************${CARD16.slice(12)}`);
    expect(redactPii('13800138000/13900139000、15012345678')).toBe('138****8000/139****9000、150****5678');
  });
});

describe('full-width digits', () => {
  const fw = (s: string) => s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  it('are recognised, and the kept digits stay full-width', () => {
    expect(redactPii(`手机：${fw('13800138000')}`)).toBe(`手机：${fw('138')}****${fw('8000')}`);
    expect(redactPii(`身份证${fw('11010519491231002X')}`)).toBe(`身份证${fw('110')}***********${fw('002X')}`);
    expect(redactPii(`卡${fw(CARD19)}`)).toBe(`卡***************${fw('0128')}`);
    expect(redactPii(`手机：１３８－００１３－８０００`)).toBe('手机：１３８****８０００');
  });

  it('do not combine with ASCII letters around them', () => {
    expect(redactPii(`Ａ${fw('13800138000')}`)).toBe(`Ａ${fw('13800138000')}`);
  });
});

describe('redactDeep', () => {
  it('redacts every string in plain objects and arrays, keeping keys and other values', () => {
    const input = {
      contact: '13800138000',
      '13900139000': 'a key is kept as it is',
      answers: { desc: '银行卡 ' + group4(CARD19) + ' 被盗刷', count: 2, ok: true, none: null, missing: undefined },
      tags: ['zhang.san@example.com', 42, ['身份证 11010519491231002X']],
    };
    expect(redactDeep(input)).toEqual({
      contact: '138****8000',
      '13900139000': 'a key is kept as it is',
      answers: { desc: '银行卡 ***************0128 被盗刷', count: 2, ok: true, none: null, missing: undefined },
      tags: ['z***@example.com', 42, ['身份证 110***********002X']],
    });
  });

  it('never mutates the input', () => {
    const input = { a: ['13800138000'], b: { c: 'zhang@example.com' } };
    const snapshot = structuredClone(input);
    const out = redactDeep(input);
    expect(input).toEqual(snapshot);
    expect(out).not.toBe(input);
    expect(out.a).not.toBe(input.a);
  });

  it('redacts top-level strings and passes other primitives through', () => {
    expect(redactDeep('13800138000')).toBe('138****8000');
    expect(redactDeep(13800138000)).toBe(13800138000);
    expect(redactDeep(null)).toBe(null);
    expect(redactDeep(undefined)).toBe(undefined);
  });

  it('returns non-plain objects as they are', () => {
    const date = new Date(0);
    const map = new Map([['k', '13800138000']]);
    const out = redactDeep({ date, map });
    expect(out.date).toBe(date);
    expect(out.map).toBe(map);
  });

  it('replaces cycles with a marker and copies shared references', () => {
    const shared = { phone: '13800138000' };
    const root: Record<string, unknown> = { a: shared, b: shared, list: [] as unknown[] };
    root.self = root;
    (root.list as unknown[]).push(root, shared);
    const out = redactDeep(root);
    expect(out).toEqual({
      a: { phone: '138****8000' },
      b: { phone: '138****8000' },
      list: [REDACT_CIRCULAR, { phone: '138****8000' }],
      self: REDACT_CIRCULAR,
    });
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('truncates nesting deeper than 20 levels without throwing', () => {
    let deep: Record<string, unknown> = { leaf: '13800138000' };
    for (let i = 0; i < 1000; i++) deep = { next: deep, phone: '13800138000' };
    const out = redactDeep(deep) as Record<string, unknown>;
    let node = out;
    for (let level = 0; level < 20; level++) {
      expect(node.phone).toBe('138****8000');
      node = node.next as Record<string, unknown>;
    }
    expect(node.phone).toBe('138****8000');
    expect(node.next).toBe(REDACT_TRUNCATED);
    expect(JSON.stringify(out)).not.toContain('13800138000');
  });

  it('keeps a "__proto__" key as data', () => {
    const input = JSON.parse('{"__proto__": {"phone": "13800138000"}, "x": 1}') as Record<string, unknown>;
    const out = redactDeep(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'x']);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"phone":"138****8000"},"x":1}');
  });

  it('passes the options down', () => {
    expect(redactDeep({ a: '13800138000 zhang@example.com' }, { kinds: ['email'] })).toEqual({
      a: '13800138000 z***@example.com',
    });
  });
});

describe('mini-program safety', () => {
  const source = readFileSync(new URL('./redact.ts', import.meta.url), 'utf8');

  it('uses no regex lookbehind (a parse-time SyntaxError on older iOS)', () => {
    expect(source).not.toMatch(/\(\?<[=!]/);
  });

  it('imports nothing', () => {
    expect(source).not.toMatch(/^\s*import\s/m);
  });
});

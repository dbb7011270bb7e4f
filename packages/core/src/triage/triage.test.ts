import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_TRIAGE_RULES } from './default-rules';
import { normalizeText, prioritize, triage, type TriageRules } from './triage';

const ids = (result: ReturnType<typeof triage>) => result.suggestions.map((article) => article.id);

describe('normalizeText', () => {
  it('folds full-width, case and every kind of whitespace', () => {
    expect(normalizeText('ＡＰＰ　闪退 了\n')).toBe('app闪退了');
    expect(normalizeText('Ｃｒａｓｈ！１２３')).toBe('crash!123');
    expect(normalizeText('支付 失败\t了')).toBe('支付失败了');
  });

  it('still folds full-width ASCII where normalize is a no-op (runtimes without ICU)', () => {
    const spy = vi.spyOn(String.prototype, 'normalize').mockImplementation(function (this: string) {
      return this;
    });
    try {
      expect(normalizeText('ＣＲＡＳＨ　闪退')).toBe('crash闪退');
    } finally {
      spy.mockRestore();
    }
  });

  it('leaves Chinese text whole', () => {
    expect(normalizeText('昨天支付失败了')).toBe('昨天支付失败了');
  });
});

describe('triage with the default rules', () => {
  it('makes a failed payment with a charge high and offers the payment FAQ', () => {
    const result = triage({ category: 'payment', subtypes: ['payment_failed'], text: '昨天支付失败了但是银行卡被扣款了 200 元' });
    expect(result.priority).toBe('high');
    expect(result.category).toBe('payment');
    expect(result.reasons).toEqual(['category:payment', 'subtype:payment_failed', 'money']);
    expect(ids(result)).toEqual(['payment_faq']);
    expect(result.suggestions[0]!.title['zh-CN']).toBe('支付失败？先看看这些解决办法');
  });

  it('raises money problems filed under a low category from the text alone', () => {
    const result = triage({ category: 'other', text: '昨天支付失败了但是银行卡被扣款了 200 元' });
    expect(result).toMatchObject({ priority: 'high', reasons: ['money'] });
    expect(ids(result)).toEqual(['payment_faq']);
  });

  it('makes a crash after an update medium and suggests troubleshooting', () => {
    const result = triage({ category: 'malfunction', text: '更新后一打开就闪退' });
    expect(result).toMatchObject({ priority: 'medium', reasons: ['category:malfunction', 'crash'] });
    expect(ids(result)).toEqual(['crash_troubleshooting']);
  });

  it('makes a leaked phone number high', () => {
    const result = triage({ category: 'experience', text: '我的手机号被泄露了，总接到骚扰电话' });
    expect(result).toMatchObject({ priority: 'high', reasons: ['privacy'], suggestions: [] });
  });

  it('keeps a suggestion low with nothing to suggest', () => {
    expect(triage({ category: 'suggestion', text: '建议增加夜间模式' })).toEqual({
      priority: 'low',
      category: 'suggestion',
      reasons: ['category:suggestion'],
      suggestions: [],
    });
  });

  it('matches full-width and spaced-out text', () => {
    expect(triage({ category: 'suggestion', text: '页面 白 屏，ＣＲＡＳＨ了' })).toMatchObject({ priority: 'medium', reasons: ['crash'] });
    expect(triage({ text: '银行卡 盗 刷 了　３００元' })).toMatchObject({ priority: 'high', reasons: ['money'] });
  });

  it('matches English mixed into Chinese, whatever its case', () => {
    const result = triage({ category: 'suggestion', text: '打开 App 就 Crash，iOS 17' });
    expect(result).toMatchObject({ priority: 'medium', reasons: ['crash'] });
    expect(ids(result)).toEqual(['crash_troubleshooting']);
    expect(triage({ text: 'Please REFUND my order' }).priority).toBe('high');
  });

  it('takes the most urgent of category, subtypes and keywords', () => {
    const result = triage({ category: 'account', subtypes: ['login'], text: '登不上了，好像被盗号了' });
    expect(result.priority).toBe('high');
    expect(result.reasons).toEqual(['category:account', 'account_security']);
    expect(ids(result)).toEqual(['account_recovery']);
  });

  it('uses a subtype when the category is missing', () => {
    expect(triage({ subtypes: ['crash', 'unexpected_charge', 'crash'] })).toMatchObject({
      priority: 'high',
      category: undefined,
      reasons: ['subtype:unexpected_charge'],
    });
  });

  it('falls back to the default priority only when nothing is known', () => {
    expect(triage({})).toEqual({ priority: 'medium', category: undefined, reasons: [], suggestions: [] });
    expect(triage({ category: 'shipping', text: '快递太慢' })).toMatchObject({ priority: 'medium', reasons: [] });
  });

  it('ignores category ids that are Object.prototype keys', () => {
    for (const category of ['constructor', '__proto__', 'toString']) {
      expect(triage({ category, subtypes: [category] })).toMatchObject({ priority: 'medium', reasons: [] });
    }
  });

  it('suggests every article whose conditions match, in rule order', () => {
    const result = triage({ category: 'payment', text: '付款页面打不开' });
    expect(ids(result)).toEqual(['payment_faq', 'crash_troubleshooting']);
  });
});

describe('triage with replaced rules', () => {
  const rules: TriageRules = {
    categoryPriority: { delivery: 'low', food_safety: 'high' },
    subtypePriority: {},
    keywordRules: [
      { id: 'spoiled', keywords: ['变质', '异物'], priority: 'high' },
      { id: 'late', keywords: ['超时', '迟到'], priority: 'medium', categories: ['delivery'] },
    ],
    selfHelp: [
      {
        id: 'late_delivery',
        categories: ['delivery'],
        keywords: ['超时'],
        title: { 'zh-CN': '外卖超时了怎么办' },
        url: 'https://example.com/help/late',
      },
    ],
    defaultPriority: 'low',
  };

  it('uses only the integrator rules', () => {
    expect(triage({ category: 'payment', text: '扣款了' }, rules)).toEqual({
      priority: 'low',
      category: 'payment',
      reasons: [],
      suggestions: [],
    });
    expect(triage({ category: 'delivery', text: '外卖里有异物' }, rules)).toMatchObject({ priority: 'high', reasons: ['spoiled'] });
  });

  it('applies a keyword rule only inside its categories', () => {
    expect(triage({ category: 'delivery', text: '送餐超时一小时' }, rules)).toMatchObject({
      priority: 'medium',
      reasons: ['late'],
      suggestions: [rules.selfHelp[0]],
    });
    expect(triage({ category: 'other', text: '送餐超时一小时' }, rules)).toMatchObject({ priority: 'low', reasons: [] });
    expect(triage({ text: '送餐超时一小时' }, rules).reasons).toEqual([]);
  });

  it('normalises the integrator keywords too and never matches an empty one', () => {
    const custom: TriageRules = {
      ...rules,
      keywordRules: [
        { id: 'blank', keywords: ['  ', ''], priority: 'high' },
        { id: 'vip', keywords: ['ＶＩＰ 会员'], priority: 'medium' },
      ],
    };
    expect(triage({ text: 'vip会员 无法使用' }, custom)).toMatchObject({ priority: 'medium', reasons: ['vip'] });
    expect(triage({ text: '随便写点什么' }, custom)).toMatchObject({ priority: 'low', reasons: [] });
  });

  it('follows a keyword list changed in place after it was first used', () => {
    const keywords = ['退款'];
    const custom: TriageRules = { ...rules, keywordRules: [{ id: 'money', keywords, priority: 'high' }] };
    expect(prioritize({ text: '要求赔偿' }, custom).priority).toBe('low');
    keywords.push('赔偿');
    expect(prioritize({ text: '要求赔偿' }, custom)).toEqual({ priority: 'high', reasons: ['money'] });
    keywords[1] = '补偿';
    expect(prioritize({ text: '要求赔偿' }, custom).priority).toBe('low');
    expect(prioritize({ text: '要求补偿' }, custom).priority).toBe('high');
  });
});

describe('DEFAULT_TRIAGE_RULES', () => {
  it('gives every default self-help article a Chinese and an English title', () => {
    for (const article of DEFAULT_TRIAGE_RULES.selfHelp) {
      expect(article.title['zh-CN']).not.toBe('');
      expect(article.title['en-US']).toBeTruthy();
    }
  });

  it('ranks the default categories as the design says', () => {
    const { categoryPriority } = DEFAULT_TRIAGE_RULES;
    expect(['privacy', 'account', 'payment'].map((c) => categoryPriority[c])).toEqual(['high', 'high', 'high']);
    expect(['malfunction', 'service', 'experience'].map((c) => categoryPriority[c])).toEqual(['medium', 'medium', 'medium']);
    expect(['suggestion', 'other'].map((c) => categoryPriority[c])).toEqual(['low', 'low']);
  });
});

import { describe, expect, it } from 'vitest';
import { LOCALES, messages, resolveLocale, t } from './index';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the message catalogue', () => {
  const zh = messages['zh-CN'] as Record<string, string>;
  const en = messages['en-US'] as Record<string, string>;

  it('has the same keys, non-empty, in every locale', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(messages[locale] as Record<string, string>)) {
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in every locale', () => {
    for (const key of Object.keys(zh)) expect(placeholders(en[key]!), key).toEqual(placeholders(zh[key]!));
  });

  it('writes the zh-CN strings in Chinese and en-US ones without Chinese characters', () => {
    const han = /[\u4e00-\u9fff]/;
    for (const [key, text] of Object.entries(en)) expect(han.test(text), `en-US ${key}: ${text}`).toBe(false);
    expect(Object.values(zh).filter((text) => han.test(text)).length / Object.keys(zh).length).toBeGreaterThan(0.9);
  });
});

describe('t', () => {
  it('defaults to zh-CN and fills parameters', () => {
    expect(t('queue.pendingCount', { count: 2 })).toBe('待发送 (2)');
    expect(t('queue.pendingCount', { count: 2 }, 'en-US')).toBe('Waiting to send (2)');
  });
  it('leaves a missing parameter visible rather than printing "undefined"', () => {
    expect(t('queue.pendingCount', {})).toBe('待发送 ({count})');
  });
});

describe('resolveLocale', () => {
  it.each([
    ['zh_CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh_TW', 'zh-CN'],
    ['en', 'en-US'],
    ['en-GB', 'en-US'],
    ['EN_us', 'en-US'],
    ['fr-FR', 'zh-CN'],
    ['', 'zh-CN'],
    [undefined, 'zh-CN'],
  ])('%s → %s', (input, expected) => expect(resolveLocale(input)).toBe(expected));
});

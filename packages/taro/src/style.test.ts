// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The shipped stylesheet, as rules of selector list → declarations. */
const css = readFileSync(new URL('./style.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const rules = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selectors, body]) => ({
  selectors: selectors!.split(',').map((selector) => selector.trim()),
  declarations: Object.fromEntries(
    body!
      .split(';')
      .map((declaration) => declaration.split(':').map((part) => part.trim()))
      .filter(([name]) => name)
      .map(([name, ...value]) => [name!, value.join(':')]),
  ),
}));

describe('style.css', () => {
  it('has rules', () => expect(rules.length).toBeGreaterThan(50));

  it('styles only .fankui- classes: no element, id, attribute, :root or page selectors', () => {
    for (const { selectors } of rules) {
      for (const selector of selectors) {
        // Every compound selector (between combinators) is one or more .fankui- classes, maybe a
        // pseudo-element. The one exception is Taro H5's own page class as an ancestor: it only
        // moves our floating entry above the tab bar Taro draws inside the page.
        // Nor are the controls Taro H5 draws inside our inputs, there only to inherit the app's font.
        const own = selector.replace(/^\.taro_tabbar_page\s+(?=\.fankui-entry--floating$)/, '').replace(/ \.(weui-input|taro-textarea)$/, '');
        for (const compound of own.split(/\s*[\s>+~]\s*/)) {
          expect(compound, selector).toMatch(/^(\.fankui-[a-z0-9_-]+)+(::(after|before))?$/);
        }
      }
    }
  });

  it('declares variables only on .fankui-root, public ones never', () => {
    for (const { selectors, declarations } of rules) {
      const variables = Object.keys(declarations).filter((name) => name.startsWith('--'));
      if (selectors.join() === '.fankui-root') expect(variables.every((name) => name.startsWith('--fk-'))).toBe(true);
      else expect(variables, selectors.join()).toEqual([]);
    }
  });

  it('writes sizes in Px, which Taro pxtransform leaves alone', () => {
    expect(css).not.toMatch(/\d(px|rpx|rem)\b/);
  });

  it('gives every tappable thing at least 44 × 44 px', () => {
    const size = (selector: string, property: string) => {
      const values = rules.filter((rule) => rule.selectors.includes(selector)).map((rule) => rule.declarations[property]);
      return Math.max(0, ...values.map((value) => Number.parseFloat(value ?? '') || 0));
    };
    for (const target of ['.fankui-button', '.fankui-picker', '.fankui-input', '.fankui-option', '.fankui-star', '.fankui-tab', '.fankui-ticket', '.fankui-image__remove', '.fankui-entry--cell', '.fankui-entry--floating']) {
      expect(Math.max(size(target, 'min-height'), size(target, 'height')), target).toBeGreaterThanOrEqual(44);
    }
    for (const target of ['.fankui-star', '.fankui-image__remove', '.fankui-button']) {
      expect(Math.max(size(target, 'min-width'), size(target, 'width')), target).toBeGreaterThanOrEqual(44);
    }
  });
});

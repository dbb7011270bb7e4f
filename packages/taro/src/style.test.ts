// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrast, defaultColours } from '../../../tests/support/contrast';

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

  it("sizes everything in em from the user's font size; only hairlines, radii and offsets in Px (Taro's pxtransform converts px and rpx)", () => {
    expect(css).not.toMatch(/\d(px|rpx|rem)\b/);
    const root = rules.find((rule) => rule.selectors.join() === '.fankui-root')!;
    expect(root.declarations['--fk-font']).toBe('var(--fankui-font-size, medium)');
    const fixed = /^(border(-\w+)*|box-shadow|text-shadow|top|right|bottom|left|--fk-radius)$/;
    for (const { selectors, declarations } of rules) {
      for (const [name, value] of Object.entries(declarations)) {
        // Picture thumbnails keep their size: they are images, not text.
        if (fixed.test(name) || selectors.every((selector) => /^\.fankui-image(__remove)?$/.test(selector))) continue;
        expect(`${name}: ${value}`, selectors.join()).not.toMatch(/\dPx\b/);
      }
    }
  });

  it('gives every tappable thing at least 44 × 44 px', () => {
    // In px at the default 16 px text: em is relative to the rule's own font size.
    const size = (selector: string, property: string) => {
      const own = rules.filter((rule) => rule.selectors.includes(selector));
      const font = Math.max(...own.map((rule) => Number.parseFloat(rule.declarations['font-size'] ?? '') || 0)) || 1;
      const values = own.map((rule) => rule.declarations[property] ?? '');
      return Math.max(0, ...values.map((value) => (Number.parseFloat(value) || 0) * (value.endsWith('em') ? 16 * font : 1)));
    };
    for (const target of ['.fankui-button', '.fankui-picker', '.fankui-input', '.fankui-option', '.fankui-star', '.fankui-tab', '.fankui-ticket', '.fankui-image__remove', '.fankui-entry--cell', '.fankui-entry--floating']) {
      expect(Math.max(size(target, 'min-height'), size(target, 'height')), target).toBeGreaterThanOrEqual(44);
    }
    for (const target of ['.fankui-star', '.fankui-image__remove', '.fankui-button']) {
      expect(Math.max(size(target, 'min-width'), size(target, 'width')), target).toBeGreaterThanOrEqual(44);
    }
  });

  it('meets WCAG AA with its default colours, light and dark: text 4.5:1, borders and stars 3:1', () => {
    const source = readFileSync(new URL('./style.css', import.meta.url), 'utf8');
    const light = defaultColours(source.slice(0, source.indexOf('@media (prefers-color-scheme: dark)')));
    const dark = Object.assign({}, light, defaultColours(source.slice(source.indexOf('@media (prefers-color-scheme: dark)'))));
    // [foreground, background, minimum]: every pair the stylesheet draws.
    const pairs: [string, string, number][] = [
      ...['text', 'muted', 'primary', 'danger', 'warning', 'info'].flatMap((text): [string, string, number][] => [
        [text, 'surface', 4.5],
        [text, 'bg', 4.5],
      ]),
      ['on-primary', 'primary', 4.5],
      ['on-primary', 'danger', 4.5],
      ['on-primary', 'warning', 4.5],
      ['border', 'surface', 3],
      ['border', 'bg', 3],
      ['star', 'surface', 3],
      ['star', 'bg', 3],
    ];
    for (const [scheme, colours] of [['light', light], ['dark', dark]] as const) {
      for (const [fg, bg, minimum] of pairs) {
        expect(contrast(colours[fg]!, colours[bg]!), `${scheme}: ${fg} on ${bg}`).toBeGreaterThanOrEqual(minimum);
      }
    }
  });
});

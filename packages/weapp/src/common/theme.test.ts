import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The default colours of index.wxss, light and dark, meet WCAG AA: text 4.5:1 against what
 * it sits on, borders and other UI parts 3:1 against the surface.
 */
const wxss = readFileSync(new URL('./index.wxss', import.meta.url), 'utf8');
const dark = wxss.indexOf('@media (prefers-color-scheme: dark)');

function defaults(css: string): Record<string, string> {
  const colours: Record<string, string> = {};
  for (const [, name, hex] of css.matchAll(/--fk-([\w-]+):\s*var\(--fankui-[\w-]+,\s*(#[0-9a-f]{6})\)/gi)) colours[name!] = hex!.toLowerCase();
  return colours;
}

const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string) => {
  const [light, deep] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (deep! + 0.05);
};

/** [foreground, background, minimum ratio] */
const PAIRS: [string, string, number][] = [
  ['text', 'surface', 4.5],
  ['text', 'bg', 4.5],
  ['text', 'pressed', 4.5],
  ['muted', 'surface', 4.5],
  ['muted', 'bg', 4.5],
  ['primary', 'surface', 4.5], // links and plain buttons
  ['on-primary', 'primary', 4.5], // the floating entry, primary buttons
  ['on-badge', 'danger', 4.5],
  ['on-badge', 'warning', 4.5],
  ['danger', 'surface', 4.5], // error text
  ['border', 'surface', 3],
];

describe('theme defaults', () => {
  for (const [scheme, colours] of [
    ['light', defaults(wxss.slice(0, dark))],
    ['dark', defaults(wxss.slice(dark))],
  ] as const) {
    it(`${scheme}: every pair meets WCAG AA`, () => {
      for (const [fg, bg, min] of PAIRS) {
        expect(colours[fg], `--fk-${fg} (${scheme})`).toBeDefined();
        expect(colours[bg], `--fk-${bg} (${scheme})`).toBeDefined();
        expect(contrast(colours[fg]!, colours[bg]!), `${fg} on ${bg} (${scheme})`).toBeGreaterThanOrEqual(min);
      }
    });
  }

  it('dark mode redefines every colour it has in light mode, through the same public variables', () => {
    expect(Object.keys(defaults(wxss.slice(dark))).sort()).toEqual(Object.keys(defaults(wxss.slice(0, dark))).sort());
  });
});

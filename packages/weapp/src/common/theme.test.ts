import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrast, defaultColours } from '../../../../tests/support/contrast';

/**
 * The default colours of index.wxss, light and dark, meet WCAG AA: text 4.5:1 against what
 * it sits on, borders and other UI parts 3:1 against the surface.
 */
const wxss = readFileSync(new URL('./index.wxss', import.meta.url), 'utf8');
const dark = wxss.indexOf('@media (prefers-color-scheme: dark)');

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
    ['light', defaultColours(wxss.slice(0, dark))],
    ['dark', defaultColours(wxss.slice(dark))],
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
    expect(Object.keys(defaultColours(wxss.slice(dark))).sort()).toEqual(Object.keys(defaultColours(wxss.slice(0, dark))).sort());
  });
});

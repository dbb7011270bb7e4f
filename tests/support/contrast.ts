/**
 * WCAG 2.1 colour contrast for the style tests of @fankui/taro (style.css) and @fankui/weapp
 * (index.wxss): both declare their default colours as `--fk-name: var(--fankui-name, #rrggbb)`.
 */

/** The default colours a stylesheet (or part of one) declares, by name: `{ text: '#1f2329', … }`. */
export function defaultColours(css: string): Record<string, string> {
  const colours: Record<string, string> = {};
  for (const [, name, hex] of css.matchAll(/--fk-([\w-]+):\s*var\(--fankui-[\w-]+,\s*(#[0-9a-f]{6})\)/gi)) colours[name!] = hex!.toLowerCase();
  return colours;
}

/** Relative luminance of `#rrggbb` (WCAG 2.1). */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};

/** The contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [light, deep] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (deep! + 0.05);
}

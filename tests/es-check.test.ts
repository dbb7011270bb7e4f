import { describe, expect, it } from 'vitest';
import { checkSource, NEWER_BUILT_INS } from '../scripts/es-check';

/** The ES2017 checker (scripts/es-check.ts) on small snippets: what it passes and what it catches. */
const features = (code: string, file = 'fixture.cjs') => checkSource(file, code).map((finding) => finding.feature);

const CLEAN_ES2017 = `
'use strict';
const { a, b: [c, ...rest] } = require('./x');
class Queue extends Array {
  static of2(...items) { return super.of(...items); }
  get size() { return this.length ** 2; }
}
async function flush(items, send,) {
  for (const item of items) await send(item);
  return Object.entries({ a, c }).concat(Object.values({ rest }), [...items].includes(1));
}
const tag = \`\${'x'.padStart(3, ' ')}\${'y'.padEnd(2)}\`;
const sticky = /a+/y, unicode = /\\u{1F600}/u, look = /x(?=y)(?!z)/;
const own = { flatten() {}, then() {} };
own.flatten();
const trimmed = ' x '.trimLeft().trimRight();
const resolved = typeof globalThis !== 'undefined' ? globalThis : this;
const micro = typeof queueMicrotask === 'function' ? queueMicrotask : (f) => Promise.resolve().then(f);
typeof queueMicrotask == 'function' && queueMicrotask(() => {});
if (Object.fromEntries) Object.fromEntries([]);
const settle = typeof Promise.allSettled === 'function' && Promise.allSettled;
function shadow(BigInt, structuredClone) { return BigInt(1) + structuredClone(2); }
new RegExp('^[a-z/]+$', 'gi');
try { flush(); } catch (error) { throw error; }
return tag;
`;

describe('the ES2017 checker', () => {
  it('passes clean ES2017: syntax, built-ins up to ES2017, guarded and shadowed names', () => {
    expect(checkSource('clean.cjs', CLEAN_ES2017)).toEqual([]);
  });

  it.each([
    ['optional chaining', 'a?.b;'],
    ['optional call', 'a.b?.();'],
    ['nullish coalescing', 'a ?? b;'],
    ['object spread', 'const o = { ...a };'],
    ['object rest', 'const { x, ...others } = a;'],
    ['async iteration', 'async function f(s) { for await (const x of s) {} }'],
    ['async generator', 'async function* f() {}'],
    ['optional catch binding', 'try {} catch {}'],
    ['regex named group', 'const r = /(?<year>\\d{4})/;'],
    ['regex lookbehind', 'const r = /(?<=\\$)\\d+/;'],
    ['regex negative lookbehind', 'const r = /(?<!\\$)\\d+/;'],
    ['regex dotAll flag', 'const r = /a.b/s;'],
    ['regex property escape', 'const r = /\\p{L}/u;'],
    ['class field', 'class A { x = 1; }'],
    ['private field', 'class A { #x; }'],
    ['logical assignment', 'a ||= b;'],
    ['numeric separator', 'const n = 1_000;'],
    ['BigInt literal', 'const n = 10n;'],
    ['exponent assignment is fine, but import.meta is not', 'const u = import.meta.url;', 'fixture.mjs'],
    ['dynamic import', 'import("./x");', 'fixture.mjs'],
  ])('fails on %s', (_name, code, file = 'fixture.cjs') => {
    const findings = checkSource(file, code);
    expect(findings.map((finding) => finding.feature)).toEqual(['syntax']);
    expect(findings[0]!.detail).toMatch(/does not parse as ES2017/);
  });

  it.each([
    ['lookbehind', "new RegExp('(?<=@)\\\\w+')"],
    ['named group', "RegExp('(?<id>\\\\d+)', 'g')"],
    ['dotAll flag', "new RegExp('a.b', 's')"],
  ])('fails on a RegExp string pattern with %s', (_name, code) => {
    const findings = checkSource('fixture.cjs', `${code};`);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.detail).toMatch(/^RegExp pattern .* is not ES2017/);
  });

  it.each(NEWER_BUILT_INS.map((builtIn) => [builtIn.kind === 'static' ? `${builtIn.object}.${builtIn.name}` : builtIn.name, builtIn] as const))(
    'fails on %s',
    (_label, builtIn) => {
      const code =
        builtIn.kind === 'global' ? `module.exports = ${builtIn.name};` : builtIn.kind === 'static' ? `${builtIn.object}.${builtIn.name}(x);` : `x.${builtIn.name}(1);`;
      const findings = checkSource('fixture.cjs', code);
      expect(findings, code).toHaveLength(1);
      expect(findings[0]!.detail).toContain(builtIn.since);
    },
  );

  it('catches a computed static member and an unguarded use next to a guarded one', () => {
    expect(features("Object['fromEntries'](x);")).toEqual(['Object.fromEntries']);
    expect(features("typeof queueMicrotask === 'function'; queueMicrotask(f);")).toEqual(['queueMicrotask']);
    // Passing a missing static on fails later, where it is called: that is a use.
    expect(features('const fromEntries = Object.fromEntries;')).toEqual(['Object.fromEntries']);
    // A guard naming something else protects nothing.
    expect(features('cond ? x.flat() : x;')).toEqual(['.flat()']);
  });

  it('treats .mjs as a module, .cjs as a script, and detects a .js module', () => {
    const esm = "import { a } from './a.mjs';\nexport const b = a;\n";
    expect(checkSource('entry.mjs', esm)).toEqual([]);
    expect(checkSource('entry.js', esm)).toEqual([]);
    expect(features(esm, 'entry.cjs')).toEqual(['syntax']);
    // A CommonJS module may return at its top level (it runs inside a function wrapper).
    expect(checkSource('entry.js', 'if (a) return;\nmodule.exports = 1;')).toEqual([]);
  });

  it('reports file, 1-based line and column, and the source around it', () => {
    const [finding] = checkSource('dist/wx.cjs', 'const a = 1;\nconst b = list.flat();\n');
    expect(finding).toMatchObject({ file: 'dist/wx.cjs', line: 2, column: 11, feature: '.flat()' });
    expect(finding!.snippet).toContain('list.flat()');
    const [syntax] = checkSource('dist/wx.cjs', 'const a = 1;\n  const b = a?.c;\n');
    expect(syntax).toMatchObject({ line: 2, column: 15, feature: 'syntax' });
    expect(syntax!.snippet).toContain('a?.c');
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The rules the design states about dependencies, checked on the sources. */
const root = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) && name !== 'fixtures.ts' ? [path] : [];
  });
}

const coreSources = sources(join(root, 'packages/core/src'));
const zodFree = coreSources.filter((path) => !path.includes('/schema/'));

describe('@fankui/core', () => {
  it('imports zod only as types outside src/schema (mini-program bundles cannot afford it)', () => {
    for (const path of zodFree) {
      const runtimeImports = readFileSync(path, 'utf8').match(/^import (?!type )[^;]*from '([^']+)'/gm) ?? [];
      for (const line of runtimeImports) {
        expect(line, relative(root, path)).not.toMatch(/'zod'|\/schema\//);
      }
    }
  });

  it('touches no platform global', () => {
    const platformGlobals = /\b(wx|my|tt|swan|window|document|navigator|localStorage|sessionStorage|process|Buffer|require)\s*[.(]/;
    for (const path of coreSources) {
      // Comments and string literals may name platform APIs (docs, messages); code may not.
      const code = readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/gm, "''");
      expect(code.match(platformGlobals)?.[0], relative(root, path)).toBeUndefined();
    }
  });

  // Syntax and built-ins newer than the mini-program floor are checked on the built output
  // (tests/miniprogram-runtime.test.ts), regex lookbehind and named groups included.
});

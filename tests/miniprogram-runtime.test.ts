import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, ECMA_VERSION, formatFinding, scriptsUnder, withLocalImports } from '../scripts/es-check';

/**
 * Everything we ship into a mini-program runs on the floor of docs/runtime.md: every file
 * parses at ES2017 and uses no newer built-in (scripts/es-check.ts). Checked on the BUILT
 * output, entries plus the chunks they import, because that is what an app's bundler or
 * WeChat DevTools' "构建 npm" takes; `npm test` builds first. Nothing here is skipped: a
 * missing build fails with the command that makes it.
 */
const root = new URL('..', import.meta.url).pathname;

/** The entries a mini-program imports, per package (web/ky entries are for browsers and Node). */
const SHIPPED_ENTRIES: Record<string, string[]> = {
  '@fankui/core': ['packages/core/dist/index.mjs', 'packages/core/dist/index.cjs'],
  '@fankui/client (index, wx, taro)': ['index', 'wx', 'taro'].flatMap((entry) => [`packages/client/dist/${entry}.mjs`, `packages/client/dist/${entry}.cjs`]),
  '@fankui/taro': ['packages/taro/dist/index.mjs', 'packages/taro/dist/index.cjs'],
};

/** @fankui/weapp's miniprogram_dist (its package.json "miniprogram" field): every .js in it. */
function weappFiles(): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'packages/weapp/package.json'), 'utf8')) as { miniprogram?: string };
  if (!manifest.miniprogram) return [];
  const dir = join(root, 'packages/weapp', manifest.miniprogram);
  if (!existsSync(dir)) {
    throw new Error(`packages/weapp/${manifest.miniprogram} does not exist although packages/weapp/package.json names it as "miniprogram": run npm run build first`);
  }
  return scriptsUnder(dir);
}

function check(files: string[]): { count: number; report: string } {
  const findings = files.flatMap(checkFile);
  return { count: files.length, report: findings.map((finding) => formatFinding(finding, root)).join('\n') };
}

describe(`what ships into a mini-program parses at ES${ECMA_VERSION} and uses no newer built-in`, () => {
  for (const [name, entries] of Object.entries(SHIPPED_ENTRIES)) {
    it(`${name}: entries and their chunks`, () => {
      const missing = entries.filter((entry) => !existsSync(join(root, entry)));
      expect(missing, 'the check reads the built output: run npm run build first').toEqual([]);
      const files = withLocalImports(entries.map((entry) => join(root, entry)));
      const { count, report } = check(files);
      console.log(`${name}: ${count} files checked (${files.map((file) => relative(root, file)).join(', ')})`);
      expect(report, `${name} is not ES${ECMA_VERSION}-clean`).toBe('');
    });
  }

  it('@fankui/weapp: every .js of miniprogram_dist', () => {
    const files = weappFiles();
    const { count, report } = check(files);
    console.log(`@fankui/weapp: ${count} files checked`);
    expect(report, `@fankui/weapp is not ES${ECMA_VERSION}-clean`).toBe('');
  });
});

/**
 * Bundle sizes against the budgets in the design. Each budget bundles an entry of the
 * BUILT output (run `npm run build` first) the way an app's bundler would — minified,
 * tree-shaken, every dependency included — and gzips it.
 *
 *   npm run size        prints every bundle's min+gzip figure and its budget
 *   tests/size.test.ts  fails when a bundle exceeds its budget or pulls in a forbidden package
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface SizeBudget {
  name: string;
  /** Module source that imports what an app would import. */
  contents: string;
  /** Bytes of min+gzip allowed; null to report only. */
  limit: number | null;
  /** Packages that must not end up in the bundle. */
  forbid: string[];
  /** Built files this budget needs. */
  requires: string[];
  /** Modules the app provides anyway (React, Taro): left out of the figure. */
  external?: string[];
  /**
   * What the app already ships without this bundle; its size is subtracted, so the figure
   * is what this bundle ADDS (e.g. the components beyond core + client).
   */
  baseline?: string;
}

const root = fileURLToPath(new URL('..', import.meta.url));

export const BUDGETS: SizeBudget[] = [
  {
    name: '@fankui/core (zod-free entry, everything)',
    contents: "export * from '@fankui/core';",
    limit: 13.5 * 1024,
    forbid: ['zod'],
    requires: ['packages/core/dist/index.mjs'],
  },
  {
    // What a feedback form on a device needs (the whole zh-CN/en-US catalogue with `t`);
    // redaction and the lifecycle stay on servers.
    name: '@fankui/core (what a form imports)',
    contents:
      "export { DEFAULT_FORM, validateAnswers, visibleFields, visibleOptions, triage, acknowledgementText, t, resolveLocale } from '@fankui/core';",
    limit: 10 * 1024,
    forbid: ['zod'],
    requires: ['packages/core/dist/index.mjs'],
  },
  {
    // The design's mini-program path: core logic + client + the wx.request transport.
    name: '@fankui/client/wx (+ the core it pulls)',
    contents: "export { createWxClient } from '@fankui/client/wx';",
    limit: 12 * 1024,
    forbid: ['zod', 'ky'],
    requires: ['packages/client/dist/wx.mjs', 'packages/core/dist/index.mjs'],
  },
  {
    name: '@fankui/client/web (+ core, ky transport)',
    contents: "export { createWebClient } from '@fankui/client/web';",
    limit: 22 * 1024,
    forbid: ['zod'],
    requires: ['packages/client/dist/web.mjs', 'packages/core/dist/index.mjs'],
  },
  {
    name: '@fankui/taro (added to a Taro app that has the client)',
    baseline: "export { createTaroClient } from '@fankui/client/taro'; export { validateAnswers, DEFAULT_FORM } from '@fankui/core';",
    contents:
      "export { createTaroClient } from '@fankui/client/taro'; export { validateAnswers, DEFAULT_FORM } from '@fankui/core'; export * from '@fankui/taro';",
    external: ['react', 'react/*', 'react-dom', '@tarojs/*'],
    limit: 10 * 1024,
    forbid: ['zod', 'ky'],
    requires: ['packages/core/dist/index.mjs', 'packages/client/dist/taro.mjs', 'packages/taro/dist/index.mjs'],
  },
  {
    name: '@fankui/core/schema (zod, server and tools)',
    contents: "export * from '@fankui/core/schema';",
    limit: null,
    forbid: [],
    requires: ['packages/core/dist/schema.mjs'],
  },
];

export interface SizeResult {
  name: string;
  minified: number;
  gzipped: number;
  limit: number | null;
  /** Forbidden packages found among the bundle's inputs. */
  forbidden: string[];
}

export async function measure(budget: SizeBudget): Promise<SizeResult> {
  for (const file of budget.requires) {
    if (!existsSync(`${root}/${file}`)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const bundle = await bundleOf(budget.contents, budget.external);
  const base = budget.baseline === undefined ? { minified: 0, gzipped: 0 } : await bundleOf(budget.baseline, budget.external);
  return {
    name: budget.name,
    minified: bundle.minified - base.minified,
    gzipped: bundle.gzipped - base.gzipped,
    limit: budget.limit,
    forbidden: budget.forbid.filter((pkg) => bundle.inputs.some((input) => input.includes(`node_modules/${pkg}/`))),
  };
}

async function bundleOf(contents: string, external: string[] = []) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2020',
    // Mini-program and web bundles are UTF-8; escaping every Chinese character as \uXXXX
    // (esbuild's default) would overstate the size of the zh-CN catalogue threefold.
    charset: 'utf8',
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength, inputs: Object.keys(result.metafile.inputs) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

export function formatResult(result: SizeResult): string {
  const budget = result.limit === null ? 'report only' : `budget ${kb(result.limit)}`;
  const verdict = result.limit !== null && result.gzipped > result.limit ? '  OVER BUDGET' : '';
  const forbidden = result.forbidden.length > 0 ? `  FORBIDDEN: ${result.forbidden.join(', ')}` : '';
  return `${result.name.padEnd(56)} ${kb(result.minified).padStart(10)} min  ${kb(result.gzipped).padStart(9)} min+gzip  (${budget})${verdict}${forbidden}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let failed = false;
  for (const budget of BUDGETS) {
    const result = await measure(budget);
    console.log(formatResult(result));
    if ((result.limit !== null && result.gzipped > result.limit) || result.forbidden.length > 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

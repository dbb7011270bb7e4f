/**
 * The miniprogram_dist build of @fankui/weapp (spread into the root rollup.config.ts; paths
 * are relative to the repository root, where `npm run build` runs).
 *
 *   src/index.ts                    → miniprogram_dist/index.js (+ index.d.ts): what app code requires
 *   src/<component>/index.ts        → miniprogram_dist/<component>/index.js
 *   src/common + core + client      → miniprogram_dist/common/fankui.js, emitted ONCE and
 *                                     required relatively by the entry and every component
 *   src/**\/*.{wxml,wxss,json}      → copied beside
 *
 * CommonJS (WeChat's module system), ES2017 (older iOS JavaScriptCore cannot parse newer
 * syntax), @fankui/client and @fankui/core bundled from their sources and tree-shaken:
 * a mini-program gets no node_modules, only what "构建 npm" copies from here.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin, RollupOptions } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { transformSync } from 'esbuild';
import esbuild, { minify } from 'rollup-plugin-esbuild';

const PACKAGE = 'packages/weapp';
const SRC = `${PACKAGE}/src`;
const OUT = `${PACKAGE}/miniprogram_dist`;

/** Every component: a folder of src/ with an index.json (common/ holds shared code). */
const components = readdirSync(SRC, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'common')
  .map((entry) => entry.name);

/** Workspace packages bundled from their sources (never a stale dist/). */
const SOURCES: Record<string, string> = {
  '@fankui/core': 'packages/core/src/index.ts',
  '@fankui/client': 'packages/client/src/index.ts',
  '@fankui/client/wx': 'packages/client/src/wx.ts',
};

function workspaceSources(): Plugin {
  return {
    name: 'fankui-workspace-sources',
    resolveId: (id) => (SOURCES[id] ? join(process.cwd(), SOURCES[id]) : null),
  };
}

/** The template, style and JSON files of src/ copied beside the built JavaScript. */
function copyStaticFiles(): Plugin {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  return {
    name: 'fankui-copy-static',
    buildStart() {
      for (const file of walk(SRC).filter((path) => /\.(wxml|wxss|json|wxs)$/.test(path))) {
        this.addWatchFile(file);
        const source = readFileSync(file, 'utf8');
        this.emitFile({ type: 'asset', fileName: relative(SRC, file), source: shipped(file, source) });
      }
    },
  };
}

/**
 * What ships of a static file. Comments and layout document the source; a mini-program's
 * code package (2 MB for the main package) need not carry them. WXSS is CSS with `rpx`:
 * esbuild's CSS minifier keeps `@import`, custom properties and media queries as written.
 * WXML keeps every text node: only whitespace that contains a line break, between two tags
 * or inside a tag's attribute list, goes (a `<text>`'s own spaces are content).
 */
function shipped(file: string, source: string): string {
  if (file.endsWith('.wxss')) {
    const { code } = transformSync(source, { loader: 'css', minify: true, charset: 'utf8', target: ['chrome66', 'ios11'], logLevel: 'silent' });
    // `@import"x"` is valid CSS, but WeChat's own WXSS compiler documents `@import "x";`.
    return code.replace(/@import\s*"/g, '@import "');
  }
  if (file.endsWith('.wxml')) {
    return source
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/>\s*\n\s*</g, '><')
      .replace(/<[^<>]*>/g, (tag) => tag.replace(/\s*\n\s*/g, ' '))
      .trim();
  }
  return file.endsWith('.json') ? JSON.stringify(JSON.parse(source)) : source;
}

/** Shared code: the wrapper and whatever of core and client is used, one chunk for all. */
const isShared = (id: string) => /[\\/]packages[\\/](core|client)[\\/]src[\\/]|[\\/]packages[\\/]weapp[\\/]src[\\/]common[\\/]/.test(id);

const input = Object.fromEntries([['index', `${SRC}/index.ts`], ...components.map((name) => [`${name}/index`, `${SRC}/${name}/index.ts`])]);

// Built from empty: a component renamed or removed must not linger in what 构建 npm copies.
rmSync(OUT, { recursive: true, force: true });

export const weappBuild: RollupOptions[] = [
  {
    input,
    plugins: [
      workspaceSources(),
      // TypeScript off per module; lowered to ES2017 once per chunk (below), so esbuild's
      // helpers for object rest/spread land once in a chunk, not once in every module.
      esbuild({ target: 'esnext', tsconfig: `${PACKAGE}/tsconfig.json` }),
      // UTF-8 output: escaping every Chinese character as \uXXXX would triple the catalogue.
      minify({ target: 'es2017', charset: 'utf8', legalComments: 'none' }),
      copyStaticFiles(),
    ],
    onwarn(warning, warn) {
      // Everything must be bundled: nothing can be required at run time but our own files.
      if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(`@fankui/weapp: cannot bundle ${warning.exporter ?? warning.message}`);
      warn(warning);
    },
    output: {
      dir: OUT,
      format: 'cjs',
      entryFileNames: '[name].js',
      chunkFileNames: 'common/[name].js',
      manualChunks: (id) => (isShared(id) ? 'fankui' : undefined),
      // WeChat's `require` reads `exports`; no interop helpers needed for our own modules.
      esModule: false,
      generatedCode: { preset: 'es2015', constBindings: true },
    },
  },
  {
    input: { index: `${SRC}/index.ts` },
    // Core's types are inferred from its zod schemas: zod's own declarations stay an import
    // (present wherever the types are checked with @fankui/core; otherwise they read as any).
    external: (id) => id === 'zod' || id.startsWith('zod/'),
    plugins: [workspaceSources(), dts({ tsconfig: `${PACKAGE}/tsconfig.json`, respectExternal: true })],
    output: { dir: OUT, format: 'es', entryFileNames: '[name].d.ts' },
  },
];

import { readFileSync, rmSync } from 'node:fs';
import type { Plugin, RollupOptions } from 'rollup';
import { dts } from 'rollup-plugin-dts';
import { transform } from 'esbuild';
import esbuild from 'rollup-plugin-esbuild';
import { taroStyle } from './packages/taro/rollup-style';
import { weappBuild } from './packages/weapp/rollup.config';

/**
 * The shared library build: for every entry of every package, ESM (`.mjs`) + CJS (`.cjs`)
 * + a bundled `.d.ts`. Dependencies stay external; consumers' bundlers (and our size
 * check, `scripts/size.ts`) decide what ends up in an app.
 */
interface LibraryEntry {
  /** Package folder under packages/. */
  pkg: string;
  /** Output name in dist/ → source file. */
  entries: Record<string, string>;
  /** Extra plugins for the JS build (e.g. emitting a stylesheet). */
  plugins?: Plugin[];
  /**
   * Syntax level of the output. What ships into a mini-program is ES2017: older iOS
   * JavaScriptCore cannot parse `?.`, `??` or object rest/spread (docs/runtime.md).
   */
  target: 'es2017' | 'es2020';
}

const LIBRARIES: LibraryEntry[] = [
  { pkg: 'core', entries: { index: 'src/index.ts', schema: 'src/schema/index.ts' }, target: 'es2017' },
  { pkg: 'client', entries: { index: 'src/index.ts', wx: 'src/wx.ts', taro: 'src/taro.ts', web: 'src/web.ts', ky: 'src/ky.ts' }, target: 'es2017' },
  { pkg: 'taro', entries: { index: 'src/index.ts' }, plugins: [taroStyle()], target: 'es2017' },
  { pkg: 'server', entries: { index: 'src/index.ts', cli: 'src/cli.ts' }, target: 'es2020' },
  { pkg: 'conformance', entries: { index: 'src/index.ts', cli: 'src/cli.ts' }, target: 'es2020' },
];

/** Lowers each output chunk to `target` (no minifying: apps' bundlers do that). */
function lowerChunks(target: string): Plugin {
  return {
    name: 'lower-chunks',
    async renderChunk(code, _chunk, options) {
      const result = await transform(code, { target, format: options.format === 'cjs' ? undefined : 'esm', charset: 'utf8', sourcemap: false });
      return { code: result.code, map: null };
    },
  };
}

function externals(pkg: string): (id: string) => boolean {
  const manifest = JSON.parse(readFileSync(`packages/${pkg}/package.json`, 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const deps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
  return (id) => id.startsWith('node:') || deps.some((dep) => id === dep || id.startsWith(`${dep}/`));
}

// Every build starts from empty dist/ folders: a chunk renamed since the last build must not
// linger there and be published with the package.
for (const { pkg } of LIBRARIES) rmSync(`packages/${pkg}/dist`, { recursive: true, force: true });

const libraries: RollupOptions[] = LIBRARIES.flatMap(({ pkg, entries, plugins = [], target }) => {
  const input = Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, `packages/${pkg}/${file}`]));
  const external = externals(pkg);
  const granularity = pkg === 'core' ? { preserveModules: true, preserveModulesRoot: `packages/${pkg}/src` } : {};
  return [
    {
      input,
      external,
      // TypeScript off per module; syntax lowered once per chunk (below), so esbuild's helpers
      // for object rest/spread land once in a chunk instead of once in every module.
      plugins: [esbuild({ target: 'esnext', tsconfig: 'tsconfig.base.json' }), lowerChunks(target), ...plugins],
      output: [
        { dir: `packages/${pkg}/dist`, format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs', ...granularity },
        { dir: `packages/${pkg}/dist`, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs', ...granularity },
      ],
    },
    {
      input,
      external,
      plugins: [dts({ tsconfig: 'tsconfig.base.json' })],
      output: { dir: `packages/${pkg}/dist`, format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
    },
  ];
});

/** @fankui/weapp: native custom components into miniprogram_dist (its own layout). */
const config: RollupOptions[] = [...libraries, ...weappBuild];

export default config;

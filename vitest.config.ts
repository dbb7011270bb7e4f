import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

/**
 * One vitest setup for the whole repo. Workspace packages resolve to their sources, so
 * tests never depend on a stale build; the built output is checked by the size test.
 */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@fankui\/core\/schema$/, replacement: src('core/src/schema/index.ts') },
      { find: /^@fankui\/client\/(wx|taro|web|ky)$/, replacement: src('client/src/$1.ts') },
      { find: /^@fankui\/client$/, replacement: src('client/src/index.ts') },
      { find: /^@fankui\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@fankui\/conformance$/, replacement: src('conformance/src/index.ts') },
    ],
  },
  test: {
    projects: [
      { extends: true, test: { name: 'core', include: ['packages/core/src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'client',
          include: ['packages/client/src/**/*.test.ts', 'packages/client/tests/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts', 'packages/server/tests/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
          // One throw-away PostgreSQL cluster for the whole run (installed when missing).
          globalSetup: ['packages/server/tests/support/postgres.setup.ts'],
        },
      },
      {
        extends: true,
        // Taro's React components run in jsdom; its runtime reads these build-time flags.
        resolve: { alias: [{ find: /^@tarojs\/components$/, replacement: '@tarojs/components/lib/react' }] },
        define: {
          'process.env.TARO_PLATFORM': JSON.stringify('h5'),
          'process.env.TARO_ENV': JSON.stringify('h5'),
          // true: with false, Taro's textarea races React's first render in jsdom.
          DEPRECATED_ADAPTER_COMPONENT: 'true',
          ...Object.fromEntries(
            ['INNER_HTML', 'ADJACENT_HTML', 'SIZE_APIS', 'TEMPLATE_CONTENT', 'CLONE_NODE', 'CONTAINS', 'MUTATION_OBSERVER'].map((flag) => [`ENABLE_${flag}`, 'false']),
          ),
        },
        test: { name: 'taro', include: ['packages/taro/src/**/*.test.{ts,tsx}'], environment: 'jsdom', setupFiles: ['packages/taro/src/test/setup.ts'] },
      },
      {
        extends: true,
        // Native components over the BUILT miniprogram_dist (`npm run build` first), in
        // miniprogram-simulate with the official WXML compiler; see packages/weapp/README.md.
        test: {
          name: 'weapp',
          include: ['packages/weapp/src/**/*.test.ts', 'packages/weapp/tests/**/*.test.ts'],
          setupFiles: ['packages/weapp/tests/support/dom.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // The conformance kit's own tests: fake backends that break one rule each, and the
        // built CLI against a real server (`npm run build` first). The kit's run against
        // fankui-server on both stores is in the server project (packages/server/tests).
        test: {
          name: 'conformance',
          include: ['packages/conformance/src/**/*.test.ts', 'packages/conformance/tests/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      { extends: true, test: { name: 'repo', include: ['tests/**/*.test.ts'] } },
    ],
  },
});

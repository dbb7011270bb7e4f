import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The console's build: a Preact SPA served by fankui-server at /console/. The output lands
 * inside the server package (packages/server/console-dist, in its "files"), so
 * `fankui-server start` serves it with no extra step. JSX goes through Vite's own
 * transform with Preact's automatic runtime; each route is its own chunk (dynamic
 * imports in src/routes.ts). No inline script or style anywhere: the server's CSP forbids them.
 */
export default defineConfig({
  root: here('.'),
  base: '/console/',
  // Workspace packages from source, like vitest: the console never waits for a core build.
  resolve: { alias: [{ find: /^@fankui\/core$/, replacement: here('../core/src/index.ts') }] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../server/console-dist'),
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    manifest: true,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});

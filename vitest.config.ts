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
      { extends: true, test: { name: 'repo', include: ['tests/**/*.test.ts'] } },
    ],
  },
});

/**
 * What the end-to-end tests of the example app (tests/e2e/taro-*.test.ts) do the same way:
 * wait for something the app does by itself, photograph a whole Taro H5 page, and act as an
 * operator on the server's admin API.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildExample, missingPackageBuilds, ROOT } from '../../scripts/example-app';
import { serveStatic, type StaticServer } from '../../scripts/static-server';
import { launchChromium, type HeadlessBrowser } from './chromium';

/**
 * Waits until `check` passes, polling; bounded. The error says what did not happen.
 *
 * @example await eventually(async () => expect(await row.textContent()).toContain('已受理'), 15_000, 'the row turning 已受理');
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s: ${(last as Error)?.message}`);
    await new Promise((wait) => setTimeout(wait, 300));
  }
}

/**
 * A screenshot of the whole page at `path`: Taro's H5 pages scroll inside the app, so the
 * viewport grows to the content (up to `maxHeight`) for the picture, then goes back.
 */
export async function pageShot(page: Page, path: string, maxHeight = 3600) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() =>
    Math.max(document.documentElement.scrollHeight, ...[...document.querySelectorAll('.taro_page_show, .taro_page_show *')].map((element) => element.scrollHeight)),
  );
  await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), maxHeight) });
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}

/**
 * The admin API as an operator with `token`: `admin('PATCH', '/tickets/t1', { status: 'resolved' })`.
 * A response that is not OK throws with its status and body.
 */
export function operator(serverUrl: () => string, token: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${serverUrl()}/v1/admin${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} /v1/admin${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

/** The Taro example's H5 build served beside a real server, and a Chromium page on it. */
export interface ExampleH5 {
  server: { url: string; close(): Promise<void> };
  app: StaticServer;
  browser: HeadlessBrowser;
  page: Page;
  /** Page errors seen so far: a test ends by expecting none. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Starts the built server (free port, throw-away store, one operator), builds the example
 * for H5 against it into a temporary folder, serves that and opens a Chromium page: what
 * each end-to-end test of the example needs before its first step. `close()` removes it all.
 * Needs the built packages (`npm test` builds first).
 */
export async function startExampleH5(options: { chromiumPath: string; operator: { name: string; token: string }; label: string; serverConfig?: Record<string, unknown> }): Promise<ExampleH5> {
  const missing = [...missingPackageBuilds(), ...(existsSync(join(ROOT, 'packages/server/dist/index.mjs')) ? [] : ['packages/server/dist/index.mjs'])];
  if (missing.length) throw new Error(`the example consumes the built packages; run npm run build first (missing: ${missing.join(', ')})`);
  const dataDir = mkdtempSync(join(tmpdir(), `fankui-${options.label}-data-`));
  const outDir = mkdtempSync(join(tmpdir(), `fankui-${options.label}-h5-`));
  // The built server, as `fankui-server` runs it.
  const { startServer } = await import('@fankui/server');
  const server = await startServer({ port: 0, dataDir, operatorTokens: [options.operator], logLevel: 'warn', rateLimit: { enabled: false }, ...options.serverConfig });
  const build = await buildExample('h5', { endpoint: server.url, outputRoot: outDir, timeoutMs: 240_000 });
  console.log(`taro build --type h5: ${(build.durationMs / 1000).toFixed(1)} s`);
  const app = await serveStatic(outDir);
  const browser = await launchChromium(options.chromiumPath);
  const page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    server, app, browser, page, problems,
    async close() {
      await browser.close();
      await app.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

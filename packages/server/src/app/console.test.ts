import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, consoleRoutes } from './console';
import type { AppEnv } from './context';

/** The console's static serving over a built-looking folder: headers, caching, fallback, containment. */
describe('the console at /console/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fankui-console-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/console/assets/index-abc.js"></script>');
  writeFileSync(join(dir, 'assets/index-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'not an asset');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const app = new Hono<AppEnv>();
  consoleRoutes(app, dir);
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'No such route' } }, 404));

  it('serves the app with a strict CSP and revalidation', async () => {
    const response = await app.request('/console/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(await response.text()).toContain('/console/assets/index-abc.js');
  });

  it('answers deep links with the app (SPA fallback)', async () => {
    const response = await app.request('/console/tickets/tk_01abc');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<!doctype html>');
  });

  it('caches hashed assets for a year', async () => {
    const response = await app.request('/console/assets/index-abc.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers 404 for a missing asset and never serves a file outside assets/', async () => {
    expect((await app.request('/console/assets/nope.js')).status).toBe(404);
    // An encoded `/` keeps `..` inside the decoded path: refused.
    expect((await app.request('/console/assets/..%2fsecret.txt')).status).toBe(404);
    expect((await app.request('/console/assets/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(404);
    // `%2e%2e/` is resolved by URL parsing to /console/secret.txt: the app, not the file.
    const climbed = await app.request('/console/assets/%2e%2e/secret.txt');
    expect(await climbed.text()).not.toContain('not an asset');
  });

  it('redirects /console to /console/ and leaves other methods to the API', async () => {
    const redirect = await app.request('/console');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/console/');
    expect((await app.request('/console/', { method: 'POST' })).status).toBe(404);
  });

  it('answers 404 when the console was not built', async () => {
    const bare = new Hono<AppEnv>();
    consoleRoutes(bare, null);
    expect((await bare.request('/console/')).status).toBe(404);
  });
});

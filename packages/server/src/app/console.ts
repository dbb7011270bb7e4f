import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import type { AppEnv } from './context';

/**
 * The operator console (packages/console, built by `npm run build` into this package's
 * console-dist/) served at /console/ by the same process as the API.
 *
 * - A strict Content-Security-Policy: scripts, styles and fonts only from this origin, no
 *   inline script or style element, images also from blob: (attachments are fetched with
 *   the operator token and shown from blob: URLs), API calls to this origin only.
 * - Cache: hashed files under assets/ are immutable for a year; index.html is revalidated
 *   on every load, so a new release reaches operators on their next navigation.
 * - SPA fallback: any other path under /console/ answers with index.html, so a deep link
 *   (/console/tickets/<id>) opens the app on that ticket.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "manifest-src 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * Where the built console lives: next to dist/ in the published package, or from the
 * sources (src/app/) in this repository. Null when the console has not been built.
 */
export function findConsoleDir(): string | null {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const up of ['..', join('..', '..')]) {
    const dir = join(here, up, 'console-dist');
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

/**
 * Serves /console and /console/* from `dir` (404 when the console was not built). It is
 * middleware, like any static file server, not a route: the route table stays exactly
 * core's protocol (the OpenAPI parity test holds that). Methods other than GET and HEAD
 * fall through to the API's 404.
 */
export function consoleRoutes(app: Hono<AppEnv>, dir: string | null = findConsoleDir()): void {
  // Hashed assets never change under their name, so they are read once; index.html is read
  // per request (it is small), so a rebuilt console is served without a restart.
  const assets = new Map<string, Buffer>();
  const readAsset = (path: string): Buffer | null => {
    let body = assets.get(path);
    if (!body && existsSync(path)) assets.set(path, (body = readFileSync(path)));
    return body ?? null;
  };
  const readIndex = (): Buffer | null => {
    const path = join(dir!, 'index.html');
    return existsSync(path) ? readFileSync(path) : null;
  };
  const page = (c: Context<AppEnv>, body: Buffer, type: string, cacheControl: string) => {
    c.header('Content-Security-Policy', CONSOLE_CSP);
    c.header('Cache-Control', cacheControl);
    c.header('Content-Type', type);
    // The console reads nothing cross-origin and keeps its URLs (ticket ids) to itself.
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    return c.body(new Uint8Array(body), 200);
  };

  app.use('/console', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    return c.redirect('/console/', 301);
  });
  app.use('/console/*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (!dir) return c.notFound();
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname).slice('/console/'.length);
    } catch {
      return c.notFound();
    }
    if (path.startsWith('assets/')) {
      const file = normalize(join(dir, path));
      // A `..` (say, an encoded `..%2f`) that leaves assets/ names no file of the console.
      const body = file.startsWith(join(dir, 'assets') + sep) ? readAsset(file) : null;
      if (!body) return c.notFound();
      return page(c, body, TYPES[extname(file)] ?? 'application/octet-stream', 'public, max-age=31536000, immutable');
    }
    const index = readIndex();
    if (!index) return c.notFound();
    return page(c, index, TYPES['.html']!, 'no-cache');
  });
}

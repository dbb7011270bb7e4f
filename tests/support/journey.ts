/**
 * What the end-to-end tests of the example app (tests/e2e/taro-*.test.ts) do the same way:
 * wait for something the app does by itself, photograph a whole Taro H5 page, and act as an
 * operator on the server's admin API.
 */
import type { Page } from 'playwright-core';

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

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, missingPackageBuilds, ROOT } from '../../scripts/example-app';
import { serveStatic, type StaticServer } from '../../scripts/static-server';
import { CHROMIUM_HINT, ensureChromium, launchChromium, type HeadlessBrowser } from '../support/chromium';

/**
 * The whole end-user journey in a real headless Chromium (Debian's, driven by
 * playwright-core), against the Taro example's H5 build and a real server:
 * offline submit → acknowledgement + 待发送 → back online → exactly one ticket on the
 * server → an operator reply shows in 我的反馈 → resolve → rate → 问题未解决.
 * Screenshots go to artifacts/e2e/ (gitignored): look at them when this changes.
 *
 * Needs the built packages (`npm test` builds first). Under CI a missing Chromium fails.
 */
const chromiumPath = ensureChromium();
if (!chromiumPath) console.warn(`skipping the Taro H5 end-to-end test: ${CHROMIUM_HINT}`);

const OPERATOR_TOKEN = 'e2e-operator-token-0123456789abcdef';
const ARTIFACTS = join(ROOT, 'artifacts/e2e');
const OPERATOR = '客服小王';
const DESCRIPTION = '昨天支付失败了，但是银行卡被扣款了 199 元（E2E）';
const REPLY = '您好，已为您核实，款项将在 1-3 个工作日内原路退回。';
const REOPEN_REASON = '退款一直没有到账';

interface AdminTicket {
  id: string;
  clientId: string;
  status: string;
  summary: string;
  rating?: { score: number; comment?: string } | null;
  timeline?: { type: string }[];
}

describe.skipIf(!chromiumPath)('the Taro example app (H5) in headless Chromium', () => {
  let server: { url: string; close(): Promise<void> };
  let app: StaticServer;
  let browser: HeadlessBrowser;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'fankui-e2e-data-'));
  const outDir = mkdtempSync(join(tmpdir(), 'fankui-e2e-h5-'));
  const problems: string[] = [];

  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}/v1/admin${path}`, {
      method,
      headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} /v1/admin${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const serverTickets = () => admin<{ items: AdminTicket[] }>('GET', '/tickets?limit=50').then((list) => list.items);
  /** A screenshot of the whole page: Taro's H5 pages scroll inside the app, so grow the viewport to the content. */
  const shot = async (name: string) => {
    const viewport = page.viewportSize()!;
    const height = await page.evaluate(() =>
      Math.max(document.documentElement.scrollHeight, ...[...document.querySelectorAll('.taro_page_show, .taro_page_show *')].map((element) => element.scrollHeight)),
    );
    await page.setViewportSize({ width: viewport.width, height: Math.min(Math.max(height, viewport.height), 2400) });
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    await page.setViewportSize(viewport);
  };
  /**
   * Chooses a category in Taro's H5 picker: open it, tap rows until the wanted one sits
   * under the indicator (a tap moves the wheel to the tapped row), confirm.
   */
  const pickCategory = async (label: string) => {
    await page.locator('.fankui-form .fankui-picker').click();
    const wheel = page.locator('.weui-picker__group');
    const item = page.locator('.weui-picker__item', { hasText: label });
    const indicator = page.locator('.weui-picker__indicator');
    const centre = (box: { y: number; height: number } | null) => (box ? box.y + box.height / 2 : NaN);
    for (let tries = 0; tries < 8; tries++) {
      if (Math.abs(centre(await item.boundingBox()) - centre(await indicator.boundingBox())) < 5) break;
      const wheelBox = (await wheel.boundingBox())!;
      const itemBox = (await item.boundingBox())!;
      // Rows outside the wheel's window cannot be tapped: tap the nearest edge row instead.
      const y = Math.min(Math.max(centre(itemBox), wheelBox.y + 8), wheelBox.y + wheelBox.height - 8);
      await page.mouse.click(itemBox.x + itemBox.width / 2, y);
      await page.waitForTimeout(400); // the wheel animates
    }
    await page.locator('.weui-picker__action', { hasText: '确定' }).click();
  };
  /** Waits until `check` passes, polling; bounded. */
  const eventually = async <T>(check: () => Promise<T>, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s: ${(last as Error)?.message}`);
      await new Promise((wait) => setTimeout(wait, 500));
    }
  };

  beforeAll(async () => {
    const missing = [...missingPackageBuilds(), ...(existsSync(join(ROOT, 'packages/server/dist/index.mjs')) ? [] : ['packages/server/dist/index.mjs'])];
    if (missing.length) throw new Error(`the example consumes the built packages; run npm run build first (missing: ${missing.join(', ')})`);
    mkdirSync(ARTIFACTS, { recursive: true });
    // The built server, as `fankui-server` runs it: free port, throw-away store.
    const { startServer } = await import('@fankui/server');
    server = await startServer({ port: 0, dataDir, operatorTokens: [{ name: OPERATOR, token: OPERATOR_TOKEN }], logLevel: 'warn', rateLimit: { enabled: false } });
    const build = await buildExample('h5', { endpoint: server.url, outputRoot: outDir, timeoutMs: 240_000 });
    console.log(`taro build --type h5: ${(build.durationMs / 1000).toFixed(1)} s`);
    app = await serveStatic(outDir);
    browser = await launchChromium(chromiumPath!);
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('shows the entry on 首页 (floating, not covered by the tab bar) and on 我的 (cell)', async () => {
    await page.goto(`${app.url}/`);
    const floating = page.locator('.fankui-entry--floating');
    await floating.waitFor();
    expect(await floating.textContent()).toContain('反馈与投诉');
    await shot('00-index');
    // A user must be able to tap it: the element at its centre is the entry itself.
    const covered = await floating.evaluate((entry) => {
      const box = entry.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return top && !entry.contains(top) ? `${top.tagName.toLowerCase()}.${[...top.classList].join('.')}` : null;
    });

    await page.locator('.weui-tabbar__label', { hasText: '我的' }).click();
    const cell = page.locator('.fankui-entry--cell');
    await cell.waitFor();
    expect(await cell.textContent()).toContain('反馈与投诉');
    await shot('00-mine');

    expect(covered, 'the floating entry is covered by another element (on H5, Taro\'s tab bar)').toBeNull();
  }, 60_000);

  it('delivers a submission made offline exactly once, then shows the reply, rating and reopen', async () => {
    // 我的 → 反馈与投诉.
    await page.goto(`${app.url}/#/pages/mine/index`);
    await page.locator('.fankui-entry--cell').click();
    await page.waitForURL(/pages\/feedback\/index/);
    await page.locator('.fankui-form .fankui-picker').waitFor();

    // Offline (the page's code is loaded): requests fail and the browser says it is offline.
    await browser.context.setOffline(true);

    // Fill the form: a payment problem brings its conditional fields.
    await pickCategory('支付问题');
    expect(await page.locator('.fankui-form .fankui-picker').textContent()).toContain('支付问题');
    await page.locator('.fankui-option', { hasText: '异常扣款' }).click();
    await page.locator('.fankui-field', { hasText: '交易金额' }).locator('input').fill('199.00');
    await page.locator('.fankui-field', { hasText: '交易时间' }).locator('input').fill('2026-11-22 20:15');
    await page.locator('.fankui-form textarea').first().fill(DESCRIPTION);
    // Triage offers self-help for payment problems while the user types.
    await page.locator('.fankui-selfhelp').waitFor();
    await shot('01-form');

    // Submit while offline → the acknowledgement with the SLA promise, and it waits.
    await page.locator('.fankui-form__submit').click();
    const ack = page.locator('.fankui-ack');
    await ack.waitFor();
    await eventually(async () => expect(await ack.textContent()).toContain('网络恢复后将自动提交'), 5_000, 'the offline notice');
    const ackText = (await ack.textContent()) ?? '';
    expect(ackText).toContain('已收到，正在处理中，我们将在 30 分钟内回复'); // payment problems are high priority
    await shot('02-acknowledgement');
    await page.locator('.fankui-ack .fankui-button', { hasText: '查看我的反馈' }).click();
    const row = page.locator('.fankui-ticket').first();
    await eventually(async () => expect(await row.locator('.fankui-tag').textContent()).toBe('待发送'), 10_000, 'the 待发送 row');
    await shot('03-tracker-pending');
    expect(await serverTickets()).toEqual([]);

    // Back online: the client flushes when the network returns, and the server gets it once.
    await browser.context.setOffline(false);
    const [ticket] = await eventually(
      async () => {
        const tickets = await serverTickets();
        expect(tickets).toHaveLength(1);
        return tickets;
      },
      60_000,
      'the queued submission reaching the server',
    );
    expect(ticket!.summary).toContain('银行卡被扣款了 199 元');
    // The tracker follows the delivery by itself.
    await eventually(async () => expect(await row.locator('.fankui-tag').textContent()).toBe('已受理'), 15_000, 'the row turning 已受理');
    await page.waitForTimeout(3_000); // nothing else arrives later
    expect((await serverTickets()).map((item) => item.clientId)).toEqual([ticket!.clientId]);
    const detail = await admin<AdminTicket & { answers: Record<string, unknown> }>('GET', `/tickets/${ticket!.id}`);
    expect(detail.answers).toMatchObject({ category: 'payment', subtypes: ['unexpected_charge'], amount: '199.00' });

    // An operator reply shows up in 我的反馈 (after a restart of the app, from the server).
    await admin('POST', `/tickets/${ticket!.id}/replies`, { body: REPLY });
    await page.goto(`${app.url}/#/pages/feedback/index?tab=tracker`);
    await page.reload();
    const fresh = page.locator('.fankui-ticket').first();
    await eventually(async () => expect(await fresh.textContent()).toContain('1 条新回复'), 15_000, 'the unread reply in the list');
    await shot('04-tracker-list');
    await fresh.click();
    const reply = page.locator('.fankui-event--reply');
    await reply.waitFor();
    expect(await reply.textContent()).toContain(REPLY);
    expect(await reply.textContent()).toContain(OPERATOR);
    await shot('05-tracker-reply');

    // Resolved by the operator → rated by the reporter.
    await admin('PATCH', `/tickets/${ticket!.id}`, { status: 'resolved' });
    await page.locator('.fankui-detail__back').click();
    await page.locator('.fankui-ticket').first().click();
    await page.locator('.fankui-stars').waitFor();
    await page.locator('.fankui-star').nth(3).click();
    const rating = page.locator('.fankui-compose', { has: page.locator('.fankui-stars') });
    await rating.locator('textarea').fill('回复很及时');
    await shot('06-tracker-rate');
    await rating.locator('.fankui-button--primary').click();
    await eventually(
      async () => expect((await admin<AdminTicket>('GET', `/tickets/${ticket!.id}`)).rating).toMatchObject({ score: 4, comment: '回复很及时' }),
      10_000,
      'the rating reaching the server',
    );
    await eventually(async () => expect(await page.locator('.fankui-timeline').textContent()).toContain('已评价 4 星'), 10_000, 'the rating in the timeline');

    // 问题未解决 → reopened with the reason.
    await page.locator('.fankui-detail .fankui-button', { hasText: '问题未解决' }).click();
    const reopen = page.locator('.fankui-compose', { hasText: '问题未解决' });
    await reopen.locator('textarea').fill(REOPEN_REASON);
    await reopen.locator('.fankui-button--primary').click();
    await eventually(async () => expect((await admin<AdminTicket>('GET', `/tickets/${ticket!.id}`)).status).toBe('reopened'), 10_000, 'the reopen reaching the server');
    await eventually(async () => expect(await page.locator('.fankui-timeline').textContent()).toContain(REOPEN_REASON), 10_000, 'the reopen in the timeline');
    await shot('07-tracker-reopened');

    expect(problems).toEqual([]);
  }, 180_000);
});

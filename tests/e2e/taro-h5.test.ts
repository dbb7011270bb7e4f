import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/example-app';
import type { StaticServer } from '../../scripts/static-server';
import { CHROMIUM_HINT, ensureChromium, type HeadlessBrowser } from '../support/chromium';
import { eventually, operator, pageShot, startExampleH5, type ExampleH5 } from '../support/journey';

/**
 * The whole end-user journey in a real headless Chromium (Debian's, driven by
 * playwright-core), against the Taro example's H5 build and a real server:
 * the form opens offline → date and time picked, a screenshot attached → offline submit →
 * an honest acknowledgement + 待发送 → back online → exactly one ticket on the server →
 * an operator reply appears in 我的反馈 by itself → the detail shows what was sent and the
 * ticket number → resolve → rate → 问题未解决 → an online submit's promise and number.
 * Screenshots at 390×844 and 360×640 go to artifacts/e2e/ (gitignored): look at them when
 * this changes.
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
const SECOND_REPLY = '退款已经发起，请留意银行短信。';
/** A real PNG the reporter attaches (the example's own tab icon). */
const SCREENSHOT = join(ROOT, 'examples/taro-app/src/assets/tab-home.png');
/** The phones the screenshots are taken on: the test's own, and a small one. */
const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 640 },
];

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
  let example: ExampleH5 | undefined;
  let problems: string[] = [];

  const admin = operator(() => server.url, OPERATOR_TOKEN);
  const serverTickets = () => admin<{ items: AdminTicket[] }>('GET', '/tickets?limit=50').then((list) => list.items);
  /**
   * Screenshots of the whole page on each phone (`name-390.png`, `name-360.png`): Taro's H5
   * pages scroll inside the app, so the viewport grows to the content.
   */
  const shot = async (name: string) => {
    const viewport = page.viewportSize()!;
    for (const phone of PHONES) {
      await page.setViewportSize(phone);
      await page.waitForTimeout(100); // layout settles
      await pageShot(page, join(ARTIFACTS, `${name}-${phone.width}.png`), 2400);
    }
    await page.setViewportSize(viewport);
  };
  /** The 确定 of the picker that is open (every Picker on the page keeps its hidden popup). */
  const confirmPicker = () => page.locator('.weui-picker__action:visible', { hasText: '确定' }).click();
  /**
   * Chooses a category in Taro's H5 picker: open it, tap rows until the wanted one sits
   * under the indicator (a tap moves the wheel to the tapped row), confirm.
   */
  const pickCategory = async (label: string) => {
    await page.locator('.fankui-form .fankui-picker').click();
    const wheel = page.locator('.weui-picker__group:visible');
    const item = page.locator('.weui-picker__item', { hasText: label });
    const indicator = page.locator('.weui-picker__indicator:visible');
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
    await confirmPicker();
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    example = await startExampleH5({ chromiumPath: chromiumPath!, operator: { name: OPERATOR, token: OPERATOR_TOKEN }, label: 'e2e' });
    ({ server, app, browser, page, problems } = example);
  }, 360_000);

  afterAll(() => example?.close());

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

  it('opens 反馈与投诉 offline although the feedback page was never opened (its code is loaded ahead)', async () => {
    await page.goto(`${app.url}/`);
    await page.locator('.fankui-entry--floating').waitFor();
    await page.waitForLoadState('networkidle');
    await browser.context.setOffline(true);
    try {
      await page.locator('.fankui-entry--floating').click();
      await page.waitForURL(/pages\/feedback\/index/);
      await page.locator('.fankui-form .fankui-picker').first().waitFor({ timeout: 5_000 });
      // The tab bar did not vanish either: back on 首页 it is there.
      await page.goBack();
      await page.locator('.weui-tabbar__label', { hasText: '我的' }).waitFor({ timeout: 5_000 });
    } finally {
      await browser.context.setOffline(false);
    }
  }, 60_000);

  it('shows the previous page again after going back within a moment (Taro H5 router)', async () => {
    await page.goto(`${app.url}/#/pages/mine/index`);
    const cell = page.locator('.fankui-entry--cell');
    await cell.click();
    await page.waitForURL(/pages\/feedback\/index/);
    await page.waitForTimeout(150); // back sooner than the router's 350 ms page animation
    await page.goBack();
    await page.waitForTimeout(1_000); // past any timer the navigation left behind
    expect(await cell.isVisible(), 'the 我的 page is blank after a quick back').toBe(true);
    const box = (await cell.boundingBox())!;
    expect(box.height).toBeGreaterThan(40);
  }, 60_000);

  it('delivers a submission made offline exactly once, then shows the reply by itself, the submission, rating and reopen', async () => {
    // 我的 → 反馈与投诉.
    await page.goto(`${app.url}/#/pages/mine/index`);
    await page.locator('.fankui-entry--cell').click();
    await page.waitForURL(/pages\/feedback\/index/);
    await page.locator('.fankui-form .fankui-picker').waitFor();

    // Offline (the page's code is loaded): requests fail and the browser says it is offline.
    await browser.context.setOffline(true);

    // Fill the form: a payment problem brings its conditional fields.
    await pickCategory('支付问题');
    expect(await page.locator('.fankui-form .fankui-picker').first().textContent()).toContain('支付问题');
    await page.locator('.fankui-option', { hasText: '异常扣款' }).click();
    await page.locator('.fankui-field', { hasText: '交易金额' }).locator('input').fill('199.00');
    // 交易时间 is picked, not typed: a date picker and a time picker, each opening on now.
    const when = page.locator('.fankui-field', { hasText: '交易时间' }).locator('.fankui-picker');
    expect(await when.count()).toBe(2);
    expect(await page.locator('.fankui-field', { hasText: '交易时间' }).locator('.fankui-input').count()).toBe(0); // nothing to type
    await when.nth(0).click();
    await confirmPicker();
    await when.nth(1).click();
    await confirmPicker();
    const picked = (await when.allTextContents()).map((text) => text.replace('›', '').trim());
    expect(picked[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(picked[1]).toMatch(/^\d{2}:\d{2}$/);
    await page.locator('.fankui-form textarea').first().fill(DESCRIPTION);
    // A screenshot, chosen while offline (kept on the device until it can be uploaded).
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('.fankui-image--add').click()]);
    await chooser.setFiles(SCREENSHOT);
    await eventually(async () => expect(await page.locator('.fankui-form .fankui-image img').count()).toBe(1), 5_000, 'the screenshot preview');
    // Triage offers self-help for payment problems while the user types.
    await page.locator('.fankui-selfhelp').waitFor();
    await shot('01-form');

    // Submit while offline → the acknowledgement says what is true: saved, sent when online.
    await page.locator('.fankui-form__submit').click();
    const ack = page.locator('.fankui-ack');
    await ack.waitFor();
    await eventually(async () => expect(await ack.textContent()).toContain('已保存，联网后自动提交'), 5_000, 'the offline acknowledgement');
    expect(await ack.textContent()).not.toContain('已收到');
    expect(await ack.textContent()).not.toContain('工单号');
    await shot('02-acknowledgement-offline');
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
    const detail = await admin<AdminTicket & { answers: Record<string, unknown>; attachments: unknown[] }>('GET', `/tickets/${ticket!.id}`);
    expect(detail.answers).toMatchObject({ category: 'payment', subtypes: ['unexpected_charge'], amount: '199.00', transaction_time: `${picked[0]} ${picked[1]}` });
    expect(detail.attachments).toHaveLength(1);

    // 我的反馈 scrolls with the page: the list is no box of its own with a cut-off last row.
    const list = await page.locator('.fankui-list').evaluate((element) => ({ scroll: element.scrollHeight, client: element.clientHeight, overflow: getComputedStyle(element).overflowY }));
    expect(list.overflow).not.toMatch(/auto|scroll/);
    expect(list.scroll).toBeLessThanOrEqual(list.client + 1);

    // An operator replies while the reporter looks at 我的反馈: it appears by itself (no tab switch, no reload).
    await admin('POST', `/tickets/${ticket!.id}/replies`, { body: REPLY });
    await eventually(async () => expect(await row.textContent()).toContain('1 条新回复'), 25_000, 'the unread reply in the open list');
    await shot('04-tracker-list');
    await row.click();
    const reply = page.locator('.fankui-event--reply');
    await reply.first().waitFor();
    expect(await reply.first().textContent()).toContain(REPLY);
    expect(await reply.first().textContent()).toContain(OPERATOR);

    // The detail shows what was sent, labelled, with the screenshot, and the ticket number to quote.
    const answers = page.locator('.fankui-submission');
    expect(await answers.textContent()).toContain('异常扣款');
    expect(await answers.textContent()).toContain('199.00');
    expect(await answers.textContent()).toContain(`${picked[0]} ${picked[1]}`);
    await eventually(
      async () => expect(await answers.locator('.fankui-image img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0),
      10_000,
      'the screenshot thumbnail',
    );
    expect(await page.locator('.fankui-detail .fankui-number').textContent()).toContain(ticket!.id);
    await shot('05-tracker-reply');

    // A second reply while the ticket is open appears in it by itself.
    await admin('POST', `/tickets/${ticket!.id}/replies`, { body: SECOND_REPLY });
    await eventually(async () => expect(await page.locator('.fankui-timeline').textContent()).toContain(SECOND_REPLY), 25_000, 'the second reply in the open ticket');

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

    // Online, the acknowledgement gives the promise at once, and the ticket number once delivered.
    await page.locator('.fankui-tab', { hasText: '提交反馈' }).click();
    await pickCategory('产品建议');
    await page.locator('.fankui-form textarea').first().fill('希望可以导出账单（E2E）');
    await page.locator('.fankui-form__submit').click();
    await eventually(async () => expect(await ack.textContent()).toContain('已收到，正在处理中，我们将在 24 小时内回复'), 5_000, 'the online acknowledgement');
    const second = await eventually(
      async () => {
        const found = (await serverTickets()).find((item) => item.id !== ticket!.id);
        expect(found).toBeDefined();
        return found!;
      },
      15_000,
      'the online submission reaching the server',
    );
    await eventually(async () => expect(await ack.locator('.fankui-number').textContent()).toContain(second.id), 10_000, 'the ticket number on the acknowledgement');
    await shot('02-acknowledgement-online');

    expect(problems).toEqual([]);
  }, 240_000);
});

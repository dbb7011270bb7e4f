import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/example-app';
import type { StaticServer } from '../../scripts/static-server';
import { CHROMIUM_HINT, ensureChromium, type HeadlessBrowser } from '../support/chromium';
import { eventually, operator, pageShot, startExampleH5, type ExampleH5 } from '../support/journey';

/**
 * Everyone can use it: the Taro example's H5 build in headless Chromium, against a real
 * server, audited the way users and regulators do.
 * - axe-core (WCAG 2.1 A and AA) in every state of the journey: home, the form empty, with
 *   errors and filled, the acknowledgement, 我的反馈, a ticket, its rating. No serious or
 *   critical violation.
 * - The browser's accessibility tree: Fankui's buttons are buttons, with their disabled state.
 * - The whole journey by keyboard alone: entry → form → submit → 我的反馈 → ticket → rate →
 *   问题未解决 → 返回列表.
 * - At 200 % text (the browser's default font size doubled, what `medium` follows) and in
 *   dark mode: nothing spills out of the screen or clips; screenshots of the form, the
 *   acknowledgement, the list and a ticket go to artifacts/a11y/ (gitignored): look at them.
 *
 * Needs the built packages (`npm test` builds first). Under CI a missing Chromium fails.
 */
const chromiumPath = ensureChromium();
if (!chromiumPath) console.warn(`skipping the Taro H5 accessibility test: ${CHROMIUM_HINT}`);

const OPERATOR_TOKEN = 'a11y-operator-token-0123456789abcdef';
const ARTIFACTS = join(ROOT, 'artifacts/a11y');
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }[];
}
interface AdminTicket {
  id: string;
  status: string;
  rating?: { score: number; comment?: string } | null;
}

describe.skipIf(!chromiumPath)('the Taro example app (H5): accessibility, large text and dark mode', () => {
  let server: { url: string; close(): Promise<void> };
  let app: StaticServer;
  let browser: HeadlessBrowser;
  let page: Page;
  let example: ExampleH5 | undefined;
  let problems: string[] = [];

  const admin = operator(() => server.url, OPERATOR_TOKEN);
  const newestTicket = async () => (await admin<{ items: AdminTicket[] }>('GET', '/tickets?limit=1')).items[0]!;

  /** axe-core over the whole page: the serious and critical violations, one line each. */
  const audit = async (state: string) => {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
    const result = await page.evaluate((tags) => (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } }).axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG);
    return (result as AxeResult).violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${state}: ${violation.impact} ${violation.id} (${violation.help}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  };
  const shot = (name: string) => pageShot(page, join(ARTIFACTS, `${name}.png`));
  /**
   * Taro's own toast ("请检查标红的内容", white on 70 % black: 7:1) fades in and out: axe
   * would measure its text mid-fade. Waits until it has come and gone.
   */
  const toastGone = async () => {
    const toast = page.locator('.taro__toast');
    await toast.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined); // already gone
    await toast.waitFor({ state: 'hidden' });
  };
  /** Presses Tab until `target` (or something inside it) has the focus. */
  const tabTo = async (target: Locator, what: string) => {
    for (let presses = 0; presses < 60; presses++) {
      await page.keyboard.press('Tab');
      if (await target.evaluate((element) => element === document.activeElement || element.contains(document.activeElement))) return;
    }
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 120));
    throw new Error(`Tab never reached ${what} (the focus is on ${focused})`);
  };
  /**
   * What spills: Fankui elements whose box leaves the screen sideways, and text cut off inside
   * its box (scrolled or clipped). A one-line summary ending in "…" is meant to, and says so.
   */
  const spills = () =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const found: string[] = [];
      for (const element of document.querySelectorAll<HTMLElement>('.taro_page_show .fankui-root, .taro_page_show .fankui-root *')) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || getComputedStyle(element).visibility === 'hidden') continue;
        const name = `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} "${(element.textContent || '').trim().slice(0, 20)}"`;
        if (box.left < -1 || box.right > width + 1) found.push(`${name} is outside the screen (${Math.round(box.left)}…${Math.round(box.right)} of ${width})`);
        const style = getComputedStyle(element);
        if (style.textOverflow === 'ellipsis') continue;
        if (element.scrollWidth > element.clientWidth + 2 && style.overflowX !== 'visible' && style.overflowX !== 'auto') found.push(`${name} is cut off sideways`);
        if (element.scrollHeight > element.clientHeight + 2 && style.overflowY === 'hidden') found.push(`${name} is cut off below`);
      }
      return found;
    });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    example = await startExampleH5({ chromiumPath: chromiumPath!, operator: { name: '客服小李', token: OPERATOR_TOKEN }, label: 'a11y' });
    ({ server, app, browser, page, problems } = example);
  }, 360_000);

  afterAll(() => example?.close());

  it('passes axe (WCAG 2.1 A/AA) in every state of the journey; its buttons are buttons, with their disabled state', async () => {
    const found: string[] = [];
    await page.goto(`${app.url}/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('.fankui-entry--floating').waitFor();
    found.push(...(await audit('home')));
    expect(await page.getByRole('button', { name: '反馈与投诉' }).count()).toBe(1);

    await page.locator('.fankui-entry--floating').click();
    const picker = page.getByRole('combobox', { name: /问题类型/ });
    await picker.waitFor();
    found.push(...(await audit('form, empty')));

    // A failed submit: errors under the fields, the focus on the first one, described by its error.
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('请填写“问题描述”').waitFor();
    await toastGone();
    found.push(...(await audit('form, with errors')));
    await eventually(async () => expect(await picker.evaluate((element) => element === document.activeElement)).toBe(true), 3_000, 'the focus moving to 问题类型');
    expect(await picker.getAttribute('aria-invalid')).toBe('true');
    const description = page.getByRole('textbox', { name: '问题描述' });
    expect(await description.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`[id="${await description.getAttribute('aria-describedby')}"]`).textContent()).toBe('请填写“问题描述”');

    // Filled: a payment problem brings its own fields. The picker steps with the arrow keys.
    await picker.focus();
    for (let step = 0; step < 5; step++) await page.keyboard.press('ArrowDown');
    await eventually(async () => expect(await picker.textContent()).toContain('支付问题'), 3_000, 'the picker stepping to 支付问题');
    await page.getByRole('checkbox', { name: '异常扣款' }).check();
    // A number keyboard: the browser's spinbutton, named like the rest.
    await page.getByRole('spinbutton', { name: /交易金额/ }).fill('199.00');
    await description.fill('昨天支付失败了，但是银行卡被扣款了（无障碍检查）');
    await page.getByRole('spinbutton', { name: '手机号' }).fill('13800138000');
    await page.getByRole('checkbox', { name: '同意客服通过以上方式联系我' }).check();
    found.push(...(await audit('form, filled')));

    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('.fankui-ack').waitFor();
    await eventually(async () => expect(await page.locator('.fankui-ack').textContent()).toContain('已收到'), 10_000, 'the acknowledgement');
    found.push(...(await audit('acknowledgement')));

    await page.getByRole('button', { name: '查看我的反馈' }).click();
    const row = page.locator('.fankui-ticket').first();
    await eventually(async () => expect(await row.locator('.fankui-tag').textContent()).toBe('已受理'), 15_000, 'the row turning 已受理');
    const ticket = await newestTicket();
    await admin('POST', `/tickets/${ticket.id}/replies`, { body: '您好，已为您核实，款项将原路退回。' });
    await page.goto(`${app.url}/#/pages/feedback/index?tab=tracker`);
    await page.reload();
    await eventually(async () => expect(await page.getByRole('button', { name: /1 条新回复/ }).count()).toBe(1), 15_000, 'the unread reply, named in the row');
    found.push(...(await audit('我的反馈')));

    await page.getByRole('button', { name: /1 条新回复/ }).click();
    await page.locator('.fankui-event--reply').waitFor();
    found.push(...(await audit('ticket')));

    // Resolved: rating waits for a star, and says so to the accessibility tree.
    await admin('PATCH', `/tickets/${ticket.id}`, { status: 'resolved' });
    await page.getByRole('button', { name: /返回列表/ }).click();
    await page.locator('.fankui-ticket').first().click();
    const rate = page.getByRole('button', { name: '提交评价' });
    await rate.waitFor();
    expect(await page.getByRole('button', { name: '提交评价', disabled: true }).count()).toBe(1);
    expect(await page.getByRole('radiogroup').getByRole('radio').count()).toBe(5);
    found.push(...(await audit('rating')));
    await page.getByRole('radio', { name: '4 星' }).click();
    expect(await page.getByRole('radio', { name: '4 星', checked: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '提交评价', disabled: false }).count()).toBe(1);
    // Every Fankui button in the tree, by name: none is plain text any more.
    const tree = await page.locator('.fankui-detail').ariaSnapshot();
    for (const name of ['返回列表', '提交评价', '问题未解决', '发送']) expect(tree, name).toMatch(new RegExp(`button "[^"]*${name}`));
    await shot('rating');

    expect(found).toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);

  it('can be used by keyboard alone, from the entry to 问题未解决 and back to the list', async () => {
    // A new reporter with no draft: the picker starts at 请选择.
    await page.goto(`${app.url}/`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const entry = page.locator('.fankui-entry--floating');
    await entry.waitFor();
    await tabTo(entry, '反馈与投诉');
    await page.keyboard.press('Enter');
    await page.waitForURL(/pages\/feedback\/index/);

    const picker = page.getByRole('combobox', { name: /问题类型/ });
    await tabTo(picker, '问题类型');
    await page.keyboard.press('ArrowDown');
    await eventually(async () => expect(await picker.textContent()).toContain('功能异常'), 3_000, 'the picker stepping to 功能异常');
    await tabTo(page.getByRole('textbox', { name: '问题描述' }), '问题描述');
    await page.keyboard.type('键盘提交：订单页面打不开');
    await tabTo(page.getByRole('button', { name: '提交' }), '提交');
    await page.keyboard.press('Enter');
    const viewTickets = page.getByRole('button', { name: '查看我的反馈' });
    await viewTickets.waitFor();
    await tabTo(viewTickets, '查看我的反馈');
    await page.keyboard.press('Enter');

    const row = page.getByRole('button', { name: /键盘提交/ });
    await eventually(async () => expect(await row.textContent()).toContain('已受理'), 15_000, 'the row turning 已受理');
    const ticket = await newestTicket();
    await admin('PATCH', `/tickets/${ticket.id}`, { status: 'resolved' });
    await tabTo(row, 'the ticket');
    await page.keyboard.press('Enter');

    // Rate: a star with Space, a comment, 提交评价 with Enter.
    const star = page.getByRole('radio', { name: '4 星' });
    await tabTo(star, '4 星');
    await page.keyboard.press(' ');
    await tabTo(page.getByRole('textbox', { name: '说说您的感受（选填）' }), 'the rating comment');
    await page.keyboard.type('键盘也能评价');
    await tabTo(page.getByRole('button', { name: '提交评价' }), '提交评价');
    await page.keyboard.press('Enter');
    await eventually(async () => expect((await admin<AdminTicket>('GET', `/tickets/${ticket.id}`)).rating).toMatchObject({ score: 4 }), 10_000, 'the rating reaching the server');

    // 问题未解决: the reason, then 提交.
    await tabTo(page.getByRole('button', { name: '问题未解决' }), '问题未解决');
    await page.keyboard.press('Enter');
    const reason = page.getByRole('textbox', { name: '问题未解决' });
    await tabTo(reason, 'the reason');
    await page.keyboard.type('还是打不开');
    await tabTo(page.getByRole('button', { name: '重新处理' }), '重新处理');
    await page.keyboard.press('Enter');
    await eventually(async () => expect((await admin<AdminTicket>('GET', `/tickets/${ticket.id}`)).status).toBe('reopened'), 10_000, 'the reopen reaching the server');

    await tabTo(page.getByRole('button', { name: /返回列表/ }), '返回列表');
    await page.keyboard.press('Enter');
    await page.locator('.fankui-list').waitFor();
    expect(problems).toEqual([]);
  }, 180_000);

  for (const look of ['text-200', 'dark'] as const) {
    it(`${look === 'dark' ? 'is readable in dark mode' : 'grows with 200 % text'}: nothing clips or leaves the screen (screenshots in artifacts/a11y/)`, async () => {
      const context = browser.context;
      const themed = await context.newPage();
      const cdp = await context.newCDPSession(themed);
      if (look === 'dark') await themed.emulateMedia({ colorScheme: 'dark' });
      // The user's text size: what `medium` (Fankui's root size) resolves to.
      else await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
      const previous = page;
      page = themed;
      try {
        const found: string[] = [];
        const check = async (state: string) => {
          await page.waitForTimeout(300);
          found.push(...(await spills()).map((spill) => `${state}: ${spill}`));
          if (look === 'dark') found.push(...(await audit(`${state} (dark)`)));
          await shot(`${look}-${state}`);
        };
        await page.goto(`${app.url}/#/pages/feedback/index`);
        const picker = page.getByRole('combobox', { name: /问题类型/ });
        await picker.waitFor();
        if (look === 'text-200') expect(await picker.evaluate((element) => parseFloat(getComputedStyle(element).fontSize))).toBe(32);
        await page.getByRole('button', { name: '提交' }).click();
        await page.getByText('请填写“问题描述”').waitFor();
        await toastGone();
        await check('form');
        await picker.focus();
        await page.keyboard.press('ArrowDown');
        await page.getByRole('textbox', { name: '问题描述' }).fill(`${look}：列表页加载很慢，经常转圈`);
        await page.getByRole('button', { name: '提交' }).click();
        await page.locator('.fankui-ack').waitFor();
        await check('acknowledgement');
        await page.getByRole('button', { name: '查看我的反馈' }).click();
        const row = page.locator('.fankui-ticket').first();
        await eventually(async () => expect(await row.locator('.fankui-tag').textContent()).toBe('已受理'), 15_000, 'the row turning 已受理');
        const ticket = await newestTicket();
        await admin('POST', `/tickets/${ticket.id}/replies`, { body: '您好，我们已经定位到问题，今晚修复。' });
        await admin('PATCH', `/tickets/${ticket.id}`, { status: 'resolved' });
        await page.goto(`${app.url}/#/pages/feedback/index?tab=tracker`);
    await page.reload();
        await eventually(async () => expect(await page.getByRole('button', { name: /1 条新回复/ }).count()).toBe(1), 15_000, 'the unread reply');
        await check('list');
        await page.getByRole('button', { name: /1 条新回复/ }).click();
        await page.locator('.fankui-event--reply').waitFor();
        await page.getByRole('radio', { name: '5 星' }).click();
        await check('detail');
        expect(found).toEqual([]);
      } finally {
        page = previous;
        await themed.close();
      }
    }, 180_000);
  }
});

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, IMAGES, OPERATOR_TOKEN, newReporterSecret, paymentSubmission, startTestServer, suggestion, type OpenStore, type TestServer } from '../../../packages/server/tests/support/harness';
import { CHROMIUM_ARGS } from '../../support/chromium';

const ROOT = new URL('../../../', import.meta.url).pathname;
export const ARTIFACTS = join(ROOT, 'artifacts/console');
const CONSOLE_DIST = join(ROOT, 'packages/server/console-dist');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The console's build (what `npm run build` makes); built here when missing, as an operator's server would have it. */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(CONSOLE_DIST, 'index.html'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', 'packages/console'], { cwd: ROOT, stdio: 'inherit' });
}

/** axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is; the serious and critical findings. */
export async function axeProblems(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, which the page's CSP does not govern (an injected
  // <script> would be refused, as it should be).
  const result = (await page.evaluate(`${AXE}
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ': ' + v.help + ' → ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')))`)) as string[];
  return result;
}

const DESCRIPTION = '昨天支付失败了，但是银行卡被扣款了 199 元，我的手机 13912345678，请尽快联系';
const MASKED_PHONE = '139****5678';
const REFUND_TEMPLATE = '已为您退款，请留意账户';

/**
 * The operator's day in the console, in real Chromium against a real server over `openStore`:
 * sign in, filter to overdue high priority, open a ticket by keyboard, reveal its masked
 * personal data (and see the reveal on the timeline), reply with a template, resolve with
 * `e`, check what the reporter sees, watch a new submission arrive without a reload, the
 * dashboard's charts, a form change reaching /v1/config, the CSV export masked. axe-core
 * on every screen; screenshots in artifacts/console/.
 */
export function consoleJourney(storeName: string, openStore: OpenStore, chromiumPath: string): void {
  describe(`the operator console over ${storeName}`, { timeout: 60_000 }, () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;
    let reporter: Client;
    let paymentId: string;
    let suggestionId: string;
    const problems: string[] = [];
    const shot = async (name: string) => {
      // From the top: a full-page shot of a scrolled page would paint the sticky bar mid-page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(ARTIFACTS, `${storeName}-${name}.png`), fullPage: true });
    };

    beforeAll(async () => {
      ensureConsoleBuilt();
      mkdirSync(ARTIFACTS, { recursive: true });
      server = await startTestServer(openStore);
      reporter = new Client(server.url, newReporterSecret());
      const upload = await reporter.request('POST', '/v1/attachments', { body: IMAGES.png, headers: { 'content-type': 'image/png' } });
      if (upload.status !== 201) throw new Error(`upload answered ${upload.status}: ${upload.text}`);
      paymentId = await reporter.ticket(
        paymentSubmission({ answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '199.00', description: DESCRIPTION }, attachments: [upload.body.id] }),
      );
      suggestionId = await reporter.ticket(suggestion('希望可以按时间筛选历史订单'));
      await reporter.ticket(paymentSubmission({ answers: { category: 'malfunction', description: '打开订单页面就闪退，重启手机也不行' } }));
      // 45 minutes later: the high-priority payment complaint is past its 30-minute first response.
      server.advance(45);
      await reporter.ticket(suggestion('夜间模式太暗了，看不清按钮'));
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', acceptDownloads: true });
      page = await context.newPage();
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('signs in with the operator token, by keyboard', async () => {
      await page.goto(`${server.url}/console/`);
      await page.getByLabel('操作员令牌').fill('not-the-token-000000000000');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('令牌无效');
      await page.getByLabel('操作员令牌').fill(OPERATOR_TOKEN);
      await page.keyboard.press('Enter');
      await page.locator('table.tickets tbody tr').first().waitFor();
      expect(await page.locator('table.tickets tbody tr').count()).toBe(4);
      expect(await page.locator('.who').textContent()).toBe('客服小王');
      expect(await page.evaluate(() => sessionStorage.getItem('fankui.console.token'))).toBe(OPERATOR_TOKEN);
    });

    it('filters the inbox to overdue high-priority tickets, kept in the URL', async () => {
      await page.getByLabel('优先级').selectOption('high');
      await page.getByLabel('仅超时').check();
      await expect.poll(() => new URL(page.url()).search).toContain('overdue=true');
      expect(new URL(page.url()).searchParams.get('priority')).toBe('high');
      await expect.poll(() => page.locator('table.tickets tbody tr').count()).toBe(1);
      const row = page.locator(`tr[data-ticket="${paymentId}"]`);
      expect(await row.textContent()).toContain(MASKED_PHONE.slice(0, 3));
      expect(await row.locator('.sla').getAttribute('class')).toContain('sla-late');
      expect(await row.textContent()).not.toContain('13912345678');
      await shot('inbox');
      expect(await axeProblems(page)).toEqual([]);
      // The same view from its URL alone: a shared link shows the same rows.
      await page.reload();
      await expect.poll(() => page.locator('table.tickets tbody tr').count()).toBe(1);
      await page.setViewportSize({ width: 820, height: 1180 });
      await shot('inbox-tablet');
      await page.setViewportSize({ width: 1280, height: 860 });
    });

    it('opens the ticket from the keyboard and reveals its masked data, recorded on the timeline', async () => {
      await page.locator('body').press('j');
      await page.locator('body').press('k');
      await page.keyboard.press('o');
      await page.waitForURL(`**/console/tickets/${paymentId}`);
      await page.locator('.answers').waitFor();
      expect(await page.locator('.answers').textContent()).toContain(MASKED_PHONE);
      expect(await page.locator('.answers').textContent()).not.toContain('13912345678');
      await page.getByRole('button', { name: '显示个人信息' }).click();
      await expect.poll(() => page.locator('.answers').textContent()).toContain('13912345678');
      expect(await page.locator('.timeline').textContent()).toContain('查看了个人信息');
      // The screenshot, fetched with the token and shown from a blob: URL (the CSP allows no other source).
      const thumb = page.locator('.thumbs img');
      await expect.poll(() => thumb.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1);
      await page.locator('.thumb').focus();
      await page.keyboard.press('Enter');
      await page.locator('dialog.viewer[open] img').waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('dialog.viewer[open]').count()).toBe(0);
      await shot('detail');
      expect(await axeProblems(page)).toEqual([]);
    });

    it('replies with a quick-reply template, sees the reporter answer live, resolves with e; the reporter sees both', async () => {
      await page.getByRole('button', { name: REFUND_TEMPLATE }).click();
      expect(await page.locator('#reply').inputValue()).toBe(REFUND_TEMPLATE);
      await page.getByRole('button', { name: '发送回复' }).click();
      await expect.poll(() => page.locator('.timeline .event-message').last().textContent()).toContain(REFUND_TEMPLATE);
      // The reporter answers while the ticket is open: it shows up without a reload.
      expect((await reporter.post(`/v1/tickets/${paymentId}/messages`, { body: '好的，我再等等（来自用户）' })).status).toBe(201);
      await page.getByText('好的，我再等等（来自用户）').waitFor({ timeout: 20_000 });
      await page.locator('h1').click();
      await page.keyboard.press('e');
      await expect.poll(() => page.locator('.ticket-head .tag').first().textContent()).toBe('已解决');
      const seen = await reporter.get(`/v1/tickets/${paymentId}`);
      expect(seen.status).toBe(200);
      expect(seen.body.status).toBe('resolved');
      expect(seen.body.timeline.some((event: { type: string; body?: string }) => event.type === 'message' && event.body === REFUND_TEMPLATE)).toBe(true);
      // Internal events (the reveal) never reach the reporter.
      expect(seen.body.timeline.some((event: { type: string }) => event.type === 'revealed')).toBe(false);
      await page.setViewportSize({ width: 820, height: 1180 });
      await shot('detail-tablet');
      await page.setViewportSize({ width: 1280, height: 860 });
    });

    it('shows a submission made while the inbox is open, without a reload', async () => {
      await page.getByRole('link', { name: '返回工单列表' }).click();
      // Back to the same filtered view, then all tickets.
      await page.waitForURL((url) => url.searchParams.get('overdue') === 'true');
      await page.getByRole('button', { name: '清除筛选' }).click();
      await expect.poll(() => page.locator('table.tickets tbody tr').count()).toBe(4);
      await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
      const rows = await page.locator('table.tickets tbody tr').count();
      await reporter.ticket(suggestion('希望增加发票下载功能（新）<img src=x onerror="window.pwned=1"><b>加粗</b>'));
      await page.getByText('希望增加发票下载功能（新）').waitFor({ timeout: 20_000 });
      expect(await page.locator('table.tickets tbody tr').count()).toBe(rows + 1);
      // What a reporter typed is text, never markup.
      const row = page.locator('tr', { hasText: '希望增加发票下载功能（新）' });
      expect(await row.textContent()).toContain('<b>加粗</b>');
      expect(await row.locator('img, b').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    });

    it('exports the current filter as CSV with phone numbers masked', async () => {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出 CSV' }).click();
      const csv = readFileSync((await (await download).path())!, 'utf8');
      expect(csv).toContain(MASKED_PHONE);
      expect(csv).not.toContain('13912345678');
      // A header and the five tickets of the unfiltered view.
      expect(csv.split('\n').filter((line) => line.trim()).length).toBe(6);
    });

    it('draws the dashboard charts from real stats', async () => {
      // The resolved complaint rated 4 stars: the satisfaction chart has a bar to draw.
      expect((await reporter.post(`/v1/tickets/${paymentId}/rating`, { score: 4 })).status).toBe(200);
      await page.getByRole('link', { name: '看板' }).click();
      await page.locator('.chart canvas').first().waitFor();
      expect(await page.locator('.stat').first().textContent()).toContain('5');
      // Pixels of a chart that carry a series colour (not blank, not only the grid or the axes).
      const inked = (chart: string) =>
        page.locator(`${chart} canvas`).evaluate((canvas: HTMLCanvasElement) => {
          const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
          let coloured = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 200 && Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 60) coloured++;
          return coloured;
        });
      expect(await inked('.chart:not(.csat-chart)')).toBeGreaterThan(20);
      // The satisfaction distribution: one 4-star rating, drawn and described.
      const csat = page.locator('.csat-chart');
      await csat.locator('canvas').waitFor();
      expect(await csat.getAttribute('aria-label')).toBe('共 1 条评价：1 星 0 条，2 星 0 条，3 星 0 条，4 星 1 条，5 星 0 条');
      expect(await inked('.csat-chart')).toBeGreaterThan(20);
      expect(await page.locator('.week').first().textContent()).toContain('本周');
      await shot('dashboard');
      expect(await axeProblems(page)).toEqual([]);
    });

    it('saves a form change that reaches /v1/config with a new version', async () => {
      const before = await new Client(server.url).get('/v1/config');
      await page.getByRole('link', { name: '设置' }).click();
      // Renamed in the categories table, which writes the form's JSON.
      await page.getByLabel('payment 中文').fill('支付与退款');
      expect(await page.locator('#form-json').inputValue()).toContain('支付与退款');
      await page.locator('#form-h').locator('..').getByRole('button', { name: '保存' }).click();
      await expect.poll(() => page.locator('#form-h').locator('..').getByRole('status').textContent()).toBe('已保存');
      const after = await new Client(server.url).get('/v1/config');
      expect(after.body.form.version).toBeGreaterThan(before.body.form.version);
      expect(JSON.stringify(after.body.form)).toContain('支付与退款');
      await shot('settings');
      expect(await axeProblems(page)).toEqual([]);
    });

    it('edits a category\'s sub-types and shown fields in the structured editor, by keyboard; /v1/config has them with a new version', async () => {
      const before = await new Client(server.url).get('/v1/config');
      const rules = page.locator('.category-rules');
      await page.getByLabel('编辑分类').selectOption('payment');
      expect(await rules.locator('table.subtypes').textContent()).toContain('unexpected_charge');
      // The only category showing the amount cannot drop it here (that is removing the field).
      expect(await rules.getByRole('checkbox', { name: /交易金额/ }).isDisabled()).toBe(true);
      // Enter in the new sub-type's boxes adds it; it does not save the whole form.
      await page.getByLabel('新子类型取值').fill('wrong_amount');
      await page.getByLabel('新子类型中文名').fill('扣款金额不对');
      await page.getByLabel('新子类型中文名').press('Enter');
      await rules.getByLabel('子类型 wrong_amount 中文').waitFor();
      // A value another sub-type has is refused, with the reason.
      await page.getByLabel('新子类型取值').fill('refund');
      expect(await rules.locator('.field-error').textContent()).toBe('这个取值已被使用');
      expect(await rules.getByRole('button', { name: '添加子类型' }).isDisabled()).toBe(true);
      await page.getByLabel('新子类型取值').fill('');
      await rules.getByLabel('子类型 invoice 中文').fill('发票与收据');
      await rules.getByRole('button', { name: '删除子类型 duplicate_charge' }).press('Enter');
      await expect.poll(() => rules.getByLabel('子类型 duplicate_charge 中文').count()).toBe(0);
      // The amount field shows for 服务问题 too.
      await page.getByLabel('编辑分类').selectOption('service');
      await rules.getByRole('checkbox', { name: /交易金额/ }).press('Space');
      expect(await rules.getByRole('checkbox', { name: /交易金额/ }).isChecked()).toBe(true);
      expect(await page.locator('#form-json').inputValue()).toContain('wrong_amount');
      await shot('settings-form-editor');
      expect(await axeProblems(page)).toEqual([]);
      await page.locator('#form-h').locator('..').getByRole('button', { name: '保存' }).click();

      const config = async () => (await new Client(server.url).get('/v1/config')).body;
      await expect.poll(async () => (await config()).form.version).toBeGreaterThan(before.body.form.version);
      const form = (await config()).form as { fields: { id: string; visibleWhen?: unknown; options?: { value: string; label: Record<string, string>; visibleWhen?: unknown }[] }[] };
      const subtypes = form.fields.find((field) => field.id === 'subtypes')!.options!;
      expect(subtypes.find((option) => option.value === 'wrong_amount')).toEqual({
        value: 'wrong_amount',
        label: { 'zh-CN': '扣款金额不对' },
        visibleWhen: { field: 'category', in: ['payment'] },
      });
      expect(subtypes.find((option) => option.value === 'invoice')!.label['zh-CN']).toBe('发票与收据');
      expect(subtypes.some((option) => option.value === 'duplicate_charge')).toBe(false);
      expect(form.fields.find((field) => field.id === 'amount')!.visibleWhen).toEqual({ field: 'category', in: ['payment', 'service'] });
    });

    it('records a complaint taken by phone as a new ticket', async () => {
      await page.getByRole('link', { name: '新建工单' }).click();
      await page.getByLabel('来源').selectOption('phone');
      await page.getByLabel('问题类型 *').selectOption('suggestion');
      await page.getByLabel('问题描述 *').fill('用户来电：希望订单列表可以按金额排序');
      await page.getByLabel('电话', { exact: true }).fill('13700137000');
      await page.getByRole('button', { name: '创建工单' }).click();
      await page.waitForURL('**/console/tickets/**');
      await page.locator('.facts').waitFor();
      expect(await page.locator('.facts').textContent()).toContain('电话');
      expect(await page.locator('h1').textContent()).toContain('希望订单列表可以按金额排序');
      await shot('new-ticket-created');
    });

    it('answers r in the inbox by opening the selected ticket at the reply box', async () => {
      await page.getByRole('link', { name: '工单', exact: true }).click();
      await page.locator('table.tickets tbody tr').first().waitFor();
      await page.locator('h1').click();
      await page.keyboard.press('j');
      await page.keyboard.press('r');
      await page.waitForURL((url) => url.pathname.includes('/console/tickets/') && url.searchParams.has('reply'));
      await expect.poll(() => page.evaluate(() => document.activeElement && document.activeElement.id)).toBe('reply');
    });

    it('offers a similar recent ticket as related and merges a duplicate into it', async () => {
      const duplicate = await reporter.ticket(
        paymentSubmission({ answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '199.00', description: '支付失败了，但是银行卡被扣款了 199 元，请尽快处理' } }),
      );
      await page.goto(`${server.url}/console/tickets/${duplicate}`);
      const related = page.locator('.related li', { has: page.locator(`a[href="/console/tickets/${paymentId}"]`) });
      await related.waitFor();
      await related.getByRole('button', { name: '合并为重复' }).click();
      await page.getByRole('link', { name: `本工单是 ${paymentId} 的重复` }).waitFor();
      await expect.poll(() => page.locator('.ticket-head .tag').first().textContent()).toBe('已解决');
      expect(await page.locator('.timeline').textContent()).toContain(`已合并到 ${paymentId}`);
    });

    it('adopts a suggestion with a note by keyboard: the timeline has it (已采纳) and the action is gone', async () => {
      await page.goto(`${server.url}/console/tickets/${suggestionId}`);
      const adoptNote = page.getByLabel('采纳说明（可选，仅内部可见）');
      await adoptNote.focus();
      await page.keyboard.type('已排入下个版本，发 50 积分');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement && document.activeElement.textContent)).toBe('采纳');
      await page.keyboard.press('Enter');
      await page.locator('.timeline .event-adopted').waitFor();
      expect(await page.locator('.timeline .event-adopted').textContent()).toContain('已采纳');
      expect(await page.locator('.timeline .event-adopted').textContent()).toContain('已排入下个版本，发 50 积分');
      expect(await page.getByRole('button', { name: '采纳', exact: true }).count()).toBe(0);
      expect(await page.locator('#adopt-h').locator('..').textContent()).toContain('这条反馈已采纳');
      const admin = new Client(server.url, OPERATOR_TOKEN);
      const detail = await admin.get(`/v1/admin/tickets/${suggestionId}`);
      const adoptions = detail.body.timeline.filter((event: { type: string }) => event.type === 'adopted');
      expect(adoptions).toEqual([expect.objectContaining({ type: 'adopted', note: '已排入下个版本，发 50 积分' })]);
      // Once only: the API refuses a second adoption, and the reporter never sees the internal event.
      expect((await admin.post(`/v1/admin/tickets/${suggestionId}/adopt`, {})).status).toBe(409);
      expect((await reporter.get(`/v1/tickets/${suggestionId}`)).body.timeline.some((event: { type: string }) => event.type === 'adopted')).toBe(false);
      await shot('detail-adopted');
      expect(await axeProblems(page)).toEqual([]);
    });

    it('shows an open spike alert above the inbox: publishes its notice to /v1/config, then closes it, withdrawing the notice', async () => {
      // The spike itself is detected by the server's check (packages/server/tests/suites/alerts.ts); here it is in the store already.
      const alert = { id: 'al_01kbconsolee2e00000000000', kind: 'category' as const, subject: 'payment', status: 'open' as const, count: 12, baseline: 0.5, windowMinutes: 30 };
      await server.store.openAlert({ ...alert, openedAt: new Date().toISOString(), closedAt: null, closedBy: null, notice: null, noticePublishedAt: null, noticePublishedBy: null });
      await page.goto(`${server.url}/console/`);
      const banner = page.getByRole('region', { name: '集中反馈提醒' });
      await banner.waitFor();
      // The category's label as the settings name it now (an earlier step renamed 支付问题); the
      // banner can render before the form's labels arrive, showing the id for a moment.
      await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toMatch(/支付与退款：30 分钟内 12 条/);
      await banner.getByLabel('给用户的公告（显示在反馈表单上方）').fill('支付通道异常，正在修复，已扣款项将自动退回');
      await banner.getByRole('button', { name: '发布公告' }).click();
      await expect.poll(() => banner.textContent()).toContain('已发布：支付通道异常，正在修复，已扣款项将自动退回');
      const apps = new Client(server.url);
      expect((await apps.get('/v1/config')).body.notices).toEqual([{ id: alert.id, category: 'payment', text: '支付通道异常，正在修复，已扣款项将自动退回' }]);
      await shot('inbox-alert');
      expect(await axeProblems(page)).toEqual([]);
      await banner.getByRole('button', { name: '关闭提醒' }).click();
      await expect.poll(() => page.getByRole('region', { name: '集中反馈提醒' }).count()).toBe(0);
      expect((await apps.get('/v1/config')).body.notices).toBeUndefined();
      expect((await new Client(server.url, OPERATOR_TOKEN).get(`/v1/admin/alerts?status=closed`)).body.items[0]).toMatchObject({ id: alert.id, closedBy: '客服小王' });
    });

    it('creates an operator token that works at once, shows it once, and revokes it', async () => {
      await page.getByRole('link', { name: '设置' }).click();
      await page.getByLabel('名称').fill('夜班客服');
      await page.getByRole('button', { name: '创建令牌' }).click();
      const token = (await page.locator('code.secret').textContent())!.trim();
      const night = new Client(server.url, token);
      expect((await night.get('/v1/admin/session')).body.operator.name).toBe('夜班客服');
      await page.getByRole('button', { name: '吊销 夜班客服' }).click();
      await expect.poll(async () => (await night.get('/v1/admin/session')).status).toBe(401);
      await page.setViewportSize({ width: 820, height: 1180 });
      await shot('settings-tablet');
      await page.setViewportSize({ width: 1280, height: 860 });
    });

    it('saves teams and routing in Settings, routes new tickets by them, filters the inbox by team (in the URL) and reassigns a ticket', async () => {
      await page.getByRole('link', { name: '设置' }).click();
      const section = page.locator('#routing-h').locator('..');
      await section.getByRole('button', { name: '添加团队' }).click();
      await section.getByLabel('团队标识 1').fill('risk');
      await section.getByLabel('团队名称 1').fill('风控');
      await section.getByRole('group', { name: '成员 · 风控' }).getByLabel('客服小王').check();
      await section.getByRole('button', { name: '添加团队' }).click();
      await section.getByLabel('团队标识 2').fill('product');
      await section.getByLabel('团队名称 2').fill('产品');
      await section.getByRole('button', { name: '添加分发规则' }).click();
      await section.getByLabel('分发规则 1 分类').selectOption('payment');
      await section.getByLabel('分发规则 1 分给').selectOption('risk');
      await section.getByLabel('默认团队').selectOption('product');
      await section.getByRole('button', { name: '保存' }).click();
      await expect.poll(() => section.getByRole('status').textContent()).toBe('已保存');
      await shot('settings-routing');
      await section.screenshot({ path: join(ARTIFACTS, `${storeName}-settings-routing-section.png`) });
      expect(await axeProblems(page)).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      await section.screenshot({ path: join(ARTIFACTS, `${storeName}-settings-routing-section-phone.png`) });
      await page.setViewportSize({ width: 1280, height: 860 });

      const routed = await reporter.ticket(paymentSubmission());
      const other = await reporter.ticket(suggestion('希望订单可以加入收藏夹'));
      await page.getByRole('link', { name: '工单', exact: true }).click();
      await page.getByLabel('团队').selectOption('risk');
      await expect.poll(() => new URL(page.url()).searchParams.get('team')).toBe('risk');
      await page.locator(`tr[data-ticket="${routed}"]`).waitFor();
      expect(await page.locator(`tr[data-ticket="${other}"]`).count()).toBe(0);
      expect(await page.locator(`tr[data-ticket="${routed}"]`).textContent()).toContain('风控');
      // 客服小王 is in 风控 only: 我的团队 is the same queue.
      await page.getByLabel('团队').selectOption('mine');
      await expect.poll(() => new URL(page.url()).searchParams.get('team')).toBe('mine');
      await page.locator(`tr[data-ticket="${routed}"]`).waitFor();
      expect(await page.locator(`tr[data-ticket="${other}"]`).count()).toBe(0);
      await shot('inbox-team');
      expect(await axeProblems(page)).toEqual([]);

      await page.locator(`tr[data-ticket="${routed}"] a`).click();
      await page.waitForURL(`**/console/tickets/${routed}`);
      await page.getByRole('combobox', { name: /^团队/ }).selectOption('product');
      await expect.poll(() => page.locator('.timeline').textContent()).toContain('团队：风控 → 产品');
      const admin = new Client(server.url, OPERATOR_TOKEN);
      expect((await admin.get(`/v1/admin/tickets/${routed}`)).body.team).toBe('product');
      expect((await admin.get(`/v1/admin/tickets/${other}`)).body.team).toBe('product');
      await page.setViewportSize({ width: 390, height: 844 });
      await shot('detail-team-phone');
      expect(await axeProblems(page)).toEqual([]);
      await page.setViewportSize({ width: 1280, height: 860 });
    });

    it('ran without a CSP violation or a page error', () => {
      expect(problems).toEqual([]);
    });
  });
}

import { mkdirSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/example-app';
import { CHROMIUM_HINT, ensureChromium } from '../support/chromium';
import { eventually, operator, pageShot, startExampleH5, type ExampleH5 } from '../support/journey';
import { axeProblems } from './support/console-journey';

/**
 * The known-issue notice in the Taro example's H5 build, in a real headless Chromium: a burst
 * of payment complaints makes the real server open alerts, an operator publishes a notice on
 * the keyword's alert (no category: shown above the form whatever is chosen), the form shows
 * it on a phone, "我知道了" hides it and is counted as a deflection, and once the alert is
 * closed a fresh start of the form shows none. Screenshots go to artifacts/e2e/notice-*.png
 * (gitignored): look at them when this changes.
 *
 * Needs the built packages (`npm test` builds first). Under CI a missing Chromium fails.
 */
const chromiumPath = ensureChromium();
if (!chromiumPath) console.warn(`skipping the known-issue notice end-to-end test: ${CHROMIUM_HINT}`);

const OPERATOR_TOKEN = 'e2e-notice-operator-token-0123456789';
const ARTIFACTS = join(ROOT, 'artifacts/e2e');
const NOTICE = '支付通道异常，正在修复，已扣款项将自动退回';
const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 640 },
];

interface Alert {
  id: string;
  kind: string;
  subject: string;
}

describe.skipIf(!chromiumPath)('the known-issue notice in the Taro example app (H5)', () => {
  let example: ExampleH5 | undefined;
  const admin = operator(() => example!.server.url, OPERATOR_TOKEN);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    example = await startExampleH5({
      chromiumPath: chromiumPath!,
      operator: { name: '客服小王', token: OPERATOR_TOKEN },
      label: 'e2e-notice',
      serverConfig: { alerts: { checkIntervalSeconds: 0.2, minCount: 3 } },
    });
  }, 360_000);

  afterAll(() => example?.close());

  it('shows the notice above the form at phone size, hides it on 我知道了 (a deflection), and drops it once the alert is closed', async () => {
    const { server, app, page, problems } = example!;
    // Three reporters hit the same payment problem within minutes.
    for (let index = 0; index < 3; index += 1) {
      const response = await fetch(`${server.url}/v1/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${randomBytes(32).toString('hex')}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          submissions: [{
            id: randomUUID(),
            createdAt: new Date().toISOString(),
            form: { id: 'feedback', version: 1 },
            answers: { category: 'payment', subtypes: ['payment_failed'], description: `下单时支付失败，试了 ${index + 2} 次` },
            context: { platform: 'h5', sdkVersion: '0.1.0' },
            consent: { contact: false },
            attachments: [],
          }],
        }),
      });
      expect(response.status).toBe(200);
    }
    const keyword = await eventually(
      async () => {
        const { items } = await admin<{ items: Alert[] }>('GET', '/alerts?status=open');
        const found = items.find((alert) => alert.kind === 'keyword' && alert.subject === '支付失败');
        expect(found).toBeDefined();
        return found!;
      },
      10_000,
      'the spike alert on 支付失败',
    );
    await admin('POST', `/alerts/${keyword.id}/notice`, { text: NOTICE });

    await page.setViewportSize(PHONES[0]!);
    await page.goto(`${app.url}/#/pages/feedback/index`);
    const notice = page.getByRole('region', { name: '已知问题' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(NOTICE);
    // Above the form: its top is above the category picker's.
    const noticeBox = (await notice.boundingBox())!;
    const pickerBox = (await page.locator('.fankui-form .fankui-picker').first().boundingBox())!;
    expect(noticeBox.y + noticeBox.height).toBeLessThanOrEqual(pickerBox.y);
    // WCAG 2.1 A/AA with the notice on screen (its region, its button, its colours).
    expect(await axeProblems(page)).toEqual([]);
    for (const phone of PHONES) {
      await page.setViewportSize(phone);
      await page.waitForTimeout(100);
      // The notice fits the phone's width.
      const box = (await notice.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
      await pageShot(page, join(ARTIFACTS, `notice-${phone.width}.png`), 2400);
    }

    // 我知道了: hidden, recorded as a deflection on the server.
    await notice.getByRole('button', { name: '我知道了' }).click();
    await eventually(async () => expect(await page.getByRole('region', { name: '已知问题' }).count()).toBe(0), 5_000, 'the notice hiding');
    await eventually(
      async () => expect((await admin<{ deflections: number }>('GET', '/stats')).deflections).toBe(1),
      15_000,
      'the deflection reaching the server',
    );

    // Closed: a fresh start of the form brings a config without it.
    await admin('POST', `/alerts/${keyword.id}/close`, {});
    await page.reload();
    await page.locator('.fankui-form .fankui-picker').waitFor();
    await page.waitForTimeout(1_000); // the config arrives
    expect(await page.getByRole('region', { name: '已知问题' }).count()).toBe(0);
    expect(problems).toEqual([]);
  }, 90_000);
});

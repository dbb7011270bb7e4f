import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeMy } from '../packages/client/tests/support/fake-my';
import { createFakeTt } from '../packages/client/tests/support/fake-tt';
import { checkFile, ECMA_VERSION, formatFinding, scriptsUnder } from '../scripts/es-check';
import { buildForTest, filesUnder as files } from './support/example-build';
import { bootMiniProgram } from './support/mini-host';

/**
 * The Taro example (examples/taro-app) builds for Alipay and Douyin too, from the BUILT
 * packages, with Taro's platform plugins (4.2.0, the newest published, beside Taro 4.2.1):
 * a project each platform's IDE opens, ES2017 throughout like the weapp build, and an app
 * that starts on the host's API — the build runs in a `vm` over a faithful fake `my`/`tt`,
 * its feedback page renders and the Fankui client in it reaches the host's storage.
 */
const PAGES = ['pages/index/index', 'pages/mine/index', 'pages/feedback/index'];
const ENDPOINT = 'https://feedback.example.test';
/** Alipay and WeChat refuse a main package over 2 MB. */
const MAIN_PACKAGE_CAP = 2 * 1024 * 1024;

interface Tab {
  pagePath: string;
  label: string;
  icons: string[];
}

const PLATFORMS = {
  alipay: {
    template: '.axml',
    style: 'app.acss',
    /** The project file Alipay's IDE opens (from examples/taro-app/project.alipay.json). */
    project: 'mini.project.json',
    projectShape: { compileType: 'mini', compileOptions: { component2: true } },
    // Alipay's app.json: `tabBar.items` with `name`, `icon`, `activeIcon`.
    tabs: (app: any): Tab[] => app.tabBar.items.map((tab: any) => ({ pagePath: tab.pagePath, label: tab.name, icons: [tab.icon, tab.activeIcon] })),
    host: () => ({ global: 'my' as const, api: createFakeMy({ networkType: 'NOTREACHABLE' }) }),
  },
  tt: {
    template: '.ttml',
    style: 'app.ttss',
    /** The project file Douyin's IDE opens (from examples/taro-app/project.tt.json). */
    project: 'project.config.json',
    projectShape: { miniprogramRoot: './', compileType: 'miniprogram', appid: expect.any(String) },
    tabs: (app: any): Tab[] => app.tabBar.list.map((tab: any) => ({ pagePath: tab.pagePath, label: tab.text, icons: [tab.iconPath, tab.selectedIconPath] })),
    host: () => ({ global: 'tt' as const, api: createFakeTt({ networkType: 'none' }) }),
  },
} as const;

describe.each(Object.keys(PLATFORMS) as (keyof typeof PLATFORMS)[])('the Taro example app, built for %s', (target) => {
  const platform = PLATFORMS[target];
  const outDir = mkdtempSync(join(tmpdir(), `fankui-${target}-`));
  let scripts = '';

  beforeAll(async () => {
    ({ scripts } = await buildForTest(target, outDir, ENDPOINT));
  }, 300_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is a project the platform’s IDE opens', () => {
    expect(JSON.parse(readFileSync(join(outDir, platform.project), 'utf8'))).toMatchObject(platform.projectShape);
    for (const file of ['app.js', 'app.json', platform.style]) expect(existsSync(join(outDir, file)), file).toBe(true);
  });

  it(`parses at ES${ECMA_VERSION} and uses no newer built-in, in every .js (app, vendors, Taro runtime, pages)`, () => {
    const scriptFiles = scriptsUnder(outDir);
    for (const file of ['app.js', 'vendors.js', 'taro.js', 'runtime.js']) expect(scriptFiles, file).toContain(join(outDir, file));
    const findings = scriptFiles.flatMap(checkFile);
    console.log(`${target} output: ${scriptFiles.length} .js files checked at ES${ECMA_VERSION}`);
    expect(findings.map((finding) => formatFinding(finding, outDir)).join('\n')).toBe('');
  });

  it('lists the 首页, 我的 and feedback pages, with a tab bar whose icons exist, and emits each page', () => {
    const app = JSON.parse(readFileSync(join(outDir, 'app.json'), 'utf8'));
    expect(app.pages).toEqual(PAGES);
    const tabs = platform.tabs(app);
    expect(tabs.map((tab) => [tab.pagePath, tab.label])).toEqual([
      ['pages/index/index', '首页'],
      ['pages/mine/index', '我的'],
    ]);
    for (const icon of tabs.flatMap((tab) => tab.icons)) expect(existsSync(join(outDir, icon)), icon).toBe(true);
    for (const page of PAGES) for (const ext of ['.js', '.json', platform.template]) expect(existsSync(join(outDir, page + ext)), page + ext).toBe(true);
  });

  it('bundles the Fankui components and the client over Taro with the configured endpoint, and no fetch transport', () => {
    for (const name of ['fankui-entry', 'fankui-form', 'fankui-tracker']) expect(scripts, name).toContain(name);
    for (const text of ['已收到，正在处理中', ENDPOINT, '/v1/submissions', '/v1/tickets']) expect(scripts, text).toContain(text);
    expect(scripts).not.toContain('beforeRetry');
    const bytes = files(outDir).reduce((sum, file) => sum + statSync(file).size, 0);
    console.log(`${target} output: ${(bytes / 1024).toFixed(0)} KB`);
    expect(bytes).toBeLessThan(MAIN_PACKAGE_CAP);
  });

  it('starts on the host’s API: the feedback page renders, and the client in it keeps its state in the host’s storage', async () => {
    const { global, api } = platform.host();
    const host = bootMiniProgram(outDir, global, api);
    const page = host.openPage('pages/feedback/index');
    const text = await page.rendered((json) => json.includes('提交反馈') && json.includes('我的反馈'));
    expect(text).toContain('fankui-');
    await expect.poll(() => [...api.storage.keys()].some((key) => key.startsWith('fankui:'))).toBe(true);
    expect(host.errors).toEqual([]);
  });
});

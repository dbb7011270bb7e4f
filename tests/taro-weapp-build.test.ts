import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile, ECMA_VERSION, formatFinding, scriptsUnder } from '../scripts/es-check';
import { buildForTest, filesUnder as files } from './support/example-build';

/**
 * The Taro example (examples/taro-app) builds for WeChat, from the BUILT packages (as an
 * app that installed them would): a mini-program project WeChat DevTools can open, with
 * its pages and the Fankui components in it. `npm test` builds the packages first.
 */
const PAGES = ['pages/index/index', 'pages/mine/index', 'pages/feedback/index'];
const ENDPOINT = 'https://feedback.example.test';
/** WeChat refuses a main package over 2 MB. */
const MAIN_PACKAGE_CAP = 2 * 1024 * 1024;

describe('the Taro example app, built for weapp', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'fankui-weapp-'));
  let scripts = '';

  beforeAll(async () => {
    ({ scripts } = await buildForTest('weapp', outDir, ENDPOINT));
  }, 300_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('is a mini-program project WeChat DevTools can open, with the settings a team uses', () => {
    const project = JSON.parse(readFileSync(join(outDir, 'project.config.json'), 'utf8')) as Record<string, unknown>;
    expect(project).toMatchObject({ miniprogramRoot: './', compileType: 'miniprogram' });
    expect(project.appid).toEqual(expect.any(String));
    // DevTools' own ES6→ES5 and enhanced compilation, style completion and minification on
    // upload: a second line of defence behind the ES2017 output (docs/runtime.md).
    expect(project.setting).toMatchObject({ es6: true, enhance: true, postcss: true, minified: true });
    for (const file of ['app.js', 'app.json', 'app.wxss']) expect(existsSync(join(outDir, file)), file).toBe(true);
  });

  it(`parses at ES${ECMA_VERSION} and uses no newer built-in, in every .js (app, vendors, Taro runtime, pages)`, () => {
    const scriptFiles = scriptsUnder(outDir);
    for (const file of ['app.js', 'vendors.js', 'taro.js', 'runtime.js']) expect(scriptFiles, file).toContain(join(outDir, file));
    const findings = scriptFiles.flatMap(checkFile);
    console.log(`weapp output: ${scriptFiles.length} .js files checked at ES${ECMA_VERSION}`);
    expect(findings.map((finding) => formatFinding(finding, outDir)).join('\n')).toBe('');
  });

  it('lists the 首页, 我的 and feedback pages in app.json, with a tabBar, and emits each page', () => {
    type Tab = { pagePath: string; text: string; iconPath: string; selectedIconPath: string };
    const app = JSON.parse(readFileSync(join(outDir, 'app.json'), 'utf8')) as { pages: string[]; tabBar?: { list: Tab[] } };
    expect(app.pages).toEqual(PAGES);
    expect(app.tabBar?.list.map((tab) => [tab.pagePath, tab.text])).toEqual([
      ['pages/index/index', '首页'],
      ['pages/mine/index', '我的'],
    ]);
    for (const tab of app.tabBar!.list) {
      for (const icon of [tab.iconPath, tab.selectedIconPath]) expect(existsSync(join(outDir, icon)), icon).toBe(true);
    }
    for (const page of PAGES) {
      for (const ext of ['.js', '.json', '.wxml']) expect(existsSync(join(outDir, page + ext)), page + ext).toBe(true);
      expect(JSON.parse(readFileSync(join(outDir, `${page}.json`), 'utf8'))).toEqual(expect.any(Object));
    }
  });

  it('bundles the Fankui components, the client over Taro and the configured endpoint', () => {
    // What survives minification: class names, user-facing text, the endpoint, the routes.
    for (const name of ['fankui-entry', 'fankui-center', 'fankui-form', 'fankui-tracker', 'fankui-timeline']) expect(scripts, name).toContain(name);
    for (const text of ['已收到，正在处理中', '待发送', ENDPOINT, '/v1/submissions', '/v1/tickets']) expect(scripts, text).toContain(text);
    // Each page uses its component: the floating entry on 首页, the cell on 我的.
    const page = (name: string) => readFileSync(join(outDir, `${name}.js`), 'utf8');
    expect(page('pages/index/index')).toMatch(/["']floating["']/);
    expect(page('pages/mine/index')).toMatch(/["']cell["']/);
    // The components' stylesheet made it into the app's.
    expect(readFileSync(join(outDir, 'app.wxss'), 'utf8')).toContain('.fankui-entry');
  });

  it('carries roles and names to WeChat: every template that takes a tap binds aria-role and aria-label', () => {
    // Taro draws every node through generic templates (base.wxml), one per component and
    // attribute set, writing only the attributes they list: the example adds aria-* to them
    // with @tarojs/plugin-inject (config/a11y.ts). Without that, roles and names never reach
    // WeChat's screen reader.
    const wxml = readFileSync(join(outDir, 'base.wxml'), 'utf8');
    const elements = [...wxml.matchAll(/<([a-z-]+)\s([^>]*?)\s*>/g)].map(([, tag, attributes]) => ({ tag: tag!, attributes: attributes! }));
    // Taro binds a tap on every template; the ones Fankui makes controls are views (Tap) and
    // buttons (Action). Inputs, pickers, checkboxes, radios and labels are WeChat's own controls.
    const tappable = elements.filter(({ tag, attributes }) => (tag === 'view' || tag === 'button') && /\bbindtap="eh"/.test(attributes));
    expect(tappable.length).toBeGreaterThan(0);
    const lacking = tappable.filter(({ tag, attributes }) => {
      // Taro's bare "click-view" (class, style, tap and nothing else) serves only nodes with no
      // attribute at all; no Fankui control is one (packages/taro/src/a11y.test.tsx checks that).
      if (tag === 'view' && /^style="[^"]*" class="[^"]*" bindtap="eh"\s+id=/.test(attributes)) return false;
      // WeChat's <button> is a button to its screen reader: it needs a name, not a role.
      const needs = tag === 'button' ? ['aria-label'] : ['aria-role', 'aria-label'];
      return needs.some((attribute) => !new RegExp(`\\b${attribute}="\\{\\{i\\.\\w+\\}\\}"`).test(attributes));
    });
    expect(lacking.map(({ tag, attributes }) => `<${tag} ${attributes.slice(0, 120)}…>`)).toEqual([]);
    // Text boxes are named, and the states the components set reach the views.
    for (const tag of ['input', 'textarea']) {
      expect(elements.filter((element) => element.tag === tag).every(({ attributes }) => attributes.includes('aria-label="{{i.')), tag).toBe(true);
    }
    const view = elements.find(({ tag, attributes }) => tag === 'view' && attributes.includes('hover-class'))!;
    for (const state of ['aria-checked', 'aria-selected', 'aria-disabled', 'aria-expanded', 'aria-hidden']) expect(view.attributes, state).toContain(`${state}="{{i.`);
    // Dark mode: WeChat applies prefers-color-scheme (Fankui's dark defaults) only with darkmode,
    // and the bars' colours come from theme.json.
    const app = JSON.parse(readFileSync(join(outDir, 'app.json'), 'utf8')) as { darkmode?: boolean; themeLocation?: string };
    expect(app).toMatchObject({ darkmode: true, themeLocation: 'theme.json' });
    const theme = JSON.parse(readFileSync(join(outDir, 'theme.json'), 'utf8')) as Record<'light' | 'dark', Record<string, string>>;
    expect(Object.keys(theme.dark)).toEqual(Object.keys(theme.light));
    expect(readFileSync(join(outDir, 'app.wxss'), 'utf8')).toMatch(/prefers-color-scheme:\s*dark/);
    // And the components set them: their roles are in the bundle.
    for (const role of ['"aria-role"', '"radio"', '"tab"', '"combobox"']) expect(scripts, role).toContain(role);
  });

  it('ships no fetch transport (mini-programs have no fetch) and fits a main package', () => {
    // The H5 build's ky-based client is compiled out of the weapp build.
    expect(scripts).not.toContain('beforeRetry');
    const bytes = files(outDir).reduce((sum, file) => sum + statSync(file).size, 0);
    console.log(`weapp output: ${(bytes / 1024).toFixed(0)} KB`);
    expect(bytes).toBeLessThan(MAIN_PACKAGE_CAP);
  });
});

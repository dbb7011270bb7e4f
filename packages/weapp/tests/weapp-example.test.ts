/**
 * examples/weapp-native as a team gets it: a copy of the example, its packages laid out by
 * scripts/build-npm.mjs the way DevTools' 构建 npm does, then checked file by file (every
 * page, every usingComponents path, the tab bar's icons, the dark theme) and run: app.js
 * with WeChat's module lookup hands the client over, and the pages render in
 * miniprogram-simulate with the official WXML compiler over the faithful `wx` fake.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import simulate, { type LoadOptions } from 'miniprogram-simulate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFile, formatFinding, scriptsUnder } from '../../../scripts/es-check';
import { window } from './support/dom';
import { DIST, settle, useFakeWx } from './support/simulate';

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const EXAMPLE = join(REPO, 'examples/weapp-native');
const nodeRequire = createRequire(import.meta.url);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

const wx = useFakeWx();
let project = '';
let build: ReturnType<typeof spawnSync>;

beforeAll(() => {
  // Inside the repo, so the script finds node_modules/@fankui/weapp as an installed app would.
  mkdirSync(join(REPO, '.tmp'), { recursive: true });
  project = mkdtempSync(join(REPO, '.tmp/weapp-example-'));
  cpSync(EXAMPLE, project, { recursive: true, filter: (source) => !/[/\\](miniprogram_npm|node_modules)$/.test(source) });
  build = spawnSync(process.execPath, [join(project, 'scripts/build-npm.mjs')], { cwd: project, encoding: 'utf8' });
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));

/** The app's own files (not what 构建 npm brings, not the Node-side scripts). */
const appFiles = () =>
  filesUnder(project).filter((file) => !/^(miniprogram_npm|scripts|node_modules)[/\\]/.test(relative(project, file)));

/**
 * Where WeChat finds a usingComponents path written in `jsonFile`: `/x` from the
 * miniprogramRoot, `./x` `../x` beside the file, anything else in the nearest
 * miniprogram_npm up from the file (then beside it).
 */
function resolveComponent(jsonFile: string, path: string): string {
  if (path.startsWith('/')) return join(project, path);
  if (path.startsWith('.')) return join(dirname(jsonFile), path);
  for (let dir = dirname(jsonFile); dir.startsWith(project); dir = dirname(dir)) {
    const candidate = join(dir, 'miniprogram_npm', path);
    if (existsSync(`${candidate}.json`)) return candidate;
  }
  return join(dirname(jsonFile), path);
}

/**
 * Runs one of the app's own files as WeChat does: `require('@fankui/weapp')` is
 * miniprogram_npm/@fankui/weapp/index.js (loaded with Node's require, so the components
 * simulate loads share its module instance), a relative path is the app's file.
 */
function runAppFile(file: string, globals: Record<string, unknown>): unknown {
  const module = { exports: {} as unknown };
  const requireLikeWeChat = (spec: string): unknown => {
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const target = spec.startsWith('/') ? join(project, spec) : resolve(dirname(file), spec);
      return runAppFile(target.endsWith('.js') ? target : `${target}.js`, globals);
    }
    const base = join(project, 'miniprogram_npm', spec);
    const target = existsSync(`${base}.js`) ? `${base}.js` : join(base, 'index.js');
    if (!existsSync(target)) throw new Error(`require('${spec}') from ${relative(project, file)}: no ${relative(project, target)} (构建 npm)`);
    return nodeRequire(target);
  };
  const names = Object.keys(globals);
  new Function('require', 'module', 'exports', ...names, readFileSync(file, 'utf8'))(requireLikeWeChat, module, module.exports, ...names.map((name) => globals[name]));
  return module.exports;
}

/** The jsdom node under a rendered page (the harness declares no DOM lib). */
interface DomNode {
  readonly tagName: string;
  readonly firstElementChild: DomNode | null;
  readonly lastElementChild: DomNode | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}
const domOf = (mounted: { dom: unknown }) => mounted.dom as DomNode;

/** Loads a page of the copy with the official compiler, npm paths resolved as WeChat does. */
function mountPage(page: string) {
  const jsonFile = join(project, `${page}.json`);
  const usingComponents = Object.fromEntries(
    Object.entries((readJson(jsonFile).usingComponents ?? {}) as Record<string, string>).map(([tag, path]) => [tag, `/${relative(project, resolveComponent(jsonFile, path))}`]),
  );
  // miniprogram-simulate takes usingComponents overrides (its own lookup knows no miniprogram_npm).
  const options: LoadOptions & { usingComponents: Record<string, string> } = { compiler: 'official', rootPath: project, usingComponents };
  const id = simulate.load(join(project, page), 'page', options);
  const rendered = simulate.render(id);
  rendered.attach(window.document.createElement('parent-wrapper'));
  return rendered;
}

describe('examples/weapp-native, after 构建 npm', () => {
  it('scripts/build-npm.mjs copies @fankui/weapp\'s miniprogram_dist to miniprogram_npm/@fankui/weapp, file for file', () => {
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(build.stdout).toContain('miniprogram_npm/@fankui/weapp ← ');
    const target = join(project, 'miniprogram_npm/@fankui/weapp');
    const shipped = filesUnder(DIST).map((file) => relative(DIST, file)).sort();
    expect(filesUnder(target).map((file) => relative(target, file)).sort()).toEqual(shipped);
    for (const file of shipped) expect(readFileSync(join(target, file)).equals(readFileSync(join(DIST, file))), file).toBe(true);
    expect(shipped).toContain('index.js');
  });

  it('project.config.json: the miniprogramRoot holds app.json; the settings a team ships with (runtime floor, ES5 compile, postcss, minify)', () => {
    const config = readJson(join(project, 'project.config.json'));
    expect(existsSync(join(project, config.miniprogramRoot, 'app.json'))).toBe(true);
    expect(config.compileType).toBe('miniprogram');
    expect(config.setting).toMatchObject({ es6: true, enhance: true, postcss: true, minified: true });
    const [major, minor, patch] = String(config.libVersion).split('.').map(Number);
    expect(major! * 1e6 + minor! * 1e3 + patch!, 'debug on the supported floor, docs/runtime.md').toBeGreaterThanOrEqual(2_020_002);
    // The Node-side scripts and notes stay out of the uploaded package.
    expect(config.packOptions.ignore).toEqual(expect.arrayContaining([{ type: 'folder', value: 'scripts' }, { type: 'file', value: 'README.md' }]));
  });

  it('app.json: every page has its .js/.json/.wxml/.wxss; a tab bar 首页 / 我的 with 81×81 PNG icons in both themes; darkmode with theme.json; sitemap', () => {
    const app = readJson(join(project, 'app.json'));
    expect(app.pages).toEqual(expect.arrayContaining(['pages/index/index', 'pages/mine/index', 'pages/feedback/index', 'pages/tickets/index']));
    for (const page of app.pages as string[]) for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(existsSync(join(project, `${page}.${ext}`)), `${page}.${ext}`).toBe(true);
    expect(app.tabBar.list.map((tab: { text: string; pagePath: string }) => [tab.text, tab.pagePath])).toEqual([['首页', 'pages/index/index'], ['我的', 'pages/mine/index']]);
    expect(existsSync(join(project, app.sitemapLocation))).toBe(true);

    expect(app.darkmode).toBe(true);
    const theme = readJson(join(project, app.themeLocation));
    const variables = JSON.stringify(app).match(/"@\w+"/g)!.map((name) => name.slice(2, -1));
    expect(variables.length).toBeGreaterThan(8);
    for (const scheme of ['light', 'dark']) {
      for (const name of variables) expect(theme[scheme][name], `${scheme}.${name}`).toBeTruthy();
      for (const tab of app.tabBar.list) {
        for (const icon of [tab.iconPath, tab.selectedIconPath]) {
          const png = readFileSync(join(project, theme[scheme][icon.slice(1)]));
          expect(png.subarray(1, 4).toString('latin1'), icon).toBe('PNG');
          expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([81, 81]);
        }
      }
    }
    expect(theme.dark.iconHome).not.toBe(theme.light.iconHome);
  });

  it('every usingComponents path resolves to a built component (.js, .json with component: true, .wxml, .wxss)', () => {
    const jsonFiles = filesUnder(project).filter((file) => file.endsWith('.json') && !/^(scripts|node_modules)[/\\]/.test(relative(project, file)));
    let checked = 0;
    const used = new Set<string>();
    for (const jsonFile of jsonFiles) {
      const components = (readJson(jsonFile).usingComponents ?? {}) as Record<string, string>;
      for (const [tag, path] of Object.entries(components)) {
        const base = resolveComponent(jsonFile, path);
        const where = `${relative(project, jsonFile)}: "${tag}": "${path}" → ${relative(project, base)}`;
        for (const ext of ['js', 'json', 'wxml', 'wxss']) expect(existsSync(`${base}.${ext}`), `${where}.${ext} missing`).toBe(true);
        expect(readJson(`${base}.json`).component, where).toBe(true);
        if (!relative(project, jsonFile).startsWith('miniprogram_npm')) used.add(tag);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    // The example shows every Fankui component.
    expect([...used].sort()).toEqual(['fankui-entry', 'fankui-form', 'fankui-tracker']);
  });

  it('the example\'s own .js and everything 构建 npm put beside it parse at ES2017 with no newer built-in', () => {
    const files = [...appFiles().filter((file) => file.endsWith('.js')), ...scriptsUnder(join(project, 'miniprogram_npm'))];
    expect(files.map((file) => relative(project, file))).toEqual(expect.arrayContaining(['app.js', 'config.js', 'pages/mine/index.js', 'miniprogram_npm/@fankui/weapp/index.js']));
    const findings = files.flatMap(checkFile);
    expect(findings.map((finding) => formatFinding(finding, project)).join('\n')).toBe('');
  });

  it('app.js requires @fankui/weapp from miniprogram_npm and configures the client before App()', () => {
    let appOptions: unknown;
    runAppFile(join(project, 'app.js'), { App: (options: unknown) => (appOptions = options), wx: wx.current });
    expect(appOptions).toBeDefined();
    const weapp = nodeRequire(join(project, 'miniprogram_npm/@fankui/weapp/index.js'));
    const context = weapp.fankuiContext();
    expect(context.feedbackUrl).toBe('/pages/feedback/index');
    expect(typeof context.client.submit).toBe('function');
    weapp.resetConfiguration();
  });

  describe('its pages, in miniprogram-simulate', () => {
    const startApp = () => runAppFile(join(project, 'app.js'), { App: () => undefined, wx: wx.current });
    const stopApp = () => nodeRequire(join(project, 'miniprogram_npm/@fankui/weapp/index.js')).resetConfiguration();

    it('我的 lists 反馈与投诉 as its last cell; a tap opens the feedback page', async () => {
      startApp();
      const page = mountPage('pages/mine/index');
      await settle();
      const cells = domOf(page).querySelector('wx-view[class$="demo-cells"]')!;
      expect(cells.lastElementChild!.tagName.toLowerCase()).toBe('fankui-entry');
      const entry = page.querySelector('#feedback-entry')!;
      expect(entry.querySelector('.fankui-entry--cell')).toBeDefined();
      expect((entry.querySelector('.fankui-entry__title')!.dom.textContent ?? '').trim()).toBe('反馈与投诉');
      expect(entry.data.ariaLabel).toBe('反馈与投诉');
      entry.querySelector('.fankui-entry')!.dispatchEvent('tap', { detail: { x: 10, y: 10 } });
      await settle();
      expect(wx.current.calls).toContainEqual({ api: 'navigateTo', options: { url: '/pages/feedback/index' } });
      stopApp();
    });

    it('首页 floats the entry, which shows 待发送 (1) once a submission waits offline', async () => {
      wx.current.setNetwork('none');
      startApp();
      const page = mountPage('pages/index/index');
      await settle();
      const entry = page.querySelector('#feedback-entry')!;
      expect(entry.querySelector('.fankui-entry--floating')).toBeDefined();
      const { client } = nodeRequire(join(project, 'miniprogram_npm/@fankui/weapp/index.js')).fankuiContext();
      await client.submit({ category: 'payment', subtypes: ['payment_failed'], description: '支付失败但是被扣款了' });
      await settle();
      expect((entry.querySelector('.fankui-badge')!.dom.textContent ?? '').trim()).toBe('待发送 (1)');
      stopApp();
    });

    for (const page of ['pages/feedback/index', 'pages/tickets/index']) {
      it(`${page} renders every Fankui component it uses`, async () => {
        startApp();
        const tags = Object.keys(readJson(join(project, `${page}.json`)).usingComponents ?? {});
        expect(tags.length).toBeGreaterThan(0);
        const rendered = mountPage(page);
        await settle();
        for (const tag of tags) {
          const hosts = Array.from(domOf(rendered).querySelectorAll(tag));
          expect(hosts.length, `<${tag}> in ${page}.wxml`).toBeGreaterThan(0);
          // Registered and rendered: its root node carries fankui-root (an unknown tag stays empty).
          for (const host of hosts) expect(host.firstElementChild?.getAttribute('class') ?? '', `<${tag}> rendered nothing`).toContain('fankui-root');
        }
        stopApp();
      });
    }
  });
});

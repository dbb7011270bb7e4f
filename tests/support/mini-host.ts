/**
 * Runs a BUILT mini-program (a Taro build's output folder) the way a host app loads it,
 * inside a Node `vm` context: the host's API global (`my` on Alipay, `tt` on Douyin — a
 * faithful fake), the framework globals `App`, `Page`, `Component`, `getApp`,
 * `getCurrentPages`, `requirePlugin`, and a CommonJS `require` over the output's files. It
 * answers "does this build start, and does a page render", not how it looks: the
 * templates (.axml/.ttml) are the host's to draw.
 *
 * @example
 * const host = bootMiniProgram(outDir, 'my', createFakeMy());
 * const page = host.openPage('pages/feedback/index');
 * await page.rendered((text) => text.includes('提交反馈'));
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import vm from 'node:vm';

type Lifecycle = Record<string, ((this: unknown, ...args: unknown[]) => unknown) | unknown>;

export interface MiniPage {
  /** Every `setData` payload, in order. */
  updates: Record<string, unknown>[];
  /** Resolves once the `setData` payloads so far, as JSON text, satisfy `test` (rejects after `timeoutMs`). */
  rendered(test: (text: string) => boolean, timeoutMs?: number): Promise<string>;
}

export interface MiniHost {
  /** What `App()` was given. */
  app: Lifecycle;
  /** Loads a page's script and runs its onLoad/onShow/onReady on a page instance that records `setData`. */
  openPage(route: string, query?: Record<string, string>): MiniPage;
  /** Errors the app reported through `console.error`. */
  errors: string[];
}

export function bootMiniProgram(dir: string, globalName: 'my' | 'tt', api: object): MiniHost {
  let app: Lifecycle | undefined;
  let registering = '';
  const pages = new Map<string, Lifecycle>();
  const stack: { route: string }[] = [];
  const errors: string[] = [];
  const sandbox: Record<string, unknown> = {
    [globalName]: api,
    // Both hosts' JS engines expose a navigator; Taro's runtime reads its userAgent.
    navigator: { userAgent: `Mozilla/5.0 (iPhone) ${globalName === 'my' ? 'AlipayClient/10.6.0' : 'aweme/30.1.0 ToutiaoMicroApp'}` },
    console: { log: () => undefined, info: () => undefined, debug: () => undefined, warn: () => undefined, error: (...args: unknown[]) => errors.push(args.map(String).join(' ')) },
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    App: (config: Lifecycle) => void (app = config),
    Page: (config: Lifecycle) => void pages.set(registering, config),
    Component: () => undefined,
    getApp: () => app,
    getCurrentPages: () => stack,
    requirePlugin: () => ({}),
  };
  sandbox.globalThis = sandbox;
  const context = vm.createContext(sandbox);
  const modules = new Map<string, { exports: unknown }>();
  const load = (file: string): unknown => {
    const path = normalize(file.endsWith('.js') ? file : `${file}.js`);
    const cached = modules.get(path);
    if (cached) return cached.exports;
    const module = { exports: {} };
    modules.set(path, module);
    const wrapper = vm.runInContext(`(function (require, module, exports) {${readFileSync(path, 'utf8')}\n})`, context, { filename: path }) as (
      require: (request: string) => unknown,
      module: { exports: unknown },
      exports: unknown,
    ) => void;
    wrapper((request) => load(join(dirname(path), request)), module, module.exports);
    return module.exports;
  };

  load(join(dir, 'app.js'));
  if (!app) throw new Error(`${dir}/app.js did not call App()`);
  const call = (target: Lifecycle, name: string, self: unknown, ...args: unknown[]) => {
    const method = target[name];
    if (typeof method === 'function') method.apply(self, args);
  };
  call(app, 'onLaunch', app, { path: 'pages/index/index', query: {} });
  call(app, 'onShow', app, { path: 'pages/index/index', query: {} });

  return {
    app,
    errors,
    openPage(route, query = {}) {
      registering = route;
      load(join(dir, `${route}.js`));
      const config = pages.get(route);
      if (!config) throw new Error(`${route}.js did not call Page()`);
      const updates: Record<string, unknown>[] = [];
      const instance = Object.assign(Object.create(config) as object, {
        route,
        data: {},
        setData(data: Record<string, unknown>, done?: () => void) {
          updates.push(data);
          if (done) setTimeout(done);
        },
      });
      stack.push(instance as { route: string });
      call(config, 'onLoad', instance, query);
      call(config, 'onShow', instance);
      call(config, 'onReady', instance);
      return {
        updates,
        rendered(test, timeoutMs = 5_000) {
          const started = Date.now();
          return new Promise((resolve, reject) => {
            const check = () => {
              const text = JSON.stringify(updates);
              if (test(text)) return resolve(text);
              if (Date.now() - started > timeoutMs) return reject(new Error(`${route} did not render as expected within ${timeoutMs} ms; errors: ${errors.join('; ') || 'none'}; setData: ${text.slice(0, 500)}`));
              setTimeout(check, 25);
            };
            check();
          });
        },
      };
    },
  };
}

import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import { a11yTemplates } from './a11y';

/**
 * Taro 4 (webpack5 runner) build configuration of the Fankui example app.
 *
 * Environment variables read at build time:
 * - FANKUI_ENDPOINT: base URL of the Fankui server the app talks to (default
 *   http://127.0.0.1:8787), baked into the bundle as the global `FANKUI_ENDPOINT`;
 * - FANKUI_DEMO_REPORTER: `npm run demo` only — a reporter secret the app uses so that
 *   "我的反馈" shows the tickets `fankui-server --seed-demo` created (default: none, each
 *   device gets its own identity);
 * - FANKUI_OUTPUT_ROOT: where to build (default dist/weapp and dist/h5, one per platform;
 *   the tests build elsewhere).
 */
const endpoint = process.env.FANKUI_ENDPOINT || 'http://127.0.0.1:8787';
const demoReporter = process.env.FANKUI_DEMO_REPORTER || '';

/**
 * Resolve the Fankui packages where an app that installed them from npm has them:
 * node_modules/@fankui/* (in this monorepo those are symlinks to packages/*). Taro
 * compiles packages under node_modules whose path mentions "taro" with its own Babel
 * preset, which on H5 turns `Taro.showToast(…)` in @fankui/taro into imports of the H5
 * APIs; through the symlink's real path it would not, and those calls would fail on H5.
 */
function resolveLikeAnInstall(chain: { resolve: { symlinks(value: boolean): unknown } }) {
  chain.resolve.symlinks(false);
}

export default defineConfig<'webpack5'>(() => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'fankui-example-taro-app',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: process.env.FANKUI_OUTPUT_ROOT || `dist/${process.env.TARO_ENV ?? 'weapp'}`,
    // Alipay and Douyin (tt) are Taro platform plugins; weapp and h5 are built in.
    plugins: ['@tarojs/plugin-platform-alipay', '@tarojs/plugin-platform-tt', a11yTemplates],
    defineConstants: { FANKUI_ENDPOINT: JSON.stringify(endpoint), FANKUI_DEMO_REPORTER: JSON.stringify(demoReporter) },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    logger: { quiet: true, stats: false },
    mini: {
      // No compile.include: Taro already runs Babel (targets: .browserslistrc, the runtime
      // floor) over node_modules paths that mention "taro"; the rest of what ships (React,
      // @fankui/core, @fankui/client) is ES2017 as published, which the weapp build test
      // checks file by file (docs/runtime.md). A dependency with newer syntax goes here.
      webpackChain(chain) {
        resolveLikeAnInstall(chain);
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // The H5 build's client (@fankui/client/web) sends with ky, which uses private class
      // fields (#x); Taro's H5 minifier quotes keys and would break them, so Babel compiles
      // ky down like the app's own code.
      compile: { include: [(file: string) => /[\\/]node_modules[\\/]ky[\\/]/.test(file)] },
      webpackChain(chain) {
        resolveLikeAnInstall(chain);
        // A demo app: the size hints about Taro's own runtime are noise here.
        chain.performance.hints(false);
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  return config;
});

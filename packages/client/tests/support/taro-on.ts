/**
 * The `Taro` object an app gets on Alipay or Douyin, made the way Taro makes it at run time:
 * Taro's own API object (`@tarojs/api`) handed to the platform plugin's `initNativeApi`
 * (`@tarojs/plugin-platform-alipay` / `-tt`, the versions the example app builds with),
 * which wraps the host's global (`my` / `tt`, here a fake) — promisified calls, Alipay's
 * `request` shim (`header` → `headers`, `status` → `statusCode`), renamed APIs. So a test
 * over it exercises Taro's real glue, not a copy of it.
 *
 * @example const taro = await taroOn('alipay', createFakeMy());
 */
import type { TaroApi } from '../../src/taro';

type Platform = 'alipay' | 'tt';

/** The globals a mini-program host provides and Taro's runtime reads when it loads. */
function provideHostGlobals(): void {
  const globals = globalThis as Record<string, unknown>;
  // Build-time flags Taro's runtime expects its bundler to have replaced.
  for (const flag of ['INNER_HTML', 'ADJACENT_HTML', 'SIZE_APIS', 'TEMPLATE_CONTENT', 'CLONE_NODE', 'CONTAINS', 'MUTATION_OBSERVER']) {
    if (!(`ENABLE_${flag}` in globals)) globals[`ENABLE_${flag}`] = false;
  }
  if (!('getApp' in globals)) globals.getApp = () => ({});
  if (!('requirePlugin' in globals)) globals.requirePlugin = () => ({});
  if (!('getCurrentPages' in globals)) globals.getCurrentPages = () => [{ route: 'pages/feedback/index' }];
}

const ENV: Record<Platform, string> = { alipay: 'ALIPAY', tt: 'TT' };

export async function taroOn(platform: Platform, host: object): Promise<TaroApi & Record<string, any>> {
  provideHostGlobals();
  // Alipay's request shim reads the global `my` on each call, as on a device.
  (globalThis as Record<string, unknown>)[platform === 'alipay' ? 'my' : 'tt'] = host;
  const { default: Taro } = (await import('@tarojs/api' as string)) as { default: Record<string, unknown> };
  const runtime = (await import((platform === 'alipay' ? '@tarojs/plugin-platform-alipay/dist/runtime-utils.js' : '@tarojs/plugin-platform-tt/dist/runtime-utils.js') as string)) as {
    initNativeApi(taro: object): void;
  };
  const taro: Record<string, any> = Object.assign({}, Taro);
  runtime.initNativeApi(taro);
  taro.getEnv = () => ENV[platform];
  return taro as TaroApi & Record<string, any>;
}

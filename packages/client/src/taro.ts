/**
 * `@fankui/client/taro` — the client for Taro apps, over the `Taro` object you pass in
 * (so `@tarojs/taro` stays an optional peer). Taro mirrors `wx`, so the mini-program
 * adapters serve every Taro target; where Taro leaves a platform's own behaviour (Alipay's
 * failures and network types, see platforms/alipay.ts) the Taro object is reshaped first.
 * On H5, which has no file system, picked images are kept in IndexedDB (the web file
 * adapter, without ky).
 */
import type { Platform } from '@fankui/core';
import type { Client } from './client';
import { omit } from './compat';
import { ClientError } from './errors';
import { alipayApi } from './platforms/alipay';
import { createMiniClient, type MiniApi, type MiniClientOptions } from './platforms/mini';
import { webFiles } from './platforms/web';

/** What the client uses of `Taro`: the wx-shaped API plus `getEnv`, `getCurrentPages` and `getSystemInfoSync`. */
export interface TaroApi extends MiniApi {
  getEnv?(): string;
  getCurrentPages?(): { route?: string }[];
  getSystemInfoSync?(): object;
}

export interface TaroClientOptions extends MiniClientOptions {
  /** `import Taro from '@tarojs/taro'`. */
  taro: TaroApi;
}

const PLATFORM_OF_ENV: Record<string, Platform> = { WEAPP: 'weapp', WEB: 'h5', ALIPAY: 'alipay', TT: 'tt', SWAN: 'swan', QQ: 'qq' };

/**
 * A client for a Taro app; `platform` follows `Taro.getEnv()`. On H5 (`WEB`) attachments
 * are kept in IndexedDB where it exists (`client.attachments.supported` says whether).
 *
 * @example
 * import Taro from '@tarojs/taro';
 * import { createTaroClient } from '@fankui/client/taro';
 * export const feedback = createTaroClient({ taro: Taro, endpoint: 'https://feedback.example.com', form: DEFAULT_FORM });
 */
export function createTaroClient(options: TaroClientOptions): Client {
  const { taro } = options;
  const env = (taro.getEnv && taro.getEnv()) || '';
  // Taro's H5 build injects its APIs at call sites (a Babel plugin), so the `Taro` object a
  // library receives has no request or storage there: say so instead of queueing nowhere.
  if (typeof taro.request !== 'function' || typeof taro.setStorage !== 'function') {
    throw new ClientError(
      'unsupported',
      env === 'WEB'
        ? 'On Taro H5 the Taro object carries no request/storage APIs at run time: create the client with createWebClient from @fankui/client/web'
        : 'The Taro object has no request/setStorage: pass `taro` from @tarojs/taro',
    );
  }
  const h5 = env === 'WEB' ? { files: webFiles() } : {};
  // Alipay and Douyin have no getDeviceInfo/getAppBaseInfo (Alipay has the latter):
  // getSystemInfoSync answers the same facts there.
  const api: MiniApi = Object.assign({}, taro, { getDeviceInfo: taro.getDeviceInfo || taro.getSystemInfoSync, getAppBaseInfo: taro.getAppBaseInfo || taro.getSystemInfoSync });
  return createMiniClient(
    env === 'ALIPAY' ? alipayApi(api) : api,
    Object.assign(h5, omit(options, 'taro')),
    PLATFORM_OF_ENV[env] || 'other',
    taro.getCurrentPages ? () => taro.getCurrentPages!() : undefined,
  );
}

export * from './index';
export { miniFiles as taroFiles, miniLifecycle as taroLifecycle, miniNetwork as taroNetwork, miniRandom as taroRandom, miniStorage as taroStorage } from './platforms/mini';
export type { MiniApi, MiniClientOptions, MiniFileSystem } from './platforms/mini';
export { createMiniTransport, type MiniRequestApi } from './transport/mini';

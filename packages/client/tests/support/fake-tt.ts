/**
 * A faithful in-memory `tt` (Douyin mini-programs) for tests under Node. Douyin's API
 * follows WeChat's (developer.open-douyin.com, mini-app JS API, and `@douyin-microapp/typings`):
 * `errMsg` failures, `header`/`statusCode`, a 4xx/5xx answer through `success`, 1 MB per key
 * and 10 MB of storage with WeChat's "exceed storage…" failures, lower-case network types. So
 * this is the fake `wx` with what Douyin does differently:
 *
 * - `getStorage` of a missing key succeeds with `data: ''` ("如无数据…会返回空字符串"), where
 *   WeChat fails with "data not found";
 * - no `getDeviceInfo`, `getAppBaseInfo`, `getWindowInfo` or `getRandomValues`:
 *   `getSystemInfoSync()` answers the device facts (`appName: 'Douyin'`);
 * - `env.USER_DATA_PATH` is `ttfile://user`.
 *
 * @example
 * const tt = createFakeTt();
 * const taro = await taroOn('tt', tt); // Taro's own Douyin runtime over it
 */
import { createFakeWx, type FakeWxOptions } from './fake-wx';

type Callbacks = { success?: (result: any) => void; fail?: (error: { errMsg: string }) => void; complete?: (result: any) => void };

export function createFakeTt(options: Omit<FakeWxOptions, 'style' | 'env'> = {}) {
  const wx = createFakeWx(options);
  const { getStorage } = wx;
  const tt: Partial<typeof wx> & Omit<typeof wx, 'getDeviceInfo' | 'getAppBaseInfo' | 'getWindowInfo' | 'getRandomValues'> = Object.assign(wx, {
    env: { USER_DATA_PATH: 'ttfile://user', VERSION: 'production' },
    getStorage: (o: { key: string } & Callbacks) =>
      getStorage({
        key: o.key,
        success: o.success,
        complete: o.complete,
        fail: (error: { errMsg: string }) => {
          if (!/data not found/.test(error.errMsg)) return o.fail?.(error);
          const result = { data: '', errMsg: 'getStorage:ok' };
          o.success?.(result);
          o.complete?.(result);
        },
      }),
    getSystemInfoSync: () => ({
      brand: 'Apple',
      model: 'iPhone 15',
      system: 'iOS 17.0',
      platform: 'ios',
      version: '30.1.0',
      appName: 'Douyin',
      SDKVersion: '3.40.0',
      pixelRatio: 3,
      screenWidth: 393,
      screenHeight: 852,
      windowWidth: 393,
      windowHeight: 852,
    }),
  });
  delete tt.getDeviceInfo;
  delete tt.getAppBaseInfo;
  delete tt.getWindowInfo;
  delete tt.getRandomValues;
  return tt;
}

export type FakeTt = ReturnType<typeof createFakeTt>;

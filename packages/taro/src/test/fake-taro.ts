/**
 * The part of `@tarojs/taro` the components call, behaving like WeChat's: a missing
 * storage key reads as '' synchronously and fails asynchronously, a cancelled picker
 * rejects with `chooseImage:fail cancel`, async APIs resolve with `{ errMsg: '…:ok' }`.
 * Tests steer it through `fakeTaro` and read what the components did from it.
 */
import { useEffect, useRef } from 'react';

type Ok = { errMsg: string };

const ok = (api: string): Promise<Ok> => Promise.resolve({ errMsg: `${api}:ok` });
const fail = (api: string, reason: string) => Promise.reject({ errMsg: `${api}:fail ${reason}` });

export const fakeTaro = {
  storage: new Map<string, unknown>(),
  language: 'zh_CN',
  /** What the next `chooseImage` calls pick, one list per call; none left means the user cancels. */
  pickedImages: [] as string[][],
  /** H5: picked images come with their File (`tempFiles[].originalFileObj`). */
  originalFiles: false,
  navigations: [] as string[],
  toasts: [] as string[],
  previews: [] as { urls: string[]; current?: string }[],
  /** What `setClipboardData` copied last. */
  clipboard: '',
  /** `requestSubscribeMessage` calls (their `tmplIds`), and what the user answers: template id → `accept`/`reject`. */
  subscribeRequests: [] as string[][],
  subscribeAnswers: {} as Record<string, string>,
  showListeners: new Set<() => void>(),
  /** Page events to the components' page hooks: `show`, `hide`, `pullDownRefresh`, `reachBottom`. */
  pageListeners: new Map<string, Set<() => void>>(),
  /** Pull-down refreshes stopped (`stopPullDownRefresh`). */
  pullDownStops: 0,
  /** The page comes to the foreground again: `useDidShow` callbacks run. */
  show() {
    this.showListeners.forEach((listener) => listener());
  },
  /** A page event: the callbacks of its hook run (`hide`: `useDidHide`, …). */
  page(event: 'hide' | 'pullDownRefresh' | 'reachBottom') {
    const listeners = this.pageListeners.get(event);
    if (listeners) listeners.forEach((listener) => listener());
  },
  reset() {
    this.storage.clear();
    this.language = 'zh_CN';
    this.pickedImages = [];
    this.originalFiles = false;
    this.navigations = [];
    this.toasts = [];
    this.previews = [];
    this.clipboard = '';
    this.subscribeRequests = [];
    this.subscribeAnswers = {};
    this.pullDownStops = 0;
  },
};

/** Like Taro's page hooks: the callback runs on each `event` of the page while the component is mounted. */
function pageHook(event: string) {
  return (callback: () => void) => {
    const latest = useRef(callback);
    latest.current = callback;
    useEffect(() => {
      const listeners = fakeTaro.pageListeners.get(event) || new Set<() => void>();
      fakeTaro.pageListeners.set(event, listeners);
      const listener = () => latest.current();
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }, []);
  };
}

export const taro = {
  getEnv: () => 'WEB',
  useDidHide: pageHook('hide'),
  usePullDownRefresh: pageHook('pullDownRefresh'),
  useReachBottom: pageHook('reachBottom'),
  stopPullDownRefresh: () => (fakeTaro.pullDownStops++, ok('stopPullDownRefresh')),
  /** Like Taro's: the callback runs each time the page shows, for as long as the component is mounted. */
  useDidShow(callback: () => void) {
    const latest = useRef(callback);
    latest.current = callback;
    useEffect(() => {
      const listener = () => latest.current();
      fakeTaro.showListeners.add(listener);
      return () => void fakeTaro.showListeners.delete(listener);
    }, []);
  },
  getAppBaseInfo: () => ({ language: fakeTaro.language, SDKVersion: '3.4.10' }),
  getSystemInfoSync: () => ({ language: fakeTaro.language }),
  getStorageSync: (key: string) => (fakeTaro.storage.has(key) ? fakeTaro.storage.get(key) : ''),
  setStorageSync: (key: string, data: unknown) => void fakeTaro.storage.set(key, data),
  getStorage: ({ key }: { key: string }) =>
    fakeTaro.storage.has(key) ? Promise.resolve({ data: fakeTaro.storage.get(key), errMsg: 'getStorage:ok' }) : fail('getStorage', 'data not found'),
  setStorage: ({ key, data }: { key: string; data: unknown }) => (fakeTaro.storage.set(key, data), ok('setStorage')),
  removeStorage: ({ key }: { key: string }) => (fakeTaro.storage.delete(key), ok('removeStorage')),
  navigateTo: ({ url }: { url: string }) => (fakeTaro.navigations.push(url), ok('navigateTo')),
  showToast: ({ title }: { title: string }) => (fakeTaro.toasts.push(title), ok('showToast')),
  pageScrollTo: () => ok('pageScrollTo'),
  requestSubscribeMessage: ({ tmplIds, success }: { tmplIds: string[]; success?: (result: Record<string, string>) => void }) => {
    fakeTaro.subscribeRequests.push(tmplIds);
    const result = Object.assign({ errMsg: 'requestSubscribeMessage:ok' }, fakeTaro.subscribeAnswers);
    if (success) success(result);
    return Promise.resolve(result);
  },
  setClipboardData: ({ data }: { data: string }) => ((fakeTaro.clipboard = data), ok('setClipboardData')),
  previewImage: (options: { urls: string[]; current?: string }) => (fakeTaro.previews.push(options), ok('previewImage')),
  chooseImage: ({ count }: { count?: number }) => {
    const picked = fakeTaro.pickedImages.shift();
    if (!picked) return fail('chooseImage', 'cancel');
    const tempFilePaths = picked.slice(0, count ?? 9);
    return Promise.resolve({ tempFilePaths, tempFiles: tempFilePaths.map((path) => ({ path, size: 1024, originalFileObj: fakeTaro.originalFiles ? new Blob([path]) : undefined })), errMsg: 'chooseImage:ok' });
  },
};

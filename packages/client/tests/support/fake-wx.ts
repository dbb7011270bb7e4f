/**
 * A faithful in-memory `wx` for tests under Node: the parts of WeChat's mini-program API
 * that Fankui touches, with WeChat's limits and error shapes, and real HTTP underneath.
 *
 * - Storage, async (`setStorage`…) and sync (`setStorageSync`…): values are deep-copied
 *   through JSON like WeChat does; one key holds at most 1 MB and all keys 10 MB (key +
 *   JSON of the value, UTF-8). Over a limit, the async API fails with
 *   `{ errMsg: 'setStorage:fail exceed storage item max length' }` (or `…exceed storage
 *   max size`) and the sync one throws an Error with that text (`setStorageSync:fail …`).
 *   A missing key: `getStorage:fail data not found`, and `getStorageSync` returns ''.
 * - Network: `getNetworkType`, `onNetworkStatusChange`/`offNetworkStatusChange`; drive it
 *   with `fake.setNetwork('none' | 'wifi' | '4g' …)`. While `none`, requests fail with
 *   `request:fail net::ERR_INTERNET_DISCONNECTED` as on a device.
 * - Lifecycle: `onAppShow`/`offAppShow`, `onAppHide`/`offAppHide`; drive with `fake.show()`,
 *   `fake.hide()`.
 * - Files: `getFileSystemManager()` with `copyFile`, `unlink`, `readFile`, `writeFile`,
 *   `stat`, `access` (+ `…Sync`) over an in-memory file table; `env.USER_DATA_PATH` is
 *   `wxfile://usr`. `fake.addTempFile(bytes)` makes a temp file the way `chooseMedia` does;
 *   `chooseMedia`/`chooseImage` hand out what `fake.queuePick(bytes)` queued.
 * - `request`, `uploadFile` and `downloadFile` perform the call with Node's fetch, so they see
 *   exactly what a server on 127.0.0.1 answers (status, headers, body, connection refused,
 *   timeouts); `downloadFile` saves any answer as a temp file and reports its `statusCode`.
 *   `request` parses JSON only with `dataType: 'json'` (the default), like WeChat.
 * - `getRandomValues` (crypto), `getDeviceInfo`, `getAppBaseInfo`, `getWindowInfo`,
 *   `getSystemInfoSync`, and `showToast`/`showModal`/`navigateTo`/`previewImage` that only log to `calls`.
 *
 * `createFakeWx({ style: 'taro' })` behaves like Taro's API object instead: every
 * asynchronous call also returns a promise that rejects with the same `{ errMsg }` on
 * failure (so ignoring it leaves an unhandled rejection, as in a Taro app), plus
 * `getEnv()` and `getCurrentPages()`.
 *
 * Callbacks run on a microtask, never synchronously and never on a timer, so tests with
 * `vi.useFakeTimers()` need no timer advancing for storage, only for real waits.
 *
 * @example
 * const wx = createFakeWx();
 * const client = createWxClient({ endpoint, wx });
 * wx.setNetwork('none');
 */
import { randomBytes } from 'node:crypto';

export interface FakeWxOptions {
  /** `wx`: callbacks only (WeChat). `taro`: callbacks and returned promises (Taro). */
  style?: 'wx' | 'taro';
  /** Bytes one key may hold. Default 1 MB. */
  itemMaxBytes?: number;
  /** Bytes all keys may hold. Default 10 MB. */
  totalMaxBytes?: number;
  /** Initial `getNetworkType` answer. Default `wifi`. */
  networkType?: string;
  /** Taro's `getEnv()`. Default `WEAPP`. */
  env?: string;
  /** `getAppBaseInfo().language`. Default `zh_CN`. */
  language?: string;
  /** What `getCurrentPages()` returns (route of each page on the stack). */
  pages?: string[];
}

type Callbacks = { success?: (result: any) => void; fail?: (error: { errMsg: string }) => void; complete?: (result: any) => void };

export interface RequestLog {
  url: string;
  method: string;
  header: Record<string, string>;
  data: unknown;
}

const MB = 1024 * 1024;

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
/** WeChat keeps what JSON keeps: a deep copy, `undefined` dropped. */
const copy = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const toArrayBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

export function createFakeWx(options: FakeWxOptions = {}) {
  const style = options.style ?? 'wx';
  const itemMaxBytes = options.itemMaxBytes ?? MB;
  const totalMaxBytes = options.totalMaxBytes ?? 10 * MB;
  const storage = new Map<string, unknown>();
  const files = new Map<string, Uint8Array>();
  const networkListeners = new Set<(result: { isConnected: boolean; networkType: string }) => void>();
  const showListeners = new Set<(result: object) => void>();
  const hideListeners = new Set<() => void>();
  const picks: string[] = [];
  const requests: RequestLog[] = [];
  const calls: { api: string; options: unknown }[] = [];
  /** `requestSubscribeMessage`: what the user answers per template id (`accept`, `reject`); `fail` for the call failing. */
  let subscribeAnswers: Record<string, string> | 'fail' = {};
  let loginCount = 0;
  let networkType = options.networkType ?? 'wifi';
  let tempCount = 0;
  const USER_DATA_PATH = 'wxfile://usr';

  /** Settles an async API the WeChat way (callbacks on a microtask) or the Taro way (also a promise). */
  function respond<T>(api: string, callbacks: Callbacks, outcome: () => T): Promise<T> | undefined {
    const settled = Promise.resolve().then(() => {
      try {
        const result = { errMsg: `${api}:ok`, ...(outcome() as object) } as T;
        callbacks.success?.(result);
        callbacks.complete?.(result);
        return result;
      } catch (error) {
        const failure = { errMsg: (error as Error).message.startsWith(`${api}:fail`) ? (error as Error).message : `${api}:fail ${(error as Error).message}` };
        callbacks.fail?.(failure);
        callbacks.complete?.(failure);
        throw failure;
      }
    });
    if (style === 'taro') return settled;
    settled.catch(() => undefined); // WeChat reports failures through `fail` only
    return undefined;
  }

  const fail = (api: string, reason: string) => new Error(`${api}:fail ${reason}`);

  // ---- storage -------------------------------------------------------------------------
  const sizeOf = (key: string, value: unknown) => utf8(key) + utf8(JSON.stringify(value) ?? '');
  const used = () => [...storage].reduce((sum, [key, value]) => sum + sizeOf(key, value), 0);

  function store(api: string, key: unknown, data: unknown): void {
    if (typeof key !== 'string' || key === '') throw fail(api, 'parameter error: parameter.key should be String instead of Undefined;');
    const value = copy(data);
    const bytes = utf8(JSON.stringify(value) ?? '');
    if (bytes > itemMaxBytes) throw fail(api, 'exceed storage item max length');
    const previous = storage.has(key) ? sizeOf(key, storage.get(key)) : 0;
    if (used() - previous + sizeOf(key, value) > totalMaxBytes) throw fail(api, 'exceed storage max size');
    storage.set(key, value);
  }

  function load(api: string, key: string): unknown {
    if (!storage.has(key)) throw fail(api, 'data not found');
    return copy(storage.get(key));
  }

  const storageInfo = () => ({ keys: [...storage.keys()], currentSize: Math.ceil(used() / 1024), limitSize: Math.floor(totalMaxBytes / 1024) });

  // ---- files ---------------------------------------------------------------------------
  function readBytes(api: string, path: string): Uint8Array {
    const bytes = files.get(path);
    if (!bytes) throw fail(api, `no such file or directory, ${api} ${path}`);
    return bytes;
  }

  const fileSystemManager = {
    copyFile: (o: { srcPath: string; destPath: string } & Callbacks) =>
      respond('copyFile', o, () => {
        files.set(o.destPath, new Uint8Array(readBytes('copyFile', o.srcPath)));
        return {};
      }),
    copyFileSync: (srcPath: string, destPath: string) => void files.set(destPath, new Uint8Array(readBytes('copyFileSync', srcPath))),
    unlink: (o: { filePath: string } & Callbacks) =>
      respond('unlink', o, () => {
        readBytes('unlink', o.filePath);
        files.delete(o.filePath);
        return {};
      }),
    unlinkSync: (filePath: string) => {
      readBytes('unlinkSync', filePath);
      files.delete(filePath);
    },
    readFile: (o: { filePath: string; encoding?: string } & Callbacks) =>
      respond('readFile', o, () => {
        const bytes = readBytes('readFile', o.filePath);
        return { data: o.encoding ? Buffer.from(bytes).toString(o.encoding as BufferEncoding) : toArrayBuffer(bytes) };
      }),
    readFileSync: (filePath: string, encoding?: string) => {
      const bytes = readBytes('readFileSync', filePath);
      return encoding ? Buffer.from(bytes).toString(encoding as BufferEncoding) : toArrayBuffer(bytes);
    },
    writeFile: (o: { filePath: string; data: string | ArrayBuffer; encoding?: string } & Callbacks) =>
      respond('writeFile', o, () => {
        files.set(o.filePath, typeof o.data === 'string' ? new Uint8Array(Buffer.from(o.data, (o.encoding ?? 'utf8') as BufferEncoding)) : new Uint8Array(o.data));
        return {};
      }),
    writeFileSync: (filePath: string, data: string | ArrayBuffer, encoding = 'utf8') =>
      void files.set(filePath, typeof data === 'string' ? new Uint8Array(Buffer.from(data, encoding as BufferEncoding)) : new Uint8Array(data)),
    stat: (o: { path: string } & Callbacks) =>
      respond('stat', o, () => {
        const size = readBytes('stat', o.path).byteLength;
        return { stats: { size, lastModifiedTime: Math.floor(Date.now() / 1000), isFile: () => true, isDirectory: () => false } };
      }),
    access: (o: { path: string } & Callbacks) =>
      respond('access', o, () => {
        readBytes('access', o.path);
        return {};
      }),
    accessSync: (path: string) => void readBytes('accessSync', path),
  };

  // ---- network -------------------------------------------------------------------------
  /** Runs fetch with WeChat's request semantics: timeout, abort, `request:fail …` messages. */
  function exchange(api: string, callbacks: Callbacks, timeout: number | undefined, perform: (signal: AbortSignal) => Promise<object>) {
    const controller = new AbortController();
    let reason = '';
    const timer = setTimeout(() => {
      reason = 'timeout';
      controller.abort();
    }, timeout ?? 60_000);
    const settled = (async () => {
      try {
        if (networkType === 'none') throw fail(api, 'net::ERR_INTERNET_DISCONNECTED');
        const result = { errMsg: `${api}:ok`, ...(await perform(controller.signal)) };
        callbacks.success?.(result);
        callbacks.complete?.(result);
        return result;
      } catch (error) {
        const message = (error as Error).message;
        const errMsg = message.startsWith(`${api}:fail`) ? message : `${api}:fail ${reason || (controller.signal.aborted ? 'abort' : ((error as { cause?: { code?: string } }).cause?.code ?? message))}`;
        callbacks.fail?.({ errMsg });
        callbacks.complete?.({ errMsg });
        throw { errMsg };
      } finally {
        clearTimeout(timer);
      }
    })();
    const task = { abort: () => controller.abort() };
    if (style === 'taro') return Object.assign(settled, task);
    settled.catch(() => undefined);
    return task;
  }

  const headerObject = (headers: Headers) => Object.fromEntries(headers.entries());

  const api = {
    env: { USER_DATA_PATH },

    setStorage: (o: { key: string; data: unknown } & Callbacks) => respond('setStorage', o, () => (store('setStorage', o.key, o.data), {})),
    getStorage: (o: { key: string } & Callbacks) => respond('getStorage', o, () => ({ data: load('getStorage', o.key) })),
    removeStorage: (o: { key: string } & Callbacks) => respond('removeStorage', o, () => (storage.delete(o.key), {})),
    clearStorage: (o: Callbacks = {}) => respond('clearStorage', o, () => (storage.clear(), {})),
    getStorageInfo: (o: Callbacks = {}) => respond('getStorageInfo', o, storageInfo),
    setStorageSync: (key: string, data: unknown) => store('setStorageSync', key, data),
    getStorageSync: (key: string) => (storage.has(key) ? copy(storage.get(key)) : ''),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: storageInfo,

    getNetworkType: (o: Callbacks = {}) => respond('getNetworkType', o, () => ({ networkType })),
    onNetworkStatusChange: (listener: (result: { isConnected: boolean; networkType: string }) => void) => void networkListeners.add(listener),
    offNetworkStatusChange: (listener?: (result: { isConnected: boolean; networkType: string }) => void) =>
      listener ? void networkListeners.delete(listener) : networkListeners.clear(),
    onAppShow: (listener: (result: object) => void) => void showListeners.add(listener),
    offAppShow: (listener?: (result: object) => void) => (listener ? void showListeners.delete(listener) : showListeners.clear()),
    onAppHide: (listener: () => void) => void hideListeners.add(listener),
    offAppHide: (listener?: () => void) => (listener ? void hideListeners.delete(listener) : hideListeners.clear()),

    getFileSystemManager: () => fileSystemManager,

    request(o: { url: string; method?: string; header?: Record<string, string>; data?: unknown; dataType?: string; responseType?: string; timeout?: number } & Callbacks) {
      const method = (o.method ?? 'GET').toUpperCase();
      const header = { ...o.header };
      requests.push({ url: o.url, method, header, data: o.data });
      return exchange('request', o, o.timeout, async (signal) => {
        let body: string | ArrayBuffer | undefined;
        if (o.data !== undefined && method !== 'GET') {
          if (typeof o.data === 'string' || o.data instanceof ArrayBuffer) body = o.data;
          else {
            body = JSON.stringify(o.data); // WeChat serialises objects as JSON by default
            if (!Object.keys(header).some((name) => name.toLowerCase() === 'content-type')) header['content-type'] = 'application/json';
          }
        }
        const response = await fetch(o.url, { method, headers: header, body, signal });
        let data: unknown;
        if (o.responseType === 'arraybuffer') data = await response.arrayBuffer();
        else {
          data = await response.text();
          if ((o.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(data as string);
            } catch {
              // WeChat hands over the raw text when it is not JSON
            }
          }
        }
        return { statusCode: response.status, header: headerObject(response.headers), data };
      });
    },

    uploadFile(o: { url: string; filePath: string; name: string; header?: Record<string, string>; formData?: Record<string, string>; timeout?: number } & Callbacks) {
      requests.push({ url: o.url, method: 'POST', header: { ...o.header }, data: { filePath: o.filePath, name: o.name } });
      return exchange('uploadFile', o, o.timeout, async (signal) => {
        const bytes = files.get(o.filePath);
        if (!bytes) throw fail('uploadFile', `file not found: ${o.filePath}`);
        const form = new FormData();
        for (const [key, value] of Object.entries(o.formData ?? {})) form.append(key, value);
        form.append(o.name, new Blob([bytes]), o.filePath.split('/').pop());
        const response = await fetch(o.url, { method: 'POST', headers: o.header, body: form, signal });
        // uploadFile's data is always the raw text; it exposes no response headers.
        return { statusCode: response.status, data: await response.text() };
      });
    },

    /** GETs `url` with `header` and saves whatever answers (a 404's JSON too, as WeChat does) as a temp file. */
    downloadFile(o: { url: string; header?: Record<string, string>; timeout?: number } & Callbacks) {
      requests.push({ url: o.url, method: 'GET', header: { ...o.header }, data: undefined });
      return exchange('downloadFile', o, o.timeout, async (signal) => {
        const response = await fetch(o.url, { headers: o.header, signal });
        const extension = (response.headers.get('content-type') ?? '').split('/')[1] ?? 'bin';
        const tempFilePath = addTempFile(new Uint8Array(await response.arrayBuffer()), extension);
        return { statusCode: response.status, tempFilePath };
      });
    },

    getRandomValues: (o: { length: number } & Callbacks) =>
      respond('getRandomValues', o, () => {
        if (!(o.length > 0 && o.length <= 1024)) throw fail('getRandomValues', 'invalid length');
        return { randomValues: toArrayBuffer(new Uint8Array(randomBytes(o.length))) };
      }),

    chooseMedia: (o: { count?: number } & Callbacks = {}) =>
      respond('chooseMedia', o, () => {
        if (picks.length === 0) throw fail('chooseMedia', 'cancel');
        const chosen = picks.splice(0, o.count ?? 9);
        return { type: 'image', tempFiles: chosen.map((tempFilePath) => ({ tempFilePath, size: files.get(tempFilePath)!.byteLength, fileType: 'image' })) };
      }),
    chooseImage: (o: { count?: number } & Callbacks = {}) =>
      respond('chooseImage', o, () => {
        if (picks.length === 0) throw fail('chooseImage', 'cancel');
        const chosen = picks.splice(0, o.count ?? 9);
        return { tempFilePaths: chosen, tempFiles: chosen.map((path) => ({ path, size: files.get(path)!.byteLength })) };
      }),

    getDeviceInfo: () => ({ brand: 'devtools', model: 'iPhone 15', system: 'iOS 17.0', platform: 'devtools', benchmarkLevel: 1 }),
    getAppBaseInfo: () => ({ SDKVersion: '3.4.0', version: '8.0.50', language: options.language ?? 'zh_CN', theme: 'light' }),
    getWindowInfo: () => ({ pixelRatio: 3, screenWidth: 393, screenHeight: 852, windowWidth: 393, windowHeight: 852, statusBarHeight: 47 }),
    getSystemInfoSync: () => ({ ...api.getDeviceInfo(), ...api.getAppBaseInfo(), ...api.getWindowInfo() }),

    /** A fresh code each call (`code-1`, `code-2`, …), as WeChat's is single-use. */
    login: (o: Callbacks = {}) => respond('login', o, () => ({ code: `code-${++loginCount}` })),
    /** Logs the call to `calls` and answers `subscribeAnswers` (WeChat answers `templateId: 'accept' | 'reject' | …`). */
    requestSubscribeMessage: (o: { tmplIds: string[] } & Callbacks) => {
      calls.push({ api: 'requestSubscribeMessage', options: { tmplIds: o.tmplIds } });
      return respond('requestSubscribeMessage', o, () => {
        if (subscribeAnswers === 'fail') throw fail('requestSubscribeMessage', 'can only be invoked by user TAP gesture.');
        return { ...subscribeAnswers };
      });
    },
    showToast: (o: object = {}) => void calls.push({ api: 'showToast', options: o }),
    showModal: (o: object = {}) => void calls.push({ api: 'showModal', options: o }),
    navigateTo: (o: object = {}) => void calls.push({ api: 'navigateTo', options: o }),
    previewImage: (o: object = {}) => void calls.push({ api: 'previewImage', options: o }),

    getEnv: () => options.env ?? 'WEAPP',
    getCurrentPages: () => (options.pages ?? []).map((route) => ({ route })),
  };

  const addTempFile = (bytes: Uint8Array, extension = 'png'): string => {
    const path = `wxfile://tmp_${++tempCount}.${extension}`;
    files.set(path, new Uint8Array(bytes));
    return path;
  };

  return Object.assign(api, {
    /** What is stored, by key (as WeChat keeps it: deep copies). */
    storage,
    /** Every file, by path (temp files and USER_DATA_PATH). */
    files,
    /** Every `request`, `uploadFile` and `downloadFile`, in order. */
    requests,
    /** `showToast`, `showModal`, `navigateTo` calls. */
    calls,
    /** Changes the network and tells `onNetworkStatusChange` listeners. */
    setNetwork(type: string): void {
      networkType = type;
      networkListeners.forEach((listener) => listener({ isConnected: type !== 'none', networkType: type }));
    },
    /** The app comes to the foreground. */
    show(): void {
      showListeners.forEach((listener) => listener({ path: options.pages?.at(-1) ?? '', scene: 1001 }));
    },
    hide(): void {
      hideListeners.forEach((listener) => listener());
    },
    /** A temp file as `chooseMedia` would give it; returns its path. */
    addTempFile,
    /** Queues an image for the next `chooseMedia`/`chooseImage`; returns its temp path. */
    queuePick(bytes: Uint8Array, extension = 'png'): string {
      const path = addTempFile(bytes, extension);
      picks.push(path);
      return path;
    },
    /** Bytes used by storage, counted as the limits count them. */
    storageBytes: used,
    /** What the user answers the next `requestSubscribeMessage` dialogs (template id → `accept`/`reject`), or `fail`. */
    answerSubscribe(answers: Record<string, string> | 'fail'): void {
      subscribeAnswers = answers;
    },
  });
}

export type FakeWx = ReturnType<typeof createFakeWx>;

/** The smallest valid PNG (1×1, transparent): what the server's image sniffing accepts. */
export const TINY_PNG = new Uint8Array(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64'),
);

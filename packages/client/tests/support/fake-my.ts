/**
 * A faithful in-memory `my` (Alipay mini-programs) for tests under Node: the parts Fankui
 * touches, written from Alipay's API reference (opendocs.alipay.com/mini/api, and the
 * `@mini-types/my` declarations), with real HTTP underneath. What differs from `wx`:
 *
 * - Failures carry `{ error: number, errorMessage: string }`, never `errMsg`.
 * - Storage (`setStorage`…, async; the sync ones take an object): one key holds at most
 *   200 KB, all keys 10 MB. Over a limit: `{ error: 14, errorMessage: 'data长度超限' }` and
 *   `{ error: 12, errorMessage: '存储总大小达到上限' }`. A missing key answers `{ data: null }`.
 * - `request` reads `headers` (not `header`), answers `{ status, headers, data }`; a 4xx/5xx
 *   answer comes through `fail` as `{ error: 19, errorMessage, status, headers, data }`; a
 *   timeout is error 13 (default 30 s), no connection error 12, `abort()` error 9.
 * - `getNetworkType` answers `{ networkAvailable, networkType }` in capitals (`WIFI`, `4G`,
 *   `WWAN`, `NOTREACHABLE`, `UNKNOWN`); `onNetworkStatusChange` listeners get
 *   `{ isConnected, networkType }` in the same capitals.
 * - `uploadFile` needs `fileType` (image/video/audio: the IDE refuses anything else) and
 *   the part's name as `name` (or the older `fileName`); it answers `{ data, statusCode,
 *   header }`. `downloadFile` answers `{ apFilePath, tempFilePath }` without a status; a
 *   download that does not answer 2xx fails with error 12.
 * - Files: `getFileSystemManager()` (`copyFile`, `unlink`, `stat`, `access`), `env.USER_DATA_PATH`
 *   is `https://usr`, temp files look like `https://resource/…`.
 * - No `getRandomValues`, no `getDeviceInfo`: `getAppBaseInfo()` (language `zh-Hans`/`en`) and
 *   `getSystemInfoSync()` answer the device facts.
 *
 * Callbacks run on a microtask. Drive it with `setNetwork('NOTREACHABLE' | 'WIFI' | '4G'…)`, `show()`.
 *
 * @example
 * const my = createFakeMy();
 * const taro = await taroOn('alipay', my); // Taro's own Alipay runtime over it
 */

export interface FakeMyOptions {
  /** Bytes one key may hold. Default 200 KB. */
  itemMaxBytes?: number;
  /** Bytes all keys may hold. Default 10 MB. */
  totalMaxBytes?: number;
  /** Initial network type, in Alipay's capitals. Default `WIFI`. */
  networkType?: string;
  /** `getAppBaseInfo().language`. Default `zh-Hans`. */
  language?: string;
}

type Callbacks = { success?: (result: any) => void; fail?: (failure: AlipayFailure) => void; complete?: (result: any) => void };
interface AlipayFailure {
  error: number;
  errorMessage: string;
  status?: number;
  headers?: Record<string, string>;
  data?: unknown;
}

export interface AlipayRequestLog {
  url: string;
  method: string;
  headers: Record<string, string>;
  data: unknown;
  /** uploadFile only: what it was called with. */
  upload?: { name: string | undefined; fileType: string | undefined; filePath: string };
}

const KB = 1024;
const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
const copy = (value: unknown) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

class Failure extends Error {
  constructor(readonly failure: AlipayFailure) {
    super(failure.errorMessage);
  }
}
const failure = (error: number, errorMessage: string, extra: Partial<AlipayFailure> = {}) => new Failure({ error, errorMessage, ...extra });

export function createFakeMy(options: FakeMyOptions = {}) {
  const itemMaxBytes = options.itemMaxBytes ?? 200 * KB;
  const totalMaxBytes = options.totalMaxBytes ?? 10 * KB * KB;
  const storage = new Map<string, unknown>();
  const files = new Map<string, Uint8Array>();
  const networkListeners = new Set<(result: { isConnected: boolean; networkType: string }) => void>();
  const showListeners = new Set<(result: object) => void>();
  const requests: AlipayRequestLog[] = [];
  let networkType = options.networkType ?? 'WIFI';
  let tempCount = 0;
  const online = () => networkType !== 'NOTREACHABLE';

  /** Settles a callback API on a microtask: `success(result)` or `fail({ error, errorMessage })`. */
  function respond(callbacks: Callbacks, outcome: () => object): void {
    void Promise.resolve().then(() => {
      let result: object;
      try {
        result = outcome();
      } catch (error) {
        if (!(error instanceof Failure)) throw error;
        callbacks.fail?.(error.failure);
        callbacks.complete?.(error.failure);
        return;
      }
      callbacks.success?.(result);
      callbacks.complete?.(result);
    });
  }

  // ---- storage -------------------------------------------------------------------------
  const sizeOf = (key: string, value: unknown) => utf8(key) + utf8(JSON.stringify(value) ?? '');
  const used = () => [...storage].reduce((sum, [key, value]) => sum + sizeOf(key, value), 0);
  function store(key: unknown, data: unknown): void {
    if (typeof key !== 'string' || key === '') throw failure(2, '必填参数为空');
    const value = copy(data);
    if (utf8(JSON.stringify(value) ?? '') > itemMaxBytes) throw failure(14, 'data长度超限');
    const previous = storage.has(key) ? sizeOf(key, storage.get(key)) : 0;
    if (used() - previous + sizeOf(key, value) > totalMaxBytes) throw failure(12, '存储总大小达到上限');
    storage.set(key, value);
  }
  const storageInfo = () => ({ keys: [...storage.keys()], currentSize: Math.ceil(used() / KB), limitSize: Math.floor(totalMaxBytes / KB) });

  // ---- files ---------------------------------------------------------------------------
  function readBytes(path: string): Uint8Array {
    const bytes = files.get(path);
    if (!bytes) throw failure(10022, '文件/目录不存在');
    return bytes;
  }
  const addTempFile = (bytes: Uint8Array, extension = 'png'): string => {
    const path = `https://resource/apml${++tempCount}.${extension}`;
    files.set(path, new Uint8Array(bytes));
    return path;
  };
  const fileSystemManager = {
    copyFile: (o: { srcPath: string; destPath: string } & Callbacks) =>
      respond(o, () => {
        files.set(o.destPath, new Uint8Array(readBytes(o.srcPath)));
        return { success: true };
      }),
    unlink: (o: { filePath: string } & Callbacks) =>
      respond(o, () => {
        readBytes(o.filePath);
        files.delete(o.filePath);
        return { success: true };
      }),
    stat: (o: { path: string } & Callbacks) =>
      respond(o, () => {
        const now = Math.floor(Date.now() / 1000);
        return { stats: { mode: 33188, size: readBytes(o.path).byteLength, lastAccessedTime: now, lastModifiedTime: now } };
      }),
    access: (o: { path: string } & Callbacks) =>
      respond(o, () => {
        readBytes(o.path);
        return { success: true };
      }),
  };

  // ---- network -------------------------------------------------------------------------
  /** Runs fetch under Alipay's rules: timeout (error 13), no connection (12), abort (9). */
  function exchange(callbacks: Callbacks, timeout: number, perform: (signal: AbortSignal) => Promise<object>) {
    const controller = new AbortController();
    const ended = { by: '' as 'timeout' | 'abort' | '' };
    const timer = setTimeout(() => {
      ended.by = 'timeout';
      controller.abort();
    }, timeout);
    void (async () => {
      let settled: { ok: true; result: object } | { ok: false; failure: AlipayFailure };
      try {
        if (!online()) throw failure(12, '网络出错');
        settled = { ok: true, result: await perform(controller.signal) };
      } catch (error) {
        settled = {
          ok: false,
          failure:
            error instanceof Failure
              ? error.failure
              : ended.by === 'timeout'
                ? { error: 13, errorMessage: '请求超时' }
                : ended.by === 'abort'
                  ? { error: 9, errorMessage: 'request:fail abort' }
                  : { error: 12, errorMessage: '网络出错' },
        };
      } finally {
        clearTimeout(timer);
      }
      if (settled.ok) {
        callbacks.success?.(settled.result);
        callbacks.complete?.(settled.result);
      } else {
        callbacks.fail?.(settled.failure);
        callbacks.complete?.(settled.failure);
      }
    })();
    return {
      abort: () => {
        ended.by = 'abort';
        controller.abort();
      },
    };
  }
  const headerObject = (headers: Headers) => Object.fromEntries(headers.entries());

  const api = {
    env: { USER_DATA_PATH: 'https://usr', clientName: 'ap', clientVersion: '10.6.0', language: options.language ?? 'zh-Hans' },
    canIUse: (name: string) => name in api,

    setStorage: (o: { key: string; data: unknown } & Callbacks) => respond(o, () => (store(o.key, o.data), { success: true })),
    getStorage: (o: { key: string } & Callbacks) =>
      respond(o, () => {
        if (typeof o.key !== 'string' || o.key === '') throw failure(2, '必填参数为空。');
        return { data: storage.has(o.key) ? copy(storage.get(o.key)) : null };
      }),
    removeStorage: (o: { key: string } & Callbacks) => respond(o, () => (storage.delete(o.key), { success: true })),
    clearStorage: (o: Callbacks = {}) => respond(o, () => (storage.clear(), { success: true })),
    getStorageInfo: (o: Callbacks = {}) => respond(o, storageInfo),
    setStorageSync: (o: { key: string; data: unknown }) => (store(o.key, o.data), { success: true }),
    getStorageSync: (o: { key: string }) => ({ data: storage.has(o.key) ? copy(storage.get(o.key)) : null }),
    removeStorageSync: (o: { key: string }) => (storage.delete(o.key), { success: true }),
    getStorageInfoSync: storageInfo,

    getNetworkType: (o: Callbacks = {}) => respond(o, () => ({ networkAvailable: online(), networkType })),
    onNetworkStatusChange: (listener: (result: { isConnected: boolean; networkType: string }) => void) => void networkListeners.add(listener),
    offNetworkStatusChange: (listener?: (result: { isConnected: boolean; networkType: string }) => void) =>
      listener ? void networkListeners.delete(listener) : networkListeners.clear(),
    onAppShow: (listener: (result: object) => void) => void showListeners.add(listener),
    offAppShow: (listener?: (result: object) => void) => (listener ? void showListeners.delete(listener) : showListeners.clear()),

    getFileSystemManager: () => fileSystemManager,

    request(o: { url: string; method?: string; headers?: Record<string, string>; data?: unknown; dataType?: string; timeout?: number } & Callbacks) {
      const method = (o.method ?? 'GET').toUpperCase();
      const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
      requests.push({ url: o.url, method, headers, data: o.data });
      return exchange(o, o.timeout ?? 30_000, async (signal) => {
        let body: string | ArrayBuffer | undefined;
        if (o.data !== undefined && method !== 'GET') body = typeof o.data === 'string' || o.data instanceof ArrayBuffer ? o.data : JSON.stringify(o.data);
        const response = await fetch(o.url, { method, headers, body, signal });
        const text = await response.text();
        const answer = { status: response.status, headers: headerObject(response.headers) };
        let data: unknown = text;
        if ((o.dataType ?? 'json').toLowerCase() === 'json') {
          try {
            data = JSON.parse(text);
          } catch {
            throw failure(14, 'JSON parse data error', { ...answer, data: text });
          }
        }
        if (response.status >= 400) throw failure(19, 'http status error', { ...answer, data });
        return { ...answer, data };
      });
    },

    uploadFile(o: { url: string; filePath: string; name?: string; fileName?: string; fileType?: string; header?: Record<string, string>; formData?: Record<string, string>; timeout?: number } & Callbacks) {
      const name = o.name ?? o.fileName;
      requests.push({ url: o.url, method: 'POST', headers: { ...o.header }, data: undefined, upload: { name, fileType: o.fileType, filePath: o.filePath } });
      return exchange(o, o.timeout ?? 60_000, async (signal) => {
        if (!name || !['image', 'video', 'audio'].includes(o.fileType ?? '')) throw failure(11, '无效参数');
        const bytes = files.get(o.filePath);
        if (!bytes) throw failure(11, '文件不存在');
        const form = new FormData();
        for (const [key, value] of Object.entries(o.formData ?? {})) form.append(key, value);
        form.append(name, new Blob([new Uint8Array(bytes)]), o.filePath.split('/').pop());
        const response = await fetch(o.url, { method: 'POST', headers: o.header, body: form, signal });
        return { data: await response.text(), statusCode: response.status, header: headerObject(response.headers) };
      });
    },

    downloadFile(o: { url: string; header?: Record<string, string> } & Callbacks) {
      requests.push({ url: o.url, method: 'GET', headers: { ...o.header }, data: undefined });
      return exchange(o, 60_000, async (signal) => {
        const response = await fetch(o.url, { headers: o.header, signal });
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (!response.ok) throw failure(12, '下载失败');
        const path = addTempFile(bytes, (response.headers.get('content-type') ?? '').split('/')[1] ?? 'other');
        return { apFilePath: path, tempFilePath: path };
      });
    },

    getAppBaseInfo: () => ({ SDKVersion: '2.9.11', language: options.language ?? 'zh-Hans', version: '10.6.0' }),
    getSystemInfoSync: () => ({
      brand: 'Apple',
      model: 'iPhone15,2',
      system: '17.0',
      platform: 'iOS',
      version: '10.6.0',
      SDKVersion: '2.9.11',
      language: options.language ?? 'zh-Hans',
      app: 'alipay',
      pixelRatio: 3,
      windowWidth: 393,
      windowHeight: 852,
    }),
  };

  return Object.assign(api, {
    /** What is stored, by key. */
    storage,
    /** Every file, by path (temp files and USER_DATA_PATH). */
    files,
    /** Every `request`, `uploadFile` and `downloadFile`, in order. */
    requests,
    /** Changes the network (Alipay's capitals) and tells the `onNetworkStatusChange` listeners. */
    setNetwork(type: string): void {
      networkType = type;
      networkListeners.forEach((listener) => listener({ isConnected: online(), networkType: type }));
    },
    /** The app comes to the foreground. */
    show(): void {
      showListeners.forEach((listener) => listener({ path: 'pages/index/index', scene: '1001' }));
    },
    /** A temp file as `chooseImage` would give it (`https://resource/…`); returns its path. */
    addTempFile,
  });
}

export type FakeMy = ReturnType<typeof createFakeMy>;

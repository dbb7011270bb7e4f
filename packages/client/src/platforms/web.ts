import { NETWORK_TYPES, type NetworkType } from '@fankui/core';
import { memoryStorage, missingFile, uploadBlob } from '../adapters/memory';
import type { FileAdapter, LifecycleAdapter, NetworkAdapter, StorageAdapter } from '../adapters/types';
import { globalScope } from '../compat';
import { ClientError, HttpError, StorageFullError } from '../errors';
import type { BlobLike } from '../transport/types';

/** The browser globals the web adapters use, declared here so the types need no DOM lib. */
interface WebStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}
interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}
interface IdbRequest<T = unknown> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbDatabase {
  createObjectStore(name: string): unknown;
  transaction(store: string, mode: 'readonly' | 'readwrite'): {
    objectStore(name: string): { put(value: unknown, key: string): IdbRequest; get(key: string): IdbRequest; delete(key: string): IdbRequest };
    oncomplete: (() => void) | null;
    onerror: (() => void) | null;
    onabort: (() => void) | null;
    error: unknown;
  };
}
interface WebGlobals extends Partial<EventTargetLike> {
  localStorage?: WebStorage;
  navigator?: { onLine?: boolean; connection?: { type?: string; effectiveType?: string } };
  document?: EventTargetLike & { visibilityState?: string };
  indexedDB?: { open(name: string, version: number): IdbRequest<IdbDatabase> & { onupgradeneeded: (() => void) | null } };
  fetch?: (url: string) => Promise<{ blob(): Promise<BlobLike> }>;
  URL?: { createObjectURL?(blob: BlobLike): string; revokeObjectURL?(url: string): void };
}

const web = () => globalScope() as WebGlobals;

const isQuota = (error: unknown) => /quota/i.test(String((error && (error as { name?: string }).name) || '') + String(error));

/** A `blob:` URL for `blob`, where the platform can make one. */
const objectUrl = (blob: BlobLike) => {
  const urls = web().URL;
  return urls && urls.createObjectURL ? urls.createObjectURL(blob) : undefined;
};

/**
 * Storage over `localStorage` (wrapped as async), or memory when it is unavailable
 * (private mode, a sandboxed iframe). A quota error becomes `StorageFullError`.
 *
 * @example const storage = webStorage();
 */
export function webStorage(): StorageAdapter {
  let local: WebStorage | undefined;
  try {
    local = web().localStorage; // the getter itself throws where storage is blocked
  } catch {
    local = undefined;
  }
  if (!local) return memoryStorage();
  const store = local;
  return {
    async get(key) {
      return store.getItem(key);
    },
    async set(key, value) {
      try {
        store.setItem(key, value);
      } catch (error) {
        throw isQuota(error) ? new StorageFullError(String(error)) : new ClientError('storage_error', String(error));
      }
    },
    async remove(key) {
      store.removeItem(key);
    },
    async keys() {
      return Array.from({ length: store.length }, (_, index) => store.key(index)).filter((key): key is string => key !== null);
    },
  };
}

/**
 * `navigator.onLine` with the window's `online` / `offline` events.
 *
 * @example const network = webNetwork();
 */
export function webNetwork(): NetworkAdapter {
  const status = () => {
    const { navigator } = web();
    const online = !navigator || navigator.onLine !== false;
    const connection = navigator && navigator.connection;
    const reported = connection && (connection.type == null ? connection.effectiveType : connection.type);
    const type: NetworkType = !online ? 'none' : NETWORK_TYPES.includes(reported as NetworkType) ? (reported as NetworkType) : 'unknown';
    return { online, type };
  };
  return {
    current: async () => status(),
    subscribe(listener) {
      const target = web();
      const onChange = () => listener(status());
      if (target.addEventListener) {
        target.addEventListener('online', onChange);
        target.addEventListener('offline', onChange);
      }
      return () => {
        if (!target.removeEventListener) return;
        target.removeEventListener('online', onChange);
        target.removeEventListener('offline', onChange);
      };
    },
  };
}

/**
 * "The page is visible again", from `visibilitychange`.
 *
 * @example const lifecycle = webLifecycle();
 */
export function webLifecycle(): LifecycleAdapter {
  return {
    onShow(listener) {
      const { document } = web();
      if (!document) return () => undefined;
      const onChange = () => document.visibilityState === 'visible' && listener();
      document.addEventListener('visibilitychange', onChange);
      return () => document.removeEventListener('visibilitychange', onChange);
    },
  };
}

const settle = <T>(request: IdbRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * Picked files kept as Blobs in IndexedDB (database `fankui`, store `files`), so they
 * survive a reload; uploaded as the raw body. Undefined where IndexedDB is missing. Each
 * kept file's `uri` is a `blob:` URL, revoked when the file is removed; it does not
 * survive the page.
 *
 * @example const files = webFiles();
 */
export function webFiles(): FileAdapter | undefined {
  const factory = web().indexedDB;
  if (!factory) return undefined;
  const urls = new Map<string, string>();
  let opened: Promise<IdbDatabase> | undefined;
  const open = () => {
    if (!opened) {
      const request = factory.open('fankui', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('files');
      opened = settle(request);
    }
    return opened;
  };
  const run = async <T>(mode: 'readonly' | 'readwrite', operation: (store: ReturnType<ReturnType<IdbDatabase['transaction']>['objectStore']>) => IdbRequest<T>) => {
    const transaction = (await open()).transaction('files', mode);
    const request = operation(transaction.objectStore('files'));
    return new Promise<T>((resolve, reject) => {
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = transaction.onabort = () => {
        const error = transaction.error || request.error;
        reject(isQuota(error) ? new StorageFullError(String(error)) : new ClientError('storage_error', String(error)));
      };
    });
  };
  return {
    async persist(source, id) {
      const blob = typeof source === 'string' ? await (await web().fetch!(source)).blob() : source;
      await run('readwrite', (store) => store.put(blob, id));
      const uri = objectUrl(blob);
      if (uri) urls.set(id, uri);
      return { size: blob.size, uri };
    },
    async remove(id) {
      const uri = urls.get(id);
      const urlApi = web().URL;
      if (uri && urlApi && urlApi.revokeObjectURL) urlApi.revokeObjectURL(uri);
      urls.delete(id);
      await run('readwrite', (store) => store.delete(id));
    },
    async upload(id, request, transport) {
      const blob = (await run('readonly', (store) => store.get(id))) as BlobLike | undefined;
      if (!blob) throw missingFile(id);
      return uploadBlob(blob, request, transport);
    },
    async download(request, transport) {
      const response = await transport.send(Object.assign({}, request, { method: 'GET' as const, responseType: 'blob' as const }));
      if (response.status !== 200) throw new HttpError(response.status, response.json);
      const url = response.blob && objectUrl(response.blob);
      // A transport that cannot hand over bytes (Taro.request on H5) cannot show images.
      if (!url) throw new ClientError('unsupported', 'The transport answers no blob: no attachment can be shown');
      return url;
    },
  };
}

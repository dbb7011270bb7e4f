import { NETWORK_TYPES, resolveLocale, type NetworkType, type Platform } from '@fankui/core';
import type { FileAdapter, LifecycleAdapter, NetworkAdapter, NetworkStatus, RandomSource, StorageAdapter, UploadRequest } from '../adapters/types';
import { createClient, type Client } from '../client';
import { ClientError, HttpError, StorageFullError } from '../errors';
import type { ClientOptions, SubmissionFacts } from '../options';
import { callMini, errMsgOf, miniExchange, createMiniTransport, type MiniCallbacks, type MiniFailure, type MiniRequestApi } from '../transport/mini';
import { parseJsonBody } from '../transport/types';
import { missingFile } from '../adapters/memory';

type Api<O, R = unknown> = (options: O & MiniCallbacks<R>) => unknown;

/** The file system manager calls the files adapter uses. */
export interface MiniFileSystem {
  copyFile: Api<{ srcPath: string; destPath: string }>;
  unlink: Api<{ filePath: string }>;
  // `stats` is typed loosely on purpose: Taro declares it as `Stats | IAnyObject`.
  stat: Api<{ path: string }, { stats: unknown }>;
  access: Api<{ path: string }>;
}

/**
 * What the adapters use of `wx` (and of `Taro`, `my`, `tt`…, which mirror it). Every
 * member but storage and request is optional: a platform without it loses only that
 * feature (no network events, no attachments…).
 */
export interface MiniApi extends MiniRequestApi {
  setStorage: Api<{ key: string; data: string }>;
  getStorage: Api<{ key: string }, { data: unknown }>;
  removeStorage: Api<{ key: string }>;
  getStorageInfo: Api<object, { keys: string[] }>;
  getNetworkType?: Api<object, { networkType: string }>;
  onNetworkStatusChange?(listener: (result: { isConnected: boolean; networkType: string }) => void): void;
  offNetworkStatusChange?(listener: (result: { isConnected: boolean; networkType: string }) => void): void;
  onAppShow?(listener: () => void): void;
  offAppShow?(listener: () => void): void;
  getFileSystemManager?(): MiniFileSystem;
  uploadFile?: Api<{ url: string; filePath: string; name: string; header: Record<string, string>; timeout: number }, { statusCode: number; data: unknown }>;
  downloadFile?: Api<{ url: string; header: Record<string, string>; timeout: number }, { statusCode: number; tempFilePath: string }>;
  getRandomValues?: Api<{ length: number }, { randomValues: ArrayBuffer }>;
  login?: Api<object, { code: string }>;
  // `object`, read as a record: Taro types these as interfaces without an index signature.
  getDeviceInfo?(): object;
  getAppBaseInfo?(): object;
  env?: { USER_DATA_PATH?: string };
}

/** WeChat reports a full storage as `setStorage:fail exceed storage max size` (or `…item max length` for one key over 1 MB). */
const isFull = (error: MiniFailure) => /exceed|max size|max length|quota|limit/i.test(errMsgOf(error, ''));

const storageError = (error: MiniFailure) =>
  isFull(error) ? new StorageFullError(error.errMsg, { errMsg: error.errMsg }) : new ClientError('storage_error', errMsgOf(error, 'Storage failed'));

/**
 * Storage over the asynchronous `wx.setStorage` family (the sync ones block the UI
 * thread). WeChat's "storage full" failures become `StorageFullError`.
 *
 * @example const storage = miniStorage(wx);
 */
export function miniStorage(api: MiniApi): StorageAdapter {
  const run = <R, O extends object>(call: Api<O, R>, options: O) =>
    callMini(call, options).catch((error: MiniFailure) => {
      throw storageError(error);
    });
  return {
    get: (key) =>
      callMini(api.getStorage, { key }).then(
        // Douyin answers a missing key with '' (we never store ''), Alipay with null.
        ({ data }) => (data == null || data === '' ? null : typeof data === 'string' ? data : JSON.stringify(data)),
        (error: MiniFailure) => {
          if (/not found|not exist/i.test(errMsgOf(error, ''))) return null;
          throw storageError(error);
        },
      ),
    set: (key, data) => run(api.setStorage, { key, data }).then(() => undefined),
    remove: (key) => run(api.removeStorage, { key }).then(() => undefined),
    keys: () => run(api.getStorageInfo, {}).then(({ keys }) => keys),
  };
}

const networkType = (type: string): NetworkType => (NETWORK_TYPES.includes(type as NetworkType) ? (type as NetworkType) : 'unknown');

/**
 * Network status from `wx.getNetworkType` and `wx.onNetworkStatusChange`.
 *
 * @example const network = miniNetwork(wx);
 */
export function miniNetwork(api: MiniApi): NetworkAdapter {
  return {
    // A missing API rejects like a failing one (callMini calls it inside the promise): "online, unknown".
    current: () =>
      callMini(api.getNetworkType!, {}).then(
        ({ networkType: type }) => ({ online: type !== 'none', type: networkType(type) }),
        () => ({ online: true, type: 'unknown' as const }),
      ),
    subscribe(listener) {
      const onChange = (result: { isConnected: boolean; networkType: string }) =>
        listener({ online: result.isConnected, type: networkType(result.networkType) } satisfies NetworkStatus);
      if (api.onNetworkStatusChange) api.onNetworkStatusChange(onChange);
      return () => {
        if (api.offNetworkStatusChange) api.offNetworkStatusChange(onChange);
      };
    },
  };
}

/**
 * "The app came to the foreground", from `wx.onAppShow`.
 *
 * @example const lifecycle = miniLifecycle(wx);
 */
export function miniLifecycle(api: MiniApi): LifecycleAdapter {
  return {
    onShow(listener) {
      const onShow = () => listener();
      if (api.onAppShow) api.onAppShow(onShow);
      return () => {
        if (api.offAppShow) api.offAppShow(onShow);
      };
    },
  };
}

/**
 * Picked images copied into `USER_DATA_PATH` (temp files do not survive a restart) and
 * uploaded with `wx.uploadFile` as the multipart `file` part; attachments shown with
 * `wx.downloadFile` (an `<image src>` cannot send the reporter's token).
 *
 * @example const files = miniFiles(wx);
 */
export function miniFiles(api: MiniApi): FileAdapter | undefined {
  const fs = api.getFileSystemManager && api.getFileSystemManager();
  const root = api.env && api.env.USER_DATA_PATH;
  const { uploadFile, downloadFile } = api;
  if (!fs || !root || !uploadFile) return undefined;
  const pathOf = (id: string) => `${root}/fankui-${id}`;
  /** `wx.uploadFile` / `wx.downloadFile` under the transport's rules (timeout, typed failures). */
  const transfer = <R, O extends object>(call: Api<O & { url: string; header: Record<string, string>; timeout: number }, R>, request: UploadRequest, options: O) =>
    miniExchange<R>(request.timeoutMs, undefined, (callbacks) =>
      call(Object.assign(options, { url: request.url, header: request.headers, timeout: request.timeoutMs }, callbacks)),
    );
  return {
    async persist(source, id) {
      if (typeof source !== 'string') throw new ClientError('unsupported', 'Pass a file path');
      const path = pathOf(id);
      await callMini(fs.copyFile, { srcPath: source, destPath: path }).catch((error: MiniFailure) => {
        throw isFull(error) ? new StorageFullError(error.errMsg) : new ClientError('attachment_missing', errMsgOf(error, 'Cannot copy the file'), { source });
      });
      const { stats } = await callMini(fs.stat, { path });
      const size = stats && (stats as { size?: unknown }).size;
      return { size: typeof size === 'number' ? size : 0, uri: path };
    },
    remove: (id) => callMini(fs.unlink, { filePath: pathOf(id) }).then(
      () => undefined,
      () => undefined,
    ),
    async upload(id, request) {
      const filePath = pathOf(id);
      await callMini(fs.access, { path: filePath }).catch(() => {
        throw missingFile(id);
      });
      const { statusCode, data } = await transfer(uploadFile, request, { filePath, name: 'file' });
      // uploadFile exposes no response headers.
      return { status: statusCode, headers: () => null, json: parseJsonBody(data) };
    },
    download:
      downloadFile &&
      (async (request) => {
        const { statusCode, tempFilePath } = await transfer(downloadFile, request, {});
        // WeChat saves any answer to a file: a 404's JSON error too.
        if (statusCode !== 200) throw new HttpError(statusCode);
        return tempFilePath;
      }),
  };
}

/**
 * `wx.getRandomValues` (base library 2.22.0 and later). Where it is missing or fails, the
 * source rejects with a `ClientError` coded `insecure_random` instead of falling back in
 * silence: the client then makes local ids from `Math.random` (they need not be secret) and
 * reports the reporter secret it has to make that way (see docs/client.md).
 *
 * @example const random = miniRandom(wx);
 */
export function miniRandom(api: MiniApi): RandomSource {
  // A missing API rejects like a failing one (callMini calls it inside the promise).
  return (length) =>
    callMini(api.getRandomValues!, { length }).then(
      ({ randomValues }) => new Uint8Array(randomValues),
      (error: MiniFailure) => {
        throw new ClientError('insecure_random', 'No wx.getRandomValues', { errMsg: errMsgOf(error, undefined) });
      },
    );
}

/**
 * `wx.getDeviceInfo()` / `wx.getAppBaseInfo()`, or `{}` where the API is missing or throws
 * (some base libraries and Taro targets throw "not supported"): device facts are optional.
 */
const infoOf = (api: MiniApi, name: 'getDeviceInfo' | 'getAppBaseInfo'): Record<string, unknown> => {
  try {
    const read = api[name];
    return ((read && read.call(api)) || {}) as Record<string, unknown>;
  } catch {
    return {};
  }
};

/** Device facts for a submission's context, from the non-deprecated wx APIs. */
function miniFacts(api: MiniApi, pages: (() => { route?: string }[]) | undefined): () => SubmissionFacts {
  return () => {
    const device = infoOf(api, 'getDeviceInfo');
    const app = infoOf(api, 'getAppBaseInfo');
    const current = pages && pages().slice(-1)[0];
    return {
      pagePath: current && current.route,
      system: { brand: device.brand, model: device.model, system: device.system, platform: device.platform, SDKVersion: app.SDKVersion, hostVersion: app.version },
    };
  };
}

/** What a mini-program client takes beyond the endpoint: everything else has a platform default. */
export type MiniClientOptions = Omit<ClientOptions, 'transport' | 'storage' | 'platform'> &
  Partial<Pick<ClientOptions, 'transport' | 'storage' | 'platform'>> & {
    /** Subscribe messages (订阅消息): send a `wx.login` code with submissions that accepted templates. */
    subscribe?: boolean;
  };

/** A client wired to a mini-program API object (shared by the wx and Taro entries). */
export function createMiniClient(api: MiniApi, options: MiniClientOptions, platform: Platform, pages?: () => { route?: string }[]): Client {
  const { language } = infoOf(api, 'getAppBaseInfo');
  return createClient(
    Object.assign(
      {
    transport: createMiniTransport(api),
    storage: miniStorage(api),
    network: miniNetwork(api),
    lifecycle: miniLifecycle(api),
    // Given files (Taro H5: IndexedDB) spare the probe, which logs on platforms without a file system.
    files: 'files' in options ? options.files : miniFiles(api),
    random: miniRandom(api),
    context: miniFacts(api, pages),
    locale: resolveLocale(typeof language === 'string' ? language : undefined),
    platform,
    loginCode: options.subscribe && api.login ? () => callMini(api.login!, {}).then((result) => result.code) : undefined,
      },
      options,
    ),
  );
}

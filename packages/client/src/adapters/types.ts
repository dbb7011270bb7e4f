import type { NetworkType } from '@fankui/core';
import type { BlobLike, Transport, TransportRequest, TransportResponse } from '../transport/types';

/**
 * Durable string storage: WeChat's `wx.setStorage`, `localStorage`, a Map. Values are
 * strings (the client serialises) so sizes are known exactly. `set` rejects with
 * `StorageFullError` when the platform's quota is hit, so the queue can evict and retry.
 *
 * @example const storage: StorageAdapter = memoryStorage();
 */
export interface StorageAdapter {
  /** The value, or null when there is none. */
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** Every key in this storage (the client filters its own by the `fankui:` prefix). */
  keys(): Promise<string[]>;
}

export interface NetworkStatus {
  online: boolean;
  type: NetworkType;
}

/**
 * Whether the device is online, and when that changes (`wx.onNetworkStatusChange`,
 * the browser's online/offline events).
 *
 * @example const network: NetworkAdapter = memoryNetwork({ online: false });
 */
export interface NetworkAdapter {
  current(): Promise<NetworkStatus>;
  /** Returns a function that unsubscribes. */
  subscribe(listener: (status: NetworkStatus) => void): () => void;
}

/**
 * The app coming back to the foreground (`wx.onAppShow`, `visibilitychange`): a good
 * moment to flush.
 *
 * @example const lifecycle: LifecycleAdapter = memoryLifecycle();
 */
export interface LifecycleAdapter {
  onShow(listener: () => void): () => void;
}

/** What `upload` is given: the attachments route, with auth and timeout filled in. */
export type UploadRequest = Pick<TransportRequest, 'url' | 'headers' | 'timeoutMs'>;

/**
 * Files picked for a submission, kept until the submission is acknowledged. WeChat's
 * temporary files vanish, so `persist` copies them into user data storage at once.
 *
 * @example const files: FileAdapter = memoryFiles();
 */
export interface FileAdapter {
  /**
   * Copies a picked file (a platform path, or a Blob) to persistent storage under `id`;
   * returns its size and, when the copy can be shown, its `uri` (a path or URL for an image
   * `src`: see `AttachmentRef.uri`).
   */
  persist(source: string | BlobLike, id: string): Promise<{ size: number; uri?: string }>;
  /** Deletes the persisted copy (and releases its `uri`); missing files are not an error. */
  remove(id: string): Promise<void>;
  /**
   * Uploads the persisted file to `request.url`: `wx.uploadFile`'s multipart `file` part in
   * mini-programs, the raw bytes through `transport` elsewhere. Rejects with
   * `NetworkError`/`TimeoutError` like a transport, or with a `ClientError` coded
   * `attachment_missing` when the persisted copy is gone.
   */
  upload(id: string, request: UploadRequest, transport: Transport): Promise<TransportResponse>;
  /**
   * Downloads one of the reporter's attachments (`request.url` is `GET /v1/attachments/{id}`,
   * with auth and timeout filled in) into something an image `src` shows: `wx.downloadFile`'s
   * temp file path in mini-programs, an object URL of the bytes fetched through `transport`
   * on the web. Rejects with `HttpError` for an answer other than 200 (404: not this
   * reporter's), `NetworkError`/`TimeoutError` like a transport. Optional: without it
   * `attachments.view` rejects with `unsupported`.
   */
  download?(request: UploadRequest, transport: Transport): Promise<string>;
}

/** Cryptographically random bytes (`crypto.getRandomValues`, `wx.getRandomValues`). */
export type RandomSource = (length: number) => Promise<Uint8Array>;

import type { NetworkType } from '@fankui/core';
import { ClientError, StorageFullError } from '../errors';
import { utf8Length } from '../ids';
import type { BlobLike, Transport, TransportResponse } from '../transport/types';
import type { FileAdapter, LifecycleAdapter, NetworkAdapter, NetworkStatus, StorageAdapter, UploadRequest } from './types';

/**
 * Storage in a Map: for tests, Node scripts and as a fallback where nothing durable
 * exists. Pass the same `data` to several clients to simulate restarts over one device's
 * storage; `maxBytes` simulates a quota (keys + values, UTF-8).
 *
 * @example
 * const data = new Map<string, string>();
 * const storage = memoryStorage({ data, maxBytes: 10 * 1024 * 1024 });
 */
export function memoryStorage(options: { data?: Map<string, string>; maxBytes?: number } = {}): StorageAdapter & { data: Map<string, string> } {
  const data = options.data || new Map<string, string>();
  const used = () => [...data].reduce((sum, [key, value]) => sum + utf8Length(key) + utf8Length(value), 0);
  return {
    data,
    async get(key) {
      const value = data.get(key);
      return value === undefined ? null : value;
    },
    async set(key, value) {
      const previous = data.get(key);
      const grows = utf8Length(key) + utf8Length(value) - (previous === undefined ? 0 : utf8Length(key) + utf8Length(previous));
      if (options.maxBytes !== undefined && used() + grows > options.maxBytes) throw new StorageFullError();
      data.set(key, value);
    },
    async remove(key) {
      data.delete(key);
    },
    async keys() {
      return [...data.keys()];
    },
  };
}

/**
 * Network status you set by hand.
 *
 * @example
 * const network = memoryNetwork({ online: false });
 * network.set({ online: true }); // the client flushes
 */
export function memoryNetwork(initial: { online?: boolean; type?: NetworkType } = {}): NetworkAdapter & { set(status: { online: boolean; type?: NetworkType }): void } {
  let status: NetworkStatus = { online: initial.online == null ? true : initial.online, type: initial.type || 'unknown' };
  const listeners = new Set<(status: NetworkStatus) => void>();
  return {
    async current() {
      return status;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set(next) {
      status = { online: next.online, type: next.type || (next.online ? 'unknown' : 'none') };
      listeners.forEach((listener) => listener(status));
    },
  };
}

/**
 * An app lifecycle you drive by hand.
 *
 * @example
 * const lifecycle = memoryLifecycle();
 * lifecycle.show(); // the client flushes
 */
export function memoryLifecycle(): LifecycleAdapter & { show(): void } {
  const listeners = new Set<() => void>();
  return {
    onShow(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    show() {
      listeners.forEach((listener) => listener());
    },
  };
}

/** Uploads a Blob as the raw request body, the way browsers and Node send images. */
export function uploadBlob(blob: BlobLike, request: UploadRequest, transport: Transport): Promise<TransportResponse> {
  return transport.send(
    Object.assign({}, request, {
      method: 'POST' as const,
      headers: Object.assign({}, request.headers, { 'content-type': blob.type || 'application/octet-stream' }),
      body: blob,
    }),
  );
}

export const missingFile = (id: string) => new ClientError('attachment_missing', `${id} is no longer stored`, { fileId: id });

/**
 * Files kept in memory (Blobs), uploaded as raw bodies through the client's transport.
 *
 * @example
 * const files = memoryFiles();
 * const client = createClient({ endpoint, transport, storage, files });
 * await client.attachments.add(new Blob([pngBytes], { type: 'image/png' }));
 */
export function memoryFiles(): FileAdapter & { files: Map<string, BlobLike> } {
  const files = new Map<string, BlobLike>();
  return {
    files,
    async persist(source, id) {
      const blob = typeof source === 'string' ? new Blob([source]) : source;
      files.set(id, blob);
      return { size: blob.size };
    },
    async remove(id) {
      files.delete(id);
    },
    async upload(id, request, transport) {
      const blob = files.get(id);
      if (!blob) throw missingFile(id);
      return uploadBlob(blob, request, transport);
    },
  };
}

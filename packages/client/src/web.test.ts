import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeBackend } from '../tests/support/fake-backend';
import { fakeIndexedDB } from '../tests/support/fake-indexeddb';
import { StorageFullError } from './errors';
import { webFiles, webLifecycle, webNetwork, webStorage } from './web';

/** A localStorage with a quota, throwing what browsers throw. */
function fakeLocalStorage(quota = 1_000) {
  const data = new Map<string, string>();
  const used = () => [...data].reduce((sum, [key, value]) => sum + key.length + value.length, 0);
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem(key: string, value: string) {
      if (used() - (data.get(key)?.length ?? 0) + value.length > quota) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      data.set(key, value);
    },
    removeItem: (key: string) => void data.delete(key),
    key: (index: number) => [...data.keys()][index] ?? null,
    get length() {
      return data.size;
    },
  };
}

function fakeTarget() {
  const listeners = new Map<string, Set<() => void>>();
  return {
    addEventListener: (type: string, listener: () => void) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(listener),
    removeEventListener: (type: string, listener: () => void) => void listeners.get(type)?.delete(listener),
    dispatch: (type: string) => listeners.get(type)?.forEach((listener) => listener()),
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('web adapters', () => {
  it('storage: localStorage as async storage; a quota error becomes StorageFullError', async () => {
    vi.stubGlobal('localStorage', fakeLocalStorage());
    const storage = webStorage();
    await storage.set('fankui:a', 'x');
    expect(await storage.get('fankui:a')).toBe('x');
    expect(await storage.keys()).toEqual(['fankui:a']);
    await expect(storage.set('fankui:b', 'y'.repeat(2_000))).rejects.toBeInstanceOf(StorageFullError);
    await storage.remove('fankui:a');
    expect(await storage.get('fankui:a')).toBeNull();
  });

  it('storage: falls back to memory where localStorage is blocked', async () => {
    vi.stubGlobal('localStorage', undefined);
    const storage = webStorage();
    await storage.set('k', 'v');
    expect(await storage.get('k')).toBe('v');
  });

  it('network: navigator.onLine and the online/offline events', async () => {
    const window = fakeTarget();
    const navigator = { onLine: false, connection: { effectiveType: '4g' } };
    vi.stubGlobal('navigator', navigator);
    vi.stubGlobal('addEventListener', window.addEventListener);
    vi.stubGlobal('removeEventListener', window.removeEventListener);
    const network = webNetwork();
    expect(await network.current()).toEqual({ online: false, type: 'none' });
    const seen: unknown[] = [];
    const off = network.subscribe((status) => seen.push(status));
    navigator.onLine = true;
    window.dispatch('online');
    off();
    window.dispatch('offline');
    expect(seen).toEqual([{ online: true, type: '4g' }]);
  });

  it('lifecycle: visibilitychange to visible', () => {
    const document = { ...fakeTarget(), visibilityState: 'hidden' };
    vi.stubGlobal('document', document);
    let shows = 0;
    const off = webLifecycle().onShow(() => shows++);
    document.dispatch('visibilitychange');
    document.visibilityState = 'visible';
    document.dispatch('visibilitychange');
    off();
    document.dispatch('visibilitychange');
    expect(shows).toBe(1);
  });

  it('files: none without IndexedDB', () => {
    vi.stubGlobal('indexedDB', undefined);
    expect(webFiles()).toBeUndefined();
  });

  it('files: kept in IndexedDB with a blob: URL to show them, revoked on removal; uploaded as the raw body', async () => {
    const indexedDB = fakeIndexedDB();
    vi.stubGlobal('indexedDB', indexedDB);
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const files = webFiles()!;
    const picked = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
    const { size, uri } = await files.persist(picked, 'local-1');
    expect(size).toBe(4);
    expect(uri).toMatch(/^blob:/);
    expect(indexedDB.databases.get('fankui')?.get('files')?.get('local-1')).toBe(picked);
    const backend = createFakeBackend();
    const response = await files.upload('local-1', { url: 'https://feedback.test/v1/attachments', headers: {}, timeoutMs: 5_000 }, backend.transport);
    expect(response.status).toBe(201);
    expect([...backend.attachments.values()]).toEqual([{ bytes: 4, type: 'image/png' }]);
    await files.remove('local-1');
    expect(revoke).toHaveBeenCalledWith(uri);
    await expect(files.upload('local-1', { url: 'https://feedback.test/v1/attachments', headers: {}, timeoutMs: 5_000 }, backend.transport)).rejects.toMatchObject({
      code: 'attachment_missing',
    });
  });
});

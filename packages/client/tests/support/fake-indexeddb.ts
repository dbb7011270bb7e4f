/**
 * The part of IndexedDB that `webFiles` uses (open with an upgrade, one object store,
 * put/get/delete in transactions), in memory. Every request settles on a microtask, after
 * the caller has attached its handlers, as in a browser; a transaction completes after its
 * request succeeded. Values are kept as given (no structured clone).
 *
 * @example
 * const indexedDB = fakeIndexedDB();
 * vi.stubGlobal('indexedDB', indexedDB);
 * indexedDB.databases.get('fankui')?.get('files'); // what is stored
 */
type Handler = (() => void) | null;

interface FakeRequest {
  result: unknown;
  error: unknown;
  onsuccess: Handler;
  onerror: Handler;
}

export function fakeIndexedDB() {
  const databases = new Map<string, Map<string, Map<string, unknown>>>();

  function database(stores: Map<string, Map<string, unknown>>) {
    return {
      createObjectStore: (name: string) => void stores.set(name, new Map()),
      transaction(name: string) {
        const data = stores.get(name);
        if (!data) throw new Error(`NotFoundError: no object store ${name}`);
        const transaction = { error: null as unknown, oncomplete: null as Handler, onerror: null as Handler, onabort: null as Handler, objectStore: () => store };
        const operation = (work: () => unknown): FakeRequest => {
          const request: FakeRequest = { result: undefined, error: null, onsuccess: null, onerror: null };
          queueMicrotask(() => {
            request.result = work();
            request.onsuccess?.();
            queueMicrotask(() => transaction.oncomplete?.());
          });
          return request;
        };
        const store = {
          put: (value: unknown, key: string) => operation(() => (data.set(key, value), key)),
          get: (key: string) => operation(() => data.get(key)),
          delete: (key: string) => operation(() => void data.delete(key)),
        };
        return transaction;
      },
    };
  }

  return {
    databases,
    open(name: string, _version: number) {
      const request: FakeRequest & { onupgradeneeded: Handler } = { result: undefined, error: null, onsuccess: null, onerror: null, onupgradeneeded: null };
      queueMicrotask(() => {
        const existing = databases.get(name);
        const stores = existing ?? new Map<string, Map<string, unknown>>();
        databases.set(name, stores);
        request.result = database(stores);
        if (!existing) request.onupgradeneeded?.();
        request.onsuccess?.();
      });
      return request;
    },
  };
}

/**
 * Plain-code stand-ins for built-ins newer than ES2017. Everything in this package runs in
 * mini-programs whose oldest supported runtimes (iOS JavaScriptCore before 12.2, old
 * Android X5) lack `Object.fromEntries`, `Array.prototype.flat`,
 * `Promise.prototype.finally` and `globalThis`: a call to one of them throws a TypeError at
 * run time, after the build has passed. The shared helpers live here, once.
 */

/** `Object.fromEntries` for `[key, value]` pairs. */
export function fromEntries<V>(pairs: Iterable<readonly [string, V]>): Record<string, V> {
  const record: Record<string, V> = {};
  for (const [key, value] of pairs) record[key] = value;
  return record;
}

/** `array.flat()`: one level of nested arrays spread into one array. */
export function flatten<T>(values: readonly (T | readonly T[])[]): T[] {
  const flat: T[] = [];
  for (const value of values) {
    if (Array.isArray(value)) flat.push(...(value as readonly T[]));
    else flat.push(value as T);
  }
  return flat;
}

/** `promise.finally(cleanup)`: runs `cleanup` once the promise settles, keeping its outcome. */
export function always<T>(promise: Promise<T>, cleanup: () => void): Promise<T> {
  return promise.then(
    (value) => {
      cleanup();
      return value;
    },
    (error: unknown) => {
      cleanup();
      throw error;
    },
  );
}

declare const self: object | undefined;
declare const window: object | undefined;
declare const global: object | undefined;

/**
 * The global object (`globalThis` where it exists): `self` in browsers and workers,
 * `window` in older browsers, `global` in Node. Mini-programs have none of these bound
 * to their APIs, and none is needed there.
 */
export function globalScope(): Record<string, unknown> {
  if (typeof self !== 'undefined' && self) return self as Record<string, unknown>;
  if (typeof window !== 'undefined' && window) return window as Record<string, unknown>;
  if (typeof global !== 'undefined' && global) return global as Record<string, unknown>;
  return {};
}

/**
 * Stand-ins for built-ins newer than ES2017, where plain code at the call site would not do.
 * Everything in this package runs in mini-programs whose oldest supported runtimes (iOS
 * JavaScriptCore before 12.2, old Android X5) lack `Object.fromEntries`,
 * `Array.prototype.flat`, `Promise.prototype.finally` and `globalThis`: a call to one of
 * them throws a TypeError at run time, after the build has passed. (The others are written
 * out where used: a loop for `fromEntries`, `concat` for `flat`, and the queue clears its
 * running flush itself instead of in `finally`.)
 *
 * Newer syntax is written out too (`Object.assign` for object spread, `omit` below for rest,
 * `&&` or a null check for `?.` and `??`): lowered by the build, each site would cost a
 * helper or a temporary, and the mini-program budget is counted in bytes.
 */

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

/**
 * A shallow copy of `object` without `key`: `const { key, ...rest } = object` without the
 * helper the ES2017 build would add for object rest.
 *
 * @example createMiniClient(api, omit(options, 'wx'), 'weapp')
 */
export function omit<T extends object, K extends keyof T>(object: T, key: K): Omit<T, K> {
  const rest = Object.assign({}, object);
  delete rest[key];
  return rest;
}

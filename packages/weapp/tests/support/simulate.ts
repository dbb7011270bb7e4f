/**
 * The test harness for @fankui/weapp: BUILT components from miniprogram_dist, loaded by
 * miniprogram-simulate with WeChat's official WXML compiler (`wcc`), so a template error
 * fails the test; the faithful `wx` fake of the client tests as the global `wx`; every
 * `setData` recorded with its size.
 *
 * @example
 * const wx = useFakeWx();                                  // global `wx` for this test file
 * const { configure, createWxClient, DEFAULT_FORM } = weapp();
 * configure({ client: createWxClient({ endpoint, form: DEFAULT_FORM, wx }) });
 * const entry = mount('fankui-entry', { type: 'cell' });
 * await tap(entry, '.fankui-entry');
 * expect(maxSetDataBytes()).toBeLessThanOrEqual(500);
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import simulate from 'miniprogram-simulate';
import { afterEach, beforeEach } from 'vitest';
import { createFakeWx, type FakeWx, type FakeWxOptions } from '../../../client/tests/support/fake-wx';
import { window } from './dom';

export const DIST = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../miniprogram_dist');

if (!existsSync(join(DIST, 'index.js'))) {
  throw new Error(`@fankui/weapp is not built (${DIST} is missing): run \`npm run build\` first`);
}

// Node's own require: the built files are CommonJS and must share ONE instance of
// miniprogram_dist/common/*.js with the components simulate loads (also through require).
const nodeRequire = createRequire(import.meta.url);

/** The built package entry, as app code gets it: `require('@fankui/weapp')`. */
export function weapp(): typeof import('../../src/index') {
  return nodeRequire(join(DIST, 'index.js'));
}

// ---- setData, measured -------------------------------------------------------------------

export interface SetDataCall {
  /** The component's path (`…/miniprogram_dist/fankui-entry/index`). */
  component: string;
  data: Record<string, unknown>;
  /** JSON length of the data argument: what crosses to the render thread. */
  bytes: number;
}

/** Every `setData` of every component since the test started. */
export const setDataCalls: SetDataCall[] = [];

/** The largest `setData` since the test started (or since `setDataCalls.length = 0`). */
export const maxSetDataBytes = () => setDataCalls.reduce((max, call) => Math.max(max, call.bytes), 0);

// Wrap the `Component` constructor simulate installs: each instance's setData is measured
// from `created` on, before the first render.
const register = (globalThis as unknown as { Component: (options: WechatMiniprogram.Component.TrivialOption) => string }).Component;
(globalThis as unknown as { Component: typeof register }).Component = (options) => {
  const lifetimes = options.lifetimes || {};
  const created = lifetimes.created || options.created;
  return register({
    ...options,
    lifetimes: {
      ...lifetimes,
      created(this: WechatMiniprogram.Component.TrivialInstance) {
        const setData = this.setData;
        const component = String(this.is);
        this.setData = function measured(data: Record<string, unknown>, callback?: () => void) {
          setDataCalls.push({ component, data, bytes: JSON.stringify(data).length });
          return setData.call(this, data, callback);
        };
        if (created) created.call(this);
      },
    },
  });
};

// ---- wx ----------------------------------------------------------------------------------

/**
 * Installs a fresh faithful `wx` fake as the global `wx` before each test of the file (and
 * forgets Fankui's configuration after each). Returns a handle whose `current` is this
 * test's fake.
 */
export function useFakeWx(options: FakeWxOptions = {}): { readonly current: FakeWx } {
  const handle = { current: undefined as unknown as FakeWx };
  beforeEach(() => {
    handle.current = createFakeWx(options);
    (globalThis as unknown as { wx: FakeWx }).wx = handle.current;
    setDataCalls.length = 0;
  });
  afterEach(() => {
    weapp().resetConfiguration();
  });
  return handle;
}

// ---- components --------------------------------------------------------------------------

export type { Mounted } from 'miniprogram-simulate';
import type { Mounted } from 'miniprogram-simulate';

/**
 * Loads `miniprogram_dist/<name>/index` with the official compiler, renders it with
 * `properties` and attaches it to a page-like parent (lifetimes `attached`, page `show`).
 */
export function mount(name: string, properties: Record<string, unknown> = {}): Mounted {
  const id = simulate.load(join(DIST, name, 'index'), name, { compiler: 'official', rootPath: DIST });
  const component = simulate.render(id, properties);
  component.attach(window.document.createElement('parent-wrapper'));
  return component;
}

/** The first node matching `selector` inside `component`; throws when there is none. */
export function find(component: Mounted, selector: string): Mounted {
  const node = component.querySelector(selector);
  if (!node) throw new Error(`No ${selector} in ${component.dom.outerHTML}`);
  return node as Mounted;
}

/** The text of the first node matching `selector`, or '' when there is none. */
export const text = (component: Mounted, selector: string) => (component.querySelector(selector)?.dom.textContent ?? '').trim();

/**
 * Lets the client and the component finish what an interaction started: simulate
 * dispatches on a microtask, the fake wx answers on microtasks, the client chains promises.
 */
export async function settle(rounds = 5): Promise<void> {
  for (let round = 0; round < rounds; round++) await new Promise((done) => setTimeout(done, 0));
}

// Realistic events: what WeChat's built-in tags put in `detail`.

/** A tap (`bindtap`) on the first node matching `selector`. */
export async function tap(component: Mounted, selector: string): Promise<void> {
  find(component, selector).dispatchEvent('tap', { detail: { x: 10, y: 10 } });
  await settle();
}

/** A `change` (picker: `{ value: index }`, checkbox-group: `{ value: string[] }`, switch: `{ value: boolean }`…). */
export async function change(component: Mounted, selector: string, value: unknown): Promise<void> {
  find(component, selector).dispatchEvent('change', { detail: { value } });
  await settle();
}

/** Typing into an `input`/`textarea`: `{ value, cursor, keyCode }` as WeChat sends it. */
export async function input(component: Mounted, selector: string, value: string): Promise<void> {
  find(component, selector).dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await settle();
}

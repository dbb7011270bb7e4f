/**
 * The one wrapper every Fankui component is defined with: WeChat's own `Component()`
 * options, plus what all of them share, so each component file keeps to its job.
 */
import type { FankuiContext } from './context';
import { fankuiContext } from './context';
import { changedPaths } from './patch';

/** Methods every Fankui component has on `this`, beside its own. */
export interface FankuiMethods {
  /**
   * `setData` with only the paths whose value changed (nothing changed: no `setData`).
   * Ignored once the component has detached, so late client answers are harmless.
   *
   * @example this.patch({ badge: this.fankui().t('queue.pendingCount', { count: 2 }) });
   */
  patch(next: Record<string, unknown>, callback?: () => void): void;
  /** The client, language, feedback page and `t()` given to `configure` (throws `not_configured` without). */
  fankui(): FankuiContext;
  /**
   * Runs `dispose` when the component detaches: pass what `client.on` returns, timers' clears.
   *
   * @example this.own(this.fankui().client.on('status', ({ pending }) => this.patch({ pending })));
   */
  own(dispose: () => void): void;
}

type Options<TData extends WechatMiniprogram.Component.DataOption, TProperty extends WechatMiniprogram.Component.PropertyOption, TMethod extends WechatMiniprogram.Component.MethodOption> =
  WechatMiniprogram.Component.Options<TData, TProperty, TMethod, [], FankuiMethods>;

interface Internals {
  __fankuiDisposers?: (() => void)[];
  __fankuiDetached?: boolean;
}
type Self = WechatMiniprogram.Component.TrivialInstance & Internals;

const shared = {
  patch(this: Self, next: Record<string, unknown>, callback?: () => void) {
    if (this.__fankuiDetached) return;
    const changed = changedPaths(this.data, next);
    if (changed) this.setData(changed, callback);
    else if (callback) callback();
  },
  fankui: fankuiContext,
  own(this: Self, dispose: () => void) {
    if (this.__fankuiDetached) return dispose();
    (this.__fankuiDisposers = this.__fankuiDisposers || []).push(dispose);
  },
};

/**
 * Defines a Fankui custom component: WeChat `Component()` options, with
 * - `this.patch`, `this.fankui`, `this.own` (see {@link FankuiMethods});
 * - `externalClasses: ['custom-class', …]` (put `custom-class` on the root node);
 * - `options: { multipleSlots: true, styleIsolation: 'apply-shared' }`: the page's
 *   global classes reach in, the component's styles do not leak out;
 * - `data.rootStyle`, set once at attach from `configure({ fontScale })` (the user's WeChat
 *   font size by default): put `style="{{rootStyle}}"` on the root node;
 * - everything passed to `own()` disposed when the component detaches.
 *
 * @example
 * defineComponent({
 *   properties: { title: { type: String, value: '' } },
 *   data: { label: '' },
 *   lifetimes: { attached() { this.patch({ label: this.data.title || this.fankui().t('entry.title') }); } },
 *   methods: { onTap() { this.triggerEvent('open'); } },
 * });
 */
export function defineComponent<
  TData extends WechatMiniprogram.Component.DataOption,
  TProperty extends WechatMiniprogram.Component.PropertyOption,
  TMethod extends WechatMiniprogram.Component.MethodOption,
>(definition: Options<TData, TProperty, TMethod>): string {
  const { lifetimes = {}, methods = {}, externalClasses = [], options = {}, data = {}, attached: looseAttached, detached: looseDetached, ...rest } = definition as WechatMiniprogram.Component.TrivialOption;
  // WeChat ignores a top-level `attached`/`detached` once `lifetimes` has one: keep either.
  const attached = lifetimes.attached || looseAttached;
  const detached = lifetimes.detached || looseDetached;
  return Component({
    ...rest,
    data: { ...data, rootStyle: '' },
    options: { multipleSlots: true, styleIsolation: 'apply-shared', ...options },
    externalClasses: ['custom-class', ...externalClasses],
    lifetimes: {
      ...lifetimes,
      attached(this: Self) {
        // The text size, computed once per configuration: at 1× nothing is sent at all.
        this.patch({ rootStyle: fankuiContext().rootStyle });
        if (attached) attached.call(this);
      },
      detached(this: Self) {
        this.__fankuiDetached = true;
        if (detached) detached.call(this);
        for (const dispose of this.__fankuiDisposers || []) dispose();
        this.__fankuiDisposers = [];
      },
    },
    methods: { ...methods, ...shared },
  });
}

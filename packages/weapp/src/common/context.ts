import type { Client } from '@fankui/client';
import { FankuiError, resolveLocale, t as translate, type Locale, type MessageKey, type MessageParams } from '@fankui/core';
import { rootStyle, type FontScale, type FontSettingInfo } from './font-scale';

export type { FontScale } from './font-scale';

/** What the app hands over once, before any Fankui component attaches. */
export interface FankuiSettings {
  /** From `createWxClient` (re-exported by `@fankui/weapp`), `createTaroClient` or `createClient`. */
  client: Client;
  /** `zh-CN`, `en-US` or any tag `resolveLocale` understands. Default: WeChat's language. */
  locale?: Locale | string;
  /** The page `fankui-entry` opens when it has no `url`. Default `/pages/feedback/index`. */
  feedbackUrl?: string;
  /**
   * The components' text size: `'system'` follows the user's WeChat font setting (我 → 设置 →
   * 通用 → 字体大小), a number fixes the factor (`1.25`), `false` keeps the base size
   * (`--fankui-font-size`, 16px). Kept within 0.875–2×. Default `'system'`.
   */
  fontScale?: FontScale;
}

/** The settings as components use them: normalised once, in `configure`. */
export interface FankuiContext {
  client: Client;
  locale: Locale;
  feedbackUrl: string;
  /** Every component root's `style`: `--fk-scale:<factor>`, or `''` at 1×. */
  rootStyle: string;
  /** A catalogue string in the configured language. */
  t(key: MessageKey, params?: MessageParams): string;
}

type AppBaseInfo = FontSettingInfo & { language?: string };
declare const wx: { getAppBaseInfo?(): AppBaseInfo; getSystemInfoSync?(): AppBaseInfo } | undefined;
declare const getApp: ((options?: { allowDefault?: boolean }) => { fankui?: FankuiSettings } | undefined) | undefined;

let current: FankuiContext | undefined;

/**
 * WeChat's language and font setting, read once per configuration. `getAppBaseInfo`
 * (base library 2.20.1, our floor's API) replaces `getSystemInfoSync`, deprecated since;
 * the old one is only asked when the new one is missing (it warns in DevTools). Either may
 * be missing (another host, a test) or throw: then there is simply nothing to follow.
 */
function appBaseInfo(): AppBaseInfo | undefined {
  try {
    if (typeof wx === 'undefined') return undefined;
    if (typeof wx.getAppBaseInfo === 'function') return wx.getAppBaseInfo() || undefined;
    return typeof wx.getSystemInfoSync === 'function' ? wx.getSystemInfoSync() || undefined : undefined;
  } catch {
    return undefined;
  }
}

function normalize(settings: FankuiSettings): FankuiContext {
  const client = settings.client;
  if (!client || typeof client.on !== 'function' || typeof client.submit !== 'function') {
    throw new FankuiError('invalid_settings', 'configure({ client }): `client` must come from createWxClient (or createClient)');
  }
  const info = appBaseInfo();
  const locale = resolveLocale(settings.locale ?? info?.language);
  return {
    client,
    locale,
    feedbackUrl: settings.feedbackUrl ?? '/pages/feedback/index',
    rootStyle: rootStyle(settings.fontScale, info),
    t: (key, params) => translate(key, params, locale),
  };
}

/**
 * Hands the client (and the language, the feedback page, the text size) to every Fankui component. Call it
 * once in `app.js`, before any page with a Fankui component shows; calling it again
 * replaces the settings for components attached from then on.
 *
 * @example
 * // app.js (after 构建 npm)
 * const { configure, createWxClient, DEFAULT_FORM, validateAnswers } = require('@fankui/weapp');
 * configure({ client: createWxClient({ endpoint: 'https://feedback.example.com', form: DEFAULT_FORM, validate: validateAnswers }) });
 * App({});
 */
export function configure(settings: FankuiSettings): FankuiContext {
  current = normalize(settings);
  return current;
}

/**
 * The settings components read: those given to `configure`, else an app-level
 * `fankui` property (`App({ fankui: { client } })` or `getApp().fankui = { client }`).
 * The second form serves apps whose own bundle holds another copy of this module
 * (uni-app, Taro: their bundler does not share the `miniprogram_dist` module instance).
 * Throws a `FankuiError` with code `not_configured` when there are none.
 */
export function fankuiContext(): FankuiContext {
  if (current) return current;
  const fromApp = typeof getApp === 'function' ? getApp({ allowDefault: true })?.fankui : undefined;
  if (fromApp) return (current = normalize(fromApp));
  throw new FankuiError('not_configured', 'Fankui is not configured: call configure({ client }) from @fankui/weapp in app.js');
}

/** Forgets the settings (tests, or an app that signs the user out). */
export function resetConfiguration(): void {
  current = undefined;
}

/**
 * `@fankui/client/wx` — the client for native WeChat mini-programs: storage, network,
 * lifecycle and files over `wx`, and the `wx.request` transport. Everything in
 * `@fankui/client` is re-exported, so one import is enough.
 */
import type { Client } from './client';
import { omit } from './compat';
import { ClientError } from './errors';
import { createMiniClient, type MiniApi, type MiniClientOptions } from './platforms/mini';

declare const wx: MiniApi | undefined;
declare const getCurrentPages: (() => { route?: string }[]) | undefined;

export interface WxClientOptions extends MiniClientOptions {
  /** The `wx` object; default: the global one. Tests pass a fake. */
  wx?: MiniApi;
}

/**
 * A client for a native WeChat mini-program; only `endpoint` is required.
 *
 * @example
 * import { createWxClient } from '@fankui/client/wx';
 * const client = createWxClient({ endpoint: 'https://feedback.example.com', form: DEFAULT_FORM, appVersion: '2.3.0' });
 * const { ack } = await client.submit({ category: 'malfunction', subtypes: ['crash'], description: '打开订单页就闪退' });
 * wx.showToast({ title: ack.message, icon: 'none' });
 */
export function createWxClient(options: WxClientOptions): Client {
  const api = options.wx === undefined && typeof wx !== 'undefined' ? wx : options.wx;
  if (!api) throw new ClientError('unsupported', 'No `wx`: pass `options.wx`');
  return createMiniClient(api, omit(options, 'wx'), 'weapp', typeof getCurrentPages === 'function' ? getCurrentPages : undefined);
}

export * from './index';
export { miniFiles as wxFiles, miniLifecycle as wxLifecycle, miniNetwork as wxNetwork, miniRandom as wxRandom, miniStorage as wxStorage } from './platforms/mini';
export type { MiniApi, MiniClientOptions, MiniFileSystem } from './platforms/mini';
export { createMiniTransport, type MiniRequestApi } from './transport/mini';

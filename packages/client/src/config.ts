import type { FormDefinition, KnownIssueNotice, RemoteConfig, SelfHelpArticle, SlaPromises, SubscribeTemplates } from '@fankui/core';
import type { StorageAdapter } from './adapters/types';
import { isObject, isRemoteConfig } from './guards';
import type { Http } from './http';
import { KEYS, parseStored } from './storage-keys';

/** The form to render and the SLA promises, with where they came from. */
export interface ClientConfig {
  form: FormDefinition;
  /** The server's SLA minutes; null with the bundled form (core's defaults apply). */
  sla: SlaPromises | null;
  /**
   * The self-help FAQ operators keep in the console, for `suggestSelfHelp(input, config.selfHelp)`;
   * absent (core's built-in articles apply) with the bundled form or a server that has none.
   */
  selfHelp?: SelfHelpArticle[];
  /**
   * Known-issue notices of the server's open spike alerts ("支付通道异常，正在修复…"): forms show
   * one above the form when its `category` is the one chosen, or always when it is null.
   */
  notices?: KnownIssueNotice[];
  /** The subscribe-message templates the server sends with; forms ask for them in the submit tap (`askSubscribe`). */
  subscribeTemplates?: SubscribeTemplates;
  /** `remote`: fresh from the server (or confirmed by 304); `cache`: the last good one, offline; `bundled`: the form shipped with the app. */
  source: 'remote' | 'cache' | 'bundled';
}

/**
 * `GET /v1/config` with ETag caching. A missing, unreachable or wrong-looking remote
 * config never breaks the form: the last good one, or the bundled form, is used instead.
 */
export function createConfig(http: Http, storage: StorageAdapter, bundled: FormDefinition) {
  const fallback: ClientConfig = { form: bundled, sla: null, source: 'bundled' };
  const from = (config: RemoteConfig, source: ClientConfig['source']): ClientConfig => Object.assign({}, config, { source });
  let current = fallback;
  let etag: string | null = null;

  const readCache = async () => {
    const cached = parseStored(await storage.get(KEYS.config));
    if (!isObject(cached) || !isRemoteConfig(cached.config)) return undefined;
    etag = typeof cached.etag === 'string' ? cached.etag : null;
    return cached.config;
  };

  return {
    current: () => current,

    /** Loads the cached config at start, so submissions use it before the network answers. */
    async load(): Promise<void> {
      const cached = await readCache();
      if (cached) current = from(cached, 'cache');
    },

    async get(): Promise<ClientConfig> {
      const cached = await readCache().catch(() => undefined);
      // Unreachable, or an answer that is no usable config: the last good one, else the bundled form.
      let next = cached ? from(cached, 'cache') : fallback;
      try {
        const response = await http.send('GET', '/v1/config', { auth: false, headers: cached && etag ? { 'if-none-match': etag } : {} });
        if (response.status === 304 && cached) {
          next = from(cached, 'remote');
        } else if (response.status === 200 && isRemoteConfig(response.json)) {
          next = from(response.json, 'remote');
          etag = response.headers('etag');
          await storage.set(KEYS.config, JSON.stringify({ etag, config: response.json })).catch(() => undefined);
        }
      } catch {
        // the fallback stands
      }
      return (current = next);
    },
  };
}

import type { FormDefinition, SlaPromises } from '@fankui/core';
import type { StorageAdapter } from './adapters/types';
import { isObject, isRemoteConfig } from './guards';
import type { Http } from './http';
import { KEYS, parseStored } from './storage-keys';

/** The form to render and the SLA promises, with where they came from. */
export interface ClientConfig {
  form: FormDefinition;
  /** The server's SLA minutes; null with the bundled form (core's defaults apply). */
  sla: SlaPromises | null;
  /** `remote`: fresh from the server (or confirmed by 304); `cache`: the last good one, offline; `bundled`: the form shipped with the app. */
  source: 'remote' | 'cache' | 'bundled';
}

/**
 * `GET /v1/config` with ETag caching. A missing, unreachable or wrong-looking remote
 * config never breaks the form: the last good one, or the bundled form, is used instead.
 */
export function createConfig(http: Http, storage: StorageAdapter, bundled: FormDefinition) {
  let current: ClientConfig = { form: bundled, sla: null, source: 'bundled' };
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
      if (cached) current = { ...cached, source: 'cache' };
    },

    async get(): Promise<ClientConfig> {
      const cached = await readCache().catch(() => undefined);
      try {
        const headers: Record<string, string> = cached && etag ? { 'if-none-match': etag } : {};
        const response = await http.send('GET', '/v1/config', { auth: false, headers });
        if (response.status === 304 && cached) {
          current = { ...cached, source: 'remote' };
        } else if (response.status === 200 && isRemoteConfig(response.json)) {
          const config = response.json;
          current = { form: config.form, sla: config.sla, source: 'remote' };
          etag = response.headers('etag');
          await storage.set(KEYS.config, JSON.stringify({ etag, config: { form: config.form, sla: config.sla } })).catch(() => undefined);
        } else {
          throw new Error('unusable config');
        }
      } catch {
        current = cached ? { ...cached, source: 'cache' } : { form: bundled, sla: null, source: 'bundled' };
      }
      return current;
    },
  };
}

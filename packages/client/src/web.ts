/**
 * `@fankui/client/web` — the client for browsers and H5: the ky transport, localStorage,
 * online/offline events, `visibilitychange`, and IndexedDB for picked images. Everything
 * in `@fankui/client` is re-exported.
 */
import { createClient, type Client } from './client';
import { omit } from './compat';
import type { ClientOptions } from './options';
import { webFiles, webLifecycle, webNetwork, webStorage } from './platforms/web';
import { createKyTransport, type KyTransportOptions } from './transport/ky';

export type WebClientOptions = Omit<ClientOptions, 'transport' | 'storage'> &
  Partial<Pick<ClientOptions, 'transport' | 'storage'>> & {
    /** Options of the ky transport (its hooks: add headers, sign requests). */
    ky?: KyTransportOptions;
  };

/**
 * A client for a web page or a Taro H5 build; only `endpoint` is required.
 *
 * @example
 * import { createWebClient } from '@fankui/client/web';
 * const client = createWebClient({ endpoint: 'https://feedback.example.com', form: DEFAULT_FORM, platform: 'h5' });
 * client.on('status', ({ pending }) => (badge.textContent = pending ? `待发送 (${pending})` : ''));
 */
export function createWebClient(options: WebClientOptions): Client {
  return createClient(
    Object.assign(
      {
        transport: createKyTransport(options.ky),
        storage: webStorage(),
        network: webNetwork(),
        lifecycle: webLifecycle(),
        files: webFiles(),
        platform: 'web' as const,
      },
      omit(options, 'ky'),
    ),
  );
}


export * from './index';
export { createKyTransport, type KyTransportOptions } from './transport/ky';
export { webFiles, webLifecycle, webNetwork, webStorage } from './platforms/web';

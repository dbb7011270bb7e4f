import ky, { type Hooks, type Options } from 'ky';
import { NetworkError, TimeoutError } from '../errors';
import { parseJsonBody, type Transport } from './types';

export interface KyTransportOptions {
  /**
   * ky's hooks, e.g. `beforeRequest` to add headers or sign requests. ky's own retry is
   * off: the queue owns retries.
   */
  hooks?: Hooks;
  /** A `fetch` to use instead of the global one. */
  fetch?: Options['fetch'];
}

/**
 * The transport wherever fetch exists (browsers, H5, Node ≥ 20), built on ky. Never used
 * in mini-programs, which have no fetch, Request or Headers.
 *
 * @example
 * const transport = createKyTransport({
 *   hooks: { beforeRequest: [(request) => request.headers.set('x-app', 'shop')] },
 * });
 */
export function createKyTransport(options: KyTransportOptions = {}): Transport {
  const api = ky.create({ retry: 0, throwHttpErrors: false, timeout: false, hooks: options.hooks, fetch: options.fetch });
  return {
    async send(request) {
      // One timer for the whole exchange, body included: ky's timeout stops at the headers.
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, request.timeoutMs);
      const abort = () => controller.abort();
      const { signal } = request;
      if (signal) {
        if (signal.aborted) abort();
        signal.addEventListener('abort', abort);
      }
      try {
        const init: Options = { method: request.method, headers: request.headers, signal: controller.signal };
        if (request.json !== undefined) init.json = request.json;
        if (request.body !== undefined) init.body = request.body as Blob;
        const response = await api(request.url, init);
        const headers = (name: string) => response.headers.get(name);
        if (request.responseType === 'blob' && response.ok) return { status: response.status, headers, json: undefined, blob: await response.blob() };
        return { status: response.status, headers, json: parseJsonBody(await response.text()) };
      } catch (error) {
        if (timedOut) throw new TimeoutError(request.timeoutMs);
        throw new NetworkError(error instanceof Error ? error.message : undefined);
      } finally {
        clearTimeout(timer);
        if (signal) signal.removeEventListener('abort', abort);
      }
    },
  };
}

import { NetworkError, TimeoutError } from '../errors';
import { parseJsonBody, type AbortSignalLike, type Transport, type TransportResponse } from './types';

/** A mini-program API's failure: `{ errMsg: 'request:fail timeout' }`. */
export interface MiniFailure {
  errMsg?: string;
}

/** The callback half of every mini-program API: `success`, `fail`. */
export interface MiniCallbacks<T> {
  success: (result: T) => void;
  fail: (error: MiniFailure) => void;
}

/** `wx.request` / `Taro.request`, as far as the transport uses it. */
export interface MiniRequestApi {
  request(
    options: {
      url: string;
      method: 'GET' | 'POST' | 'DELETE';
      header: Record<string, string>;
      data?: string | ArrayBuffer;
      /** Anything but 'json' leaves the body unparsed. */
      dataType: string;
      responseType: 'text';
      timeout: number;
    } & MiniCallbacks<{ statusCode: number; data: unknown; header?: Record<string, unknown> }>,
  ): unknown;
}

/**
 * Calls a callback-style mini-program API as a promise. Taro's APIs also return a promise
 * that rejects on failure; the callbacks already settled ours, so it is quietly settled.
 */
export function callMini<T, O extends object>(api: (options: O & MiniCallbacks<T>) => unknown, options: O): Promise<T> {
  return new Promise<T>((resolve, reject) => quiet(api(Object.assign({}, options, { success: resolve, fail: reject }))));
}

/** Settles a Taro-style returned promise whose outcome the callbacks already reported. */
const quiet = (task: unknown) => {
  if (task && typeof (task as Promise<unknown>).then === 'function') (task as Promise<unknown>).then(undefined, () => undefined);
};

/** A case-insensitive lookup over a mini-program response's header object. */
export const headerLookup =
  (header: Record<string, unknown> | undefined) =>
  (name: string): string | null => {
    const wanted = name.toLowerCase();
    for (const key in header) if (key.toLowerCase() === wanted) return String(header[key]);
    return null;
  };

/** A failure's `errMsg`, or `fallback` where there is none. */
export const errMsgOf = <F>(error: MiniFailure | undefined, fallback: F): string | F => {
  const message = error && error.errMsg;
  return message == null ? fallback : message;
};

/** Maps a mini-program failure to the transport's typed errors. */
export const miniFailure = (error: MiniFailure | undefined, timeoutMs: number) =>
  /timeout|timed out/i.test(errMsgOf(error, '')) ? new TimeoutError(timeoutMs) : new NetworkError(errMsgOf(error, undefined));

/**
 * Runs a mini-program network call under the transport's rules: the request's own
 * timeout is enforced here too (some platforms ignore `timeout`), and an abort signal
 * aborts the task.
 */
export function miniExchange<T = TransportResponse>(
  timeoutMs: number,
  signal: AbortSignalLike | undefined,
  start: (callbacks: MiniCallbacks<T>) => unknown,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let task: unknown;
    const finish = () => {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
    };
    const abort = (error: NetworkError | TimeoutError) => {
      finish();
      reject(error);
      const running = task as { abort?: () => void } | undefined;
      if (running && running.abort) running.abort();
    };
    const onAbort = () => abort(new NetworkError('Aborted'));
    const timer = setTimeout(() => abort(new TimeoutError(timeoutMs)), timeoutMs);
    if (signal) {
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort);
    }
    task = start({
      success: (response) => {
        finish();
        resolve(response);
      },
      fail: (error) => {
        finish();
        reject(miniFailure(error, timeoutMs));
      },
    });
    quiet(task);
  });
}

/**
 * The transport over `wx.request` (or `Taro.request`, `my.request`…: anything with the
 * same shape). Mini-programs have no fetch; this is all they need.
 *
 * @example const transport = createMiniTransport(wx);
 */
export function createMiniTransport(api: MiniRequestApi): Transport {
  return {
    async send(request) {
      const header = Object.assign({}, request.headers);
      let data: string | ArrayBuffer | undefined;
      if (request.json !== undefined) {
        data = JSON.stringify(request.json);
        header['content-type'] = 'application/json';
      } else if (request.body) {
        data = await request.body.arrayBuffer();
      }
      return miniExchange(request.timeoutMs, request.signal, ({ success, fail }) => {
        const options: Parameters<MiniRequestApi['request']>[0] = {
          url: request.url,
          method: request.method,
          header,
          dataType: 'text',
          responseType: 'text',
          timeout: request.timeoutMs,
          success: (result) => success({ status: result.statusCode, headers: headerLookup(result.header), json: parseJsonBody(result.data) }),
          fail,
        };
        if (data !== undefined) options.data = data;
        return api.request(options);
      });
    },
  };
}

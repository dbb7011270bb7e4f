import type { MiniApi } from './mini';

/** How Alipay reports a failure (`my.*` and Taro over them): a numeric code and a text, no `errMsg`. */
interface AlipayFailure {
  error?: number;
  errorMessage?: string;
  errMsg?: string;
  /** On `error: 19` (HTTP error), the answer itself. */
  status?: number;
  data?: unknown;
  headers?: Record<string, unknown>;
}

type Callbacks = { success(result: unknown): void; fail(failure: unknown): void };
type Call = (options: Callbacks) => unknown;

/**
 * Alipay's failure worded the WeChat way (`request:fail timeout`), so the shared adapters
 * read one shape; `words` gives WeChat's words for the codes that matter.
 */
const asWx = (api: string, failure: AlipayFailure, words: Record<number, string>) => {
  const word = words[failure.error as number];
  return { errMsg: failure.errMsg || (word ? `${api}:fail ${word}` : failure.errorMessage || `${api}:fail error ${failure.error}`) };
};

/** Wraps a callback API: the failure is reworded, a success optionally reshaped. */
const relay =
  (api: string, call: Call | undefined, words: Record<number, string>, onSuccess?: (result: any, options: Callbacks) => void, extra?: object) =>
  call &&
  ((options: Callbacks) =>
    call(
      Object.assign({}, options, extra, {
        success: (result: unknown) => (onSuccess ? onSuccess(result, options) : options.success(result)),
        fail: (failure: AlipayFailure) =>
          // `my.request` answers a 4xx/5xx through `fail` (error 19) with the answer attached: it is an answer.
          typeof failure.status === 'number' && api === 'request'
            ? options.success({ statusCode: failure.status, header: failure.headers, data: failure.data })
            : options.fail(asWx(api, failure, words)),
      }),
    ));

/** `my.getNetworkType` says `WIFI`, `4G`, `WWAN`, `NOTREACHABLE`…; WeChat says `wifi`, `4g`, `none`. */
const wxNetworkType = (connected: boolean, type: string) => (connected && type !== 'NOTREACHABLE' ? String(type).toLowerCase() : 'none');

type NetworkListener = (result: { isConnected: boolean; networkType: string }) => void;

/**
 * The Taro object of an Alipay build, reshaped where Taro leaves Alipay's own behaviour
 * (https://opendocs.alipay.com/mini/api): an HTTP error status answers through `fail`
 * (error 19), failures carry `error`/`errorMessage` instead of `errMsg` (storage full is
 * error 12, one key over 200 KB error 14, a timeout error 13), network types are upper
 * case with `networkAvailable`, `my.uploadFile` wants a `fileType`, `my.downloadFile`
 * reports no `statusCode` (a failed download fails).
 *
 * @example createMiniClient(alipayApi(Taro), options, 'alipay');
 */
export function alipayApi(taro: MiniApi): MiniApi {
  const listeners = new Map<NetworkListener, NetworkListener>();
  const { onNetworkStatusChange, offNetworkStatusChange } = taro;
  return Object.assign({}, taro, {
    request: relay('request', taro.request as Call, { 13: 'timeout' }),
    setStorage: relay('setStorage', taro.setStorage as Call, { 12: 'exceed storage max size', 14: 'exceed storage item max length' }),
    getNetworkType: relay('getNetworkType', taro.getNetworkType as Call | undefined, {}, (result: { networkAvailable: boolean; networkType: string }, options) =>
      options.success({ networkType: wxNetworkType(result.networkAvailable, result.networkType) }),
    ),
    onNetworkStatusChange:
      onNetworkStatusChange &&
      ((listener: NetworkListener) => {
        const reshaped: NetworkListener = (result) => listener({ isConnected: result.isConnected, networkType: wxNetworkType(result.isConnected, result.networkType) });
        listeners.set(listener, reshaped);
        onNetworkStatusChange(reshaped);
      }),
    offNetworkStatusChange:
      offNetworkStatusChange &&
      ((listener: NetworkListener) => {
        const reshaped = listeners.get(listener);
        listeners.delete(listener);
        if (reshaped) offNetworkStatusChange(reshaped);
      }),
    // The IDE still insists on `fileType`; Taro turns `name` into Alipay's older `fileName`.
    uploadFile: relay('uploadFile', taro.uploadFile as Call | undefined, {}, undefined, { fileType: 'image' }),
    downloadFile: relay('downloadFile', taro.downloadFile as Call | undefined, {}, (result: object, options) => options.success(Object.assign({ statusCode: 200 }, result))),
  }) as MiniApi;
}

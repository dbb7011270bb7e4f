/**
 * The HTTP seam of the client. Two implementations ship: `createKyTransport` (wherever
 * fetch exists) and the mini-program one over `wx.request` / `Taro.request`. Both pass
 * one contract suite (`transport.contract.ts`).
 */

/** The parts of an `AbortSignal` a transport uses; declared here so no DOM types are needed. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The parts of a `Blob` the client uses. */
export interface BlobLike {
  readonly size: number;
  readonly type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface TransportRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** Absolute URL. */
  url: string;
  /** Lowercase header names. */
  headers: Record<string, string>;
  /** A JSON body; the transport serialises it and sets `content-type: application/json`. */
  json?: unknown;
  /** A raw body (an image upload); `headers['content-type']` says what it is. */
  body?: BlobLike;
  /** The whole exchange, body included, must finish within this. */
  timeoutMs: number;
  signal?: AbortSignalLike;
  /**
   * `'blob'`: a 2xx answer's body is wanted as bytes (`TransportResponse.blob`), not JSON (an
   * attachment shown on the web). Only the fetch transport honours it; the mini-program
   * transport never needs it (mini-programs download files with `wx.downloadFile`).
   */
  responseType?: 'blob';
}

export interface TransportResponse {
  status: number;
  /** Case-insensitive header lookup; null when absent (or not exposed by the platform). */
  headers: (name: string) => string | null;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  json: unknown;
  /** The body as bytes, for a 2xx answer to a request with `responseType: 'blob'`. */
  blob?: BlobLike;
}

/**
 * Sends one request and reads the whole answer. Any HTTP status resolves; only the lack
 * of an answer rejects, with `NetworkError` or `TimeoutError`. Transports never retry:
 * the queue owns retries.
 *
 * @example
 * const transport: Transport = { send: async (request) => ({ status: 200, headers: () => null, json: {} }) };
 */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
}

/** A 2xx status: the answer carries what was asked for. */
export const isOk = (status: number) => status >= 200 && status < 300;

/** Parses a JSON body leniently: anything unreadable is `undefined`, for guards to refuse. */
export function parseJsonBody(text: unknown): unknown {
  // Platforms that parsed the body already hand over the value (null: no body).
  if (typeof text !== 'string') return text === null ? undefined : text;
  try {
    // An empty body throws too.
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

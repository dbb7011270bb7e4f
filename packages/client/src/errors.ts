import { FankuiError } from '@fankui/core';

/**
 * Stable codes of every error the client throws or reports through its `error` event.
 * UIs and logs switch on the code; the message is for developers, in English.
 */
export type ClientErrorCode =
  | 'network_error'
  | 'timeout'
  | 'http_error'
  | 'invalid_response'
  | 'storage_full'
  | 'storage_error'
  /** A queued submission's key is unreadable: removed, the rest of the queue goes on. */
  | 'corrupt_item'
  /** A stored list or cache (queue index, ticket cache, details, deflections, a secret copy) was damaged and rebuilt from what remained. */
  | 'corrupt_cache'
  /** The reporter secret was made (or is in use) without a cryptographic random source: pass `getUserToken`. */
  | 'insecure_random'
  /** Both copies of the reporter secret were unreadable on a device that had been a reporter: a new identity was made. */
  | 'identity_lost'
  | 'invalid_answers'
  | 'attachment_refused'
  | 'attachment_missing'
  | 'invalid_deflection'
  | 'deflection_dropped'
  | 'invalid_options'
  | 'unsupported'
  | 'closed';

/**
 * The base of the client's errors: a `FankuiError` with a {@link ClientErrorCode}.
 *
 * @example
 * client.on('error', ({ error }) => console.warn(error.code, error.message));
 */
export class ClientError extends FankuiError<ClientErrorCode> {
  override readonly name: string = 'ClientError';
}

/**
 * The request never got an answer: offline, DNS, connection refused or reset.
 * The queue keeps its items and retries later.
 *
 * @example if (error instanceof NetworkError) showOfflineHint();
 */
export class NetworkError extends ClientError {
  override readonly name = 'NetworkError';
  constructor(message = 'Network error') {
    super('network_error', message);
  }
}

/**
 * No complete answer within the request's timeout. Retried like a network error.
 *
 * @example if (error instanceof TimeoutError) console.log(error.details?.timeoutMs);
 */
export class TimeoutError extends ClientError {
  override readonly name = 'TimeoutError';
  constructor(timeoutMs: number) {
    super('timeout', `Timed out after ${timeoutMs} ms`, { timeoutMs });
  }
}

/**
 * A non-2xx answer to a ticket or config call. `status` is the HTTP status and
 * `serverCode` the `error.code` of the protocol's error body, when there was one.
 *
 * @example
 * try { await client.tickets.rate(id, { score: 5 }); }
 * catch (error) { if (error instanceof HttpError && error.serverCode === 'illegal_transition') refresh(); }
 */
export class HttpError extends ClientError {
  override readonly name = 'HttpError';
  readonly status: number;
  readonly serverCode: string | undefined;
  constructor(status: number, body?: unknown) {
    const error = (body ? (body as { error?: { code?: unknown; message?: unknown } }).error : undefined) || {};
    const serverCode = typeof error.code === 'string' ? error.code : undefined;
    super('http_error', typeof error.message === 'string' ? error.message : `HTTP ${status}`, { status, serverCode });
    this.status = status;
    this.serverCode = serverCode;
  }
}

/**
 * A 2xx answer whose body is not what protocol v1 promises. The queue treats it like a
 * server error: it keeps its items and backs off.
 *
 * @example if (error instanceof InvalidResponseError) reportBackendBug(error.details);
 */
export class InvalidResponseError extends ClientError {
  override readonly name = 'InvalidResponseError';
  constructor(what: string) {
    super('invalid_response', `Invalid ${what}`);
  }
}

/**
 * Storage refused a write because it is full (WeChat: 1 MB per key, 10 MB in all;
 * browsers: the localStorage quota). Storage adapters throw it so the queue can evict
 * and retry; `submit()` rejects with it only when nothing more can be evicted.
 *
 * @example if (error instanceof StorageFullError) toast('存储空间不足');
 */
export class StorageFullError extends ClientError {
  override readonly name = 'StorageFullError';
  constructor(message = 'Storage full', details?: Record<string, unknown>) {
    super('storage_full', message, details);
  }
}

/**
 * Answers that the form refuses: `submit()` rejects with it before anything is stored.
 * `errors` are core's per-field errors, with localised messages.
 *
 * @example
 * try { await client.submit(answers); }
 * catch (error) { if (error instanceof InvalidAnswersError) showFieldErrors(error.errors); }
 */
export class InvalidAnswersError extends ClientError {
  override readonly name = 'InvalidAnswersError';
  readonly errors: { field: string; code: string; message: string }[];
  constructor(errors: { field: string; code: string; message: string }[]) {
    super('invalid_answers', 'Invalid answers', { errors });
    this.errors = errors;
  }
}

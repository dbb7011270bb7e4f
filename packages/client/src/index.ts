/**
 * `@fankui/client` — the offline-queueing client: `createClient` over adapters you pass
 * in, the adapter and transport interfaces, memory adapters, typed errors and events.
 * Platform-free: importing it touches no global. Platform entries: `@fankui/client/wx`,
 * `@fankui/client/taro`, `@fankui/client/web`; the fetch transport: `@fankui/client/ky`.
 */
export { createClient, type Client, type Privacy, type SubmitOptions, type SubmitReceipt } from './client';
export { askSubscribe, type RequestSubscribeMessage } from './subscribe';
export { QUEUE_DEFAULTS, SDK_VERSION, type AnswersValidator, type BeforeRequestHook, type ClientOptions, type SubmissionFacts } from './options';
export type { ClientEvents, SubmitAck } from './events';
export type { FlushSummary, QueueSettings } from './queue/queue';
export type { RetryPolicy } from './backoff';
export { backoffDelay, parseRetryAfter } from './backoff';
export type { TicketPage, TicketRow, Tickets, TicketView } from './tickets';
export { answerLines, type AnswerLine } from './answers';
export { DEFLECTIONS_MAX, type Deflection, type Deflections } from './deflections';
export type { ClientConfig } from './config';
export type { AttachmentRef, Attachments } from './attachments';
export {
  ClientError,
  HttpError,
  InvalidAnswersError,
  InvalidResponseError,
  NetworkError,
  StorageFullError,
  TimeoutError,
  type ClientErrorCode,
} from './errors';
export type {
  FileAdapter,
  LifecycleAdapter,
  NetworkAdapter,
  NetworkStatus,
  RandomSource,
  StorageAdapter,
  UploadRequest,
} from './adapters/types';
export { memoryFiles, memoryLifecycle, memoryNetwork, memoryStorage, uploadBlob } from './adapters/memory';
export { parseJsonBody, type AbortSignalLike, type BlobLike, type Transport, type TransportRequest, type TransportResponse } from './transport/types';

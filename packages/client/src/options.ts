import { LIMITS, PLATFORMS, type FormDefinition, type Locale, type Platform } from '@fankui/core';
import type { FileAdapter, LifecycleAdapter, NetworkAdapter, RandomSource, StorageAdapter } from './adapters/types';
import { ClientError } from './errors';
import { isFormDefinition } from './guards';
import type { QueueSettings } from './queue/queue';
import type { Transport, TransportRequest } from './transport/types';

/** The SDK version sent in every submission's context. */
export const SDK_VERSION = '0.1.0';

/** Facts about where a submission was made, read when it is queued. */
export interface SubmissionFacts {
  appVersion?: string;
  pagePath?: string;
  /** Device facts: brand, model, system, base library version… (strings, numbers, booleans). */
  system?: Record<string, unknown>;
}

/** Called before every request: add headers, sign, log. May change `request` in place. */
export type BeforeRequestHook = (request: TransportRequest) => void | Promise<void>;

/** Core's `validateAnswers` has this shape; pass it (or your own) as `validate`. */
export type AnswersValidator = (
  form: FormDefinition,
  input: { answers: unknown; contact?: unknown; consent?: unknown },
  options?: { locale?: Locale },
) => { ok: true; answers: Record<string, unknown>; contact?: unknown } | { ok: false; errors: { field: string; code: string; message: string }[] };

/**
 * Everything `createClient` takes. The platform entries (`createWxClient`,
 * `createTaroClient`, `createWebClient`) fill in the adapters; only `endpoint` is then
 * required.
 */
export interface ClientOptions {
  /** Base URL of the backend, e.g. `https://feedback.example.com` (the `/v1/...` routes hang off it). */
  endpoint: string;
  transport: Transport;
  storage: StorageAdapter;
  /** Default: always online. */
  network?: NetworkAdapter;
  lifecycle?: LifecycleAdapter;
  /** Needed for attachments. */
  files?: FileAdapter;
  /**
   * Cryptographically random bytes. Default: the global `crypto.getRandomValues`. It should
   * reject where no such source exists (the built-in ones do, coded `insecure_random`):
   * never answer `Math.random` bytes, which would become the reporter secret unreported.
   */
  random?: RandomSource;
  /** Where submissions come from. Default `other`. */
  platform?: Platform;
  appVersion?: string;
  /** Language of validation messages and the acknowledgement. Default zh-CN. */
  locale?: Locale;
  /** Extra facts for each submission's context (page path, device). */
  context?: () => SubmissionFacts | Promise<SubmissionFacts>;
  /**
   * A signed user token, fetched before every request so it can refresh. Without it the
   * client creates a reporter secret on first run, stores it and sends it.
   */
  getUserToken?: () => string | Promise<string>;
  /**
   * A fresh login code (`wx.login`) for a submission that accepted subscribe messages, which
   * the server exchanges for the openid to send them to. The mini-program entries set it with
   * `subscribe: true`; leave it out when a signed user token carries the openid.
   */
  loginCode?: () => Promise<string>;
  /**
   * Checks answers in `submit()` before anything is stored: pass core's `validateAnswers`
   * (the UI packages do). Without it the client sends answers as given and the server
   * rejects invalid ones (a `rejected` event). It is a hook, not built in, because it
   * costs 2 KB of a mini-program's budget that the form UI already pays.
   */
  validate?: AnswersValidator;
  /**
   * The form your app ships: what submissions answer until a remote config arrives, and
   * the fallback when it looks wrong. Usually core's `DEFAULT_FORM`; the UI packages pass
   * it for you. Required rather than defaulted so a client-only bundle does not carry a
   * form it may never render (2 KB of a mini-program's budget).
   */
  form: FormDefinition;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
  queue?: Partial<Omit<QueueSettings, 'retry'>> & { retry?: Partial<QueueSettings['retry']> };
  hooks?: { beforeRequest?: BeforeRequestHook[] };
  /**
   * Moves data stored by another layout version to this one (`v` in `fankui:meta`).
   * Called at start when the stored version differs; the client then writes its own.
   */
  migrate?: (from: number, storage: StorageAdapter) => Promise<void>;
}

/** Options after defaults: what the rest of the client trusts. */
export type Settings = Omit<ClientOptions, 'endpoint' | 'random' | 'platform' | 'locale' | 'form' | 'timeoutMs' | 'queue' | 'hooks'> & {
  endpoint: string;
  random: RandomSource;
  platform: Platform;
  locale: Locale;
  form: FormDefinition;
  timeoutMs: number;
  queue: QueueSettings;
  beforeRequest: BeforeRequestHook[];
};

/** Defaults of the queue; documented in docs/client.md. */
export const QUEUE_DEFAULTS: QueueSettings = {
  maxBytes: 5 * 1024 * 1024,
  maxAgeMs: 7 * 24 * 3_600_000,
  retry: { startMs: 2_000, capMs: 3_600_000 },
  batchMaxItems: LIMITS.batchMaxItems,
  batchMaxBytes: LIMITS.batchMaxBytes,
};

const invalid = (option: string) => new ClientError('invalid_options', `Invalid ${option}`, { option });

const positive = (option: string, value: number | undefined, fallback: number, max = Infinity): number => {
  if (value !== undefined && !(value > 0 && value <= max)) throw invalid(option);
  return value === undefined ? fallback : value;
};

declare const crypto: { getRandomValues(bytes: Uint8Array): Uint8Array };

/** The platform's `crypto.getRandomValues`; where there is none, the call rejects (a weaker secret is then reported). */
const cryptoRandom: RandomSource = async (length) => crypto.getRandomValues(new Uint8Array(length));

/** Checks and completes the options once; nothing after `createClient` re-checks them. */
export function normalizeOptions(options: ClientOptions): Settings {
  const { endpoint, transport, storage, queue = {}, hooks = {}, platform = 'other' } = options;
  if (!/^https?:\/\/[^/]/.test(endpoint)) throw invalid('endpoint');
  if (!transport || typeof transport.send !== 'function') throw invalid('transport');
  if (!storage || typeof storage.get !== 'function') throw invalid('storage');
  if (!PLATFORMS.includes(platform)) throw invalid('platform');
  if (!isFormDefinition(options.form)) throw invalid('form');
  const { maxBytes, maxAgeMs, retry: base } = QUEUE_DEFAULTS;
  return Object.assign({}, options, {
    endpoint: endpoint.replace(/\/+$/, ''),
    random: options.random || cryptoRandom,
    platform,
    locale: options.locale === 'en-US' ? 'en-US' : 'zh-CN',
    timeoutMs: positive('timeoutMs', options.timeoutMs, 15_000),
    queue: {
      maxBytes: positive('queue.maxBytes', queue.maxBytes, maxBytes),
      maxAgeMs: positive('queue.maxAgeMs', queue.maxAgeMs, maxAgeMs),
      retry: {
        startMs: positive('queue.retry.startMs', queue.retry && queue.retry.startMs, base.startMs),
        capMs: positive('queue.retry.capMs', queue.retry && queue.retry.capMs, base.capMs),
      },
      batchMaxItems: positive('queue.batchMaxItems', queue.batchMaxItems, LIMITS.batchMaxItems, LIMITS.batchMaxItems),
      batchMaxBytes: positive('queue.batchMaxBytes', queue.batchMaxBytes, LIMITS.batchMaxBytes, LIMITS.batchMaxBytes),
    },
    beforeRequest: hooks.beforeRequest || [],
  });
}

import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { SubmissionInput } from '@fankui/core';
import { startServer, type RunningServer } from '../../src/server';
import type { ServerConfigInput } from '../../src/config';
import type { Store } from '../../src/store/store';
import { jpegWithMetadata, pngWithMetadata, webpLosslessDeclaring } from './images';

/**
 * The integration harness: a real server on 127.0.0.1 (port 0) over a store the caller
 * opens, a controllable clock, captured logs, and a small fetch client. Every suite runs
 * against each store through `describeServer`.
 */

/** Where an opened store lives, so the CLI can be pointed at the same one. */
export type StoreLocation = { dataDir: string } | { databaseUrl: string };

/** Opens a fresh, empty, migrated store. */
export type OpenStore = () => Promise<{ store: Store; location: StoreLocation }>;

export const OPERATOR_TOKEN = 'test-operator-token-0123456789';
export const USER_TOKEN_SECRET = 'user-token-secret-for-tests-0123456789abcdef';

/** Limits high enough that only the rate-limit test ever meets them. */
const TEST_CONFIG: ServerConfigInput = {
  port: 0,
  operatorTokens: [{ name: '客服小王', token: OPERATOR_TOKEN }],
  userTokenSecret: USER_TOKEN_SECRET,
  rateLimit: { perReporter: { burst: 10_000, perMinute: 600_000 }, perIp: { burst: 10_000, perMinute: 600_000 } },
  logLevel: 'debug',
};

export interface TestServer {
  url: string;
  store: Store;
  location: StoreLocation;
  /** Every log line, parsed. */
  logs: Record<string, unknown>[];
  /** Moves the server's clock forward. */
  advance(minutes: number): void;
  running: RunningServer;
  close(): Promise<void>;
}

export async function startTestServer(openStore: OpenStore, config: ServerConfigInput = {}): Promise<TestServer> {
  const { store, location } = await openStore();
  const logs: Record<string, unknown>[] = [];
  let offsetMs = 0;
  const running = await startServer(
    { ...TEST_CONFIG, ...config },
    {
      store,
      now: () => new Date(Date.now() + offsetMs),
      logger: { log: (level, msg, fields) => logs.push({ level, msg, ...fields }) },
    },
  );
  return {
    url: running.url,
    store,
    location,
    logs,
    advance: (minutes) => {
      offsetMs += minutes * 60_000;
    },
    running,
    close: () => running.close(),
  };
}

/**
 * A second server over the first one's store, with other settings (say, a new form
 * version), as when a deployment restarts with a changed config. Closing it leaves the
 * shared store open; the first server still owns it.
 */
export async function startServerOver(server: TestServer, config: ServerConfigInput): Promise<RunningServer> {
  const shared = Object.assign(Object.create(server.store) as Store, { close: async () => {} });
  return startServer({ ...TEST_CONFIG, ...config }, { store: shared, logger: { log: () => {} } });
}

/** A new reporter secret, as a client creates on first run. */
export const newReporterSecret = () => randomBytes(32).toString('hex');

/** A payment complaint from the default form, with a fresh idempotency key. */
export function paymentSubmission(overrides: Partial<SubmissionInput> = {}): SubmissionInput {
  return {
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    form: { id: 'feedback', version: 1 },
    answers: {
      category: 'payment',
      subtypes: ['unexpected_charge'],
      amount: '199.00',
      description: '昨天支付失败了，但是银行卡被扣款了 199 元，订单显示未支付',
    },
    context: { platform: 'weapp', sdkVersion: '0.1.0', appVersion: '3.2.1', networkType: '4g', locale: 'zh_CN' },
    consent: { contact: true, context: true },
    contact: { phone: '13800138000' },
    attachments: [],
    ...overrides,
  };
}

/** A low-priority suggestion with its own description. */
export function suggestion(description: string, overrides: Partial<SubmissionInput> = {}): SubmissionInput {
  return paymentSubmission({
    answers: { category: 'suggestion', subtypes: ['new_feature'], description },
    consent: { contact: false },
    contact: undefined,
    ...overrides,
  });
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A tiny HTTP client bound to one server and one bearer token. */
export class Client {
  constructor(
    readonly url: string,
    readonly token?: string,
  ) {}

  as(token: string | undefined): Client {
    return new Client(this.url, token);
  }

  async request<T = any>(method: string, path: string, init: { json?: unknown; body?: RequestInit['body']; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...init.headers };
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = undefined;
    if ((response.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, headers ? { headers } : {});
  }

  post<T = any>(path: string, json: unknown) {
    return this.request<T>('POST', path, { json });
  }

  patch<T = any>(path: string, json: unknown) {
    return this.request<T>('PATCH', path, { json });
  }

  /** Submits items and returns the per-item results. */
  async submit(...submissions: SubmissionInput[]) {
    const answer = await this.post('/v1/submissions', { submissions });
    if (answer.status !== 200) throw new Error(`submit answered ${answer.status}: ${answer.text}`);
    return answer.body.results as any[];
  }

  /** Submits one item that must be accepted; returns its ticket id. */
  async ticket(submission: SubmissionInput = paymentSubmission()): Promise<string> {
    const [result] = await this.submit(submission);
    if (result.status !== 'accepted') throw new Error(`not accepted: ${JSON.stringify(result)}`);
    return result.ticketId as string;
  }
}

/** How many tickets the store holds (up to 10,000). */
export async function countTickets(store: Store): Promise<number> {
  let count = 0;
  for await (const _ticket of store.iterateTickets({})) count++;
  return count;
}

/** 1×1 images whose structure the server can follow (one of each type), for uploads. */
export const IMAGES = {
  png: pngWithMetadata().stripped,
  jpeg: jpegWithMetadata().stripped,
  webp: webpLosslessDeclaring(1, 1),
};

/**
 * A request through `node:http` that writes its body in chunks (optionally slowly) and
 * resolves with the answer even when the server answers early and closes the connection
 * mid-upload (what a 413 on a streamed body does; fetch reports that as a network error).
 */
export function streamRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; chunks: Iterable<Uint8Array | string>; delayMs?: number; onFirstChunk?: () => void },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
      response.on('error', reject);
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    void (async () => {
      let first = true;
      for (const chunk of options.chunks) {
        if (answered || request.destroyed) return;
        request.write(chunk);
        if (first) options.onFirstChunk?.();
        first = false;
        if (options.delayMs) await new Promise((done) => setTimeout(done, options.delayMs));
      }
      request.end();
    })();
  });
}

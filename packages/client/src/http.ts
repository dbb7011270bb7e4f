import type { RandomSource, StorageAdapter } from './adapters/types';
import { HttpError, InvalidResponseError } from './errors';
import { toHex } from './ids';
import type { Settings } from './options';
import { KEYS } from './storage-keys';
import type { TransportRequest, TransportResponse } from './transport/types';

/**
 * The reporter secret: 32 random bytes as hex, created on first run and kept. It is the
 * reporter's identity (the server stores only its hash): losing it loses "我的反馈".
 */
export async function reporterSecret(storage: StorageAdapter, random: RandomSource): Promise<string> {
  const stored = await storage.get(KEYS.secret);
  if (stored !== null && /^[0-9a-f]{64}$/.test(stored)) return stored;
  const secret = toHex(await random(32));
  await storage.set(KEYS.secret, secret);
  return secret;
}

export type Http = ReturnType<typeof createHttp>;

interface RequestInit {
  json?: unknown;
  headers?: Record<string, string>;
  /** False for public routes (config): no identity is sent. */
  auth?: boolean;
}

/** Requests to the backend: URL, identity, timeout and the integrator's hooks, in one place. */
export function createHttp(settings: Settings, storage: StorageAdapter) {
  let secret: Promise<string> | undefined;

  async function token(): Promise<string> {
    if (settings.getUserToken) return settings.getUserToken();
    secret ??= reporterSecret(storage, settings.random);
    return secret.catch((error: unknown) => {
      secret = undefined; // a failed read is retried next time, not remembered
      throw error;
    });
  }

  /** The request with auth and hooks applied; `auth: false` for public routes. */
  async function prepare(method: TransportRequest['method'], path: string, init: RequestInit = {}): Promise<TransportRequest> {
    const request: TransportRequest = {
      method,
      url: settings.endpoint + path,
      headers: { accept: 'application/json', ...init.headers },
      timeoutMs: settings.timeoutMs,
    };
    if (init.json !== undefined) request.json = init.json;
    if (init.auth !== false) request.headers.authorization = `Bearer ${await token()}`;
    for (const hook of settings.beforeRequest) await hook(request);
    return request;
  }

  return {
    prepare,
    async send(method: TransportRequest['method'], path: string, init?: RequestInit): Promise<TransportResponse> {
      return settings.transport.send(await prepare(method, path, init));
    },
    /** The body of a 2xx answer that passes `guard`; otherwise a typed error. */
    read<T>(response: TransportResponse, guard: (value: unknown) => value is T, what: string): T {
      if (response.status < 200 || response.status >= 300) throw new HttpError(response.status, response.json);
      if (!guard(response.json)) throw new InvalidResponseError(what);
      return response.json;
    },
  };
}

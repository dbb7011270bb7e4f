import { HttpError, InvalidResponseError } from './errors';
import type { Identity } from './identity';
import type { Settings } from './options';
import { isOk, type TransportRequest, type TransportResponse } from './transport/types';

export type Http = ReturnType<typeof createHttp>;

interface RequestInit {
  json?: unknown;
  headers?: Record<string, string>;
  /** False for public routes (config): no identity is sent. */
  auth?: boolean;
}

/** Requests to the backend: URL, identity, timeout and the integrator's hooks, in one place. */
export function createHttp(settings: Settings, identity: Identity) {
  const token = async (): Promise<string> => (settings.getUserToken ? settings.getUserToken() : identity.secret());

  /** The request with auth and hooks applied; `auth: false` for public routes. */
  async function prepare(method: TransportRequest['method'], path: string, init: RequestInit = {}): Promise<TransportRequest> {
    const request: TransportRequest = {
      method,
      url: settings.endpoint + path,
      headers: Object.assign({ accept: 'application/json' }, init.headers),
      json: init.json,
      timeoutMs: settings.timeoutMs,
    };
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
      if (!isOk(response.status)) throw new HttpError(response.status, response.json);
      if (!guard(response.json)) throw new InvalidResponseError(what);
      return response.json;
    },
  };
}

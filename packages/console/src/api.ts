import type {
  AdminNote,
  AdminReply,
  AdminStats,
  AdminTicketDetail,
  AdminTicketList,
  AdminTicketListQuery,
  AdminTicketPatch,
  ErrorBody,
  RemoteConfig,
  TimelineEvent,
} from '@fankui/core';
import { clearToken, getToken } from './session';

/**
 * Typed calls to the admin API. Every request and answer shape is a type inferred from
 * core's zod schemas (`@fankui/core`), so the console cannot drift from the protocol.
 * The operator token goes in the Authorization header; a 401 signs the operator out.
 */

/** A failed call: the server's machine-readable `code` and its human message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** `{ a: 1, b: undefined }` → `?a=1`: empty values are left out. */
export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

let onUnauthorized: () => void = () => undefined;
/** What to do when the token stops working (the app shows the sign-in screen). */
export const whenUnauthorized = (handler: () => void): void => {
  onUnauthorized = handler;
};

export async function request(method: string, path: string, body?: unknown, token = getToken()): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.ok) return response;
  let error: ErrorBody['error'] = { code: 'internal', message: `HTTP ${response.status}` };
  try {
    error = ((await response.json()) as ErrorBody).error;
  } catch {
    // Not a JSON error body: keep the status line.
  }
  if (response.status === 401) {
    clearToken();
    onUnauthorized();
  }
  throw new ApiError(response.status, error.code, error.message);
}

const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const response = await request(method, path, body);
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
};

const ticketPath = (id: string) => `/v1/admin/tickets/${encodeURIComponent(id)}`;

export const api = {
  /** Checks a token before keeping it: one cheap list call. */
  async verify(token: string): Promise<boolean> {
    try {
      await request('GET', '/v1/admin/tickets?limit=1', undefined, token);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return false;
      throw error;
    }
  },
  listTickets: (query: AdminTicketListQuery) => json<AdminTicketList>('GET', `/v1/admin/tickets${queryString(query as Query)}`),
  getTicket: (id: string) => json<AdminTicketDetail>('GET', ticketPath(id)),
  updateTicket: (id: string, patch: AdminTicketPatch) => json<AdminTicketDetail>('PATCH', ticketPath(id), patch),
  reply: (id: string, reply: AdminReply) => json<TimelineEvent>('POST', `${ticketPath(id)}/replies`, reply),
  note: (id: string, note: AdminNote) => json<TimelineEvent>('POST', `${ticketPath(id)}/notes`, note),
  stats: (query: { from?: string; to?: string }) => json<AdminStats>('GET', `/v1/admin/stats${queryString(query)}`),
  config: () => json<RemoteConfig>('GET', '/v1/config'),
  /** The CSV of the current filter, as a Blob the page offers as a download. */
  exportCsv: (query: Query) => request('GET', `/v1/admin/export${queryString(query)}`).then((response) => response.blob()),
  /** An attachment as a blob: URL (an <img src> cannot send the Authorization header). */
  attachmentUrl: (id: string) =>
    request('GET', `/v1/attachments/${encodeURIComponent(id)}`).then(async (response) => URL.createObjectURL(await response.blob())),
};

import type {
  AdminAdopt,
  AdminAlert,
  AdminChanges,
  AdminMerge,
  AdminNote,
  AdminRelatedTickets,
  AdminReply,
  AdminReveal,
  AdminSession,
  AdminSettings,
  AdminSettingsPatch,
  AdminStats,
  AdminTicketCreate,
  AdminTicketDetail,
  AdminTicketList,
  AdminTicketListQuery,
  AdminTicketPatch,
  ErrorBody,
  OperatorTokenCreated,
  OperatorTokenInfo,
  RemoteConfig,
  TimelineEvent,
  ValidationIssue,
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
    /** What was wrong, field by field, for `invalid_body` / `invalid_query`. */
    readonly issues: ValidationIssue[] = [],
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

export async function request(method: string, path: string, body?: unknown, token = getToken(), signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
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
  const details = error.details as { issues?: ValidationIssue[] } | ValidationIssue[] | undefined;
  const issues = Array.isArray(details) ? details : details && Array.isArray(details.issues) ? details.issues : [];
  throw new ApiError(response.status, error.code, error.message, issues);
}

const json = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const response = await request(method, path, body);
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
};

const ticketPath = (id: string) => `/v1/admin/tickets/${encodeURIComponent(id)}`;

export const api = {
  /** Who a token belongs to; null when the server refuses it (checked before keeping it). */
  async session(token = getToken()): Promise<AdminSession | null> {
    try {
      return (await (await request('GET', '/v1/admin/session', undefined, token)).json()) as AdminSession;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  listTickets: (query: AdminTicketListQuery) => json<AdminTicketList>('GET', `/v1/admin/tickets${queryString(query as Query)}`),
  getTicket: (id: string) => json<AdminTicketDetail>('GET', ticketPath(id)),
  updateTicket: (id: string, patch: AdminTicketPatch) => json<AdminTicketDetail>('PATCH', ticketPath(id), patch),
  reply: (id: string, reply: AdminReply) => json<TimelineEvent>('POST', `${ticketPath(id)}/replies`, reply),
  note: (id: string, note: AdminNote) => json<TimelineEvent>('POST', `${ticketPath(id)}/notes`, note),
  /** Marks the feedback adopted (采纳), once: 409 after that; the server sends the `ticket.adopted` webhook. */
  adopt: (id: string, adopt: AdminAdopt = {}) => json<AdminTicketDetail>('POST', `${ticketPath(id)}/adopt`, adopt),
  stats: (query: { from?: string; to?: string }) => json<AdminStats>('GET', `/v1/admin/stats${queryString(query)}`),
  createTicket: (ticket: AdminTicketCreate) => json<AdminTicketDetail>('POST', '/v1/admin/tickets', ticket),
  /** The ticket unmasked; the server records the reveal on its internal timeline. */
  reveal: (id: string, reveal: AdminReveal = {}) => json<AdminTicketDetail>('POST', `${ticketPath(id)}/reveal`, reveal),
  related: (id: string) => json<AdminRelatedTickets>('GET', `${ticketPath(id)}/related`),
  merge: (id: string, merge: AdminMerge) => json<AdminTicketDetail>('POST', `${ticketPath(id)}/merge`, merge),
  /** The change feed: answers when something happened after `after`, or after `wait` seconds. */
  changes: (after: string | undefined, wait: number, signal?: AbortSignal) =>
    request('GET', `/v1/admin/changes${queryString({ after, wait })}`, undefined, getToken(), signal).then((response) => response.json() as Promise<AdminChanges>),
  settings: () => json<AdminSettings>('GET', '/v1/admin/settings'),
  saveSettings: (patch: AdminSettingsPatch) => json<AdminSettings>('PATCH', '/v1/admin/settings', patch),
  operatorTokens: () => json<{ items: OperatorTokenInfo[] }>('GET', '/v1/admin/operator-tokens'),
  createOperatorToken: (name: string) => json<OperatorTokenCreated>('POST', '/v1/admin/operator-tokens', { name }),
  revokeOperatorToken: (id: string) => json<OperatorTokenInfo>('POST', `/v1/admin/operator-tokens/${encodeURIComponent(id)}/revoke`),
  config: () => json<RemoteConfig>('GET', '/v1/config'),
  /** Spike alerts, newest first; `status` open or closed. */
  alerts: (status?: 'open' | 'closed') => json<{ items: AdminAlert[] }>('GET', `/v1/admin/alerts${queryString({ status })}`),
  /** Publishes (or replaces) the known-issue notice apps show above the form; 409 on a closed alert. */
  publishNotice: (id: string, text: string) => json<AdminAlert>('POST', `/v1/admin/alerts/${encodeURIComponent(id)}/notice`, { text }),
  withdrawNotice: (id: string) => json<AdminAlert>('POST', `/v1/admin/alerts/${encodeURIComponent(id)}/notice/withdraw`),
  /** Closes the alert, which withdraws its notice. */
  closeAlert: (id: string) => json<AdminAlert>('POST', `/v1/admin/alerts/${encodeURIComponent(id)}/close`),
  /** The CSV of the current filter, as a Blob the page offers as a download. */
  exportCsv: (query: Query) => request('GET', `/v1/admin/export${queryString(query)}`).then((response) => response.blob()),
  /** An attachment as a blob: URL (an <img src> cannot send the Authorization header). */
  attachmentUrl: (id: string) =>
    request('GET', `/v1/attachments/${encodeURIComponent(id)}`).then(async (response) => URL.createObjectURL(await response.blob())),
};

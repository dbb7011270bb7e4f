import { z } from 'zod';
import {
  AdminAdopt,
  AdminChanges,
  AdminChangesQuery,
  AdminExportQuery,
  AdminMerge,
  AdminNote,
  AdminRelatedQuery,
  AdminRelatedTickets,
  AdminReply,
  AdminReveal,
  AdminStats,
  AdminStatsQuery,
  AdminTicketCreate,
  AdminTicketDetail,
  AdminTicketList,
  AdminTicketListQuery,
  AdminTicketPatch,
} from './admin';
import {
  AdminSession,
  AdminSettings,
  AdminSettingsPatch,
  OperatorTokenCreate,
  OperatorTokenCreated,
  OperatorTokenInfo,
  OperatorTokenList,
  OperatorTokenParams,
} from './settings';
import { DeflectionCreate, RemoteConfig } from './config';
import { AdminWebhookDeliveryList, AdminWebhookDeliveryQuery } from './webhooks';
import { AdminAlert, AdminAlertList, AdminAlertQuery, AlertIdParams, AlertNoticePublish } from './alerts';
import { ErrorBody } from './errors';
import { ApiIndex, HealthStatus } from './meta';
import { ServerId } from './primitives';
import { ReporterExport } from './privacy';
import { AttachmentCreated, SubmissionBatch, SubmissionBatchResponse } from './submission';
import {
  MessageCreate,
  RatingCreate,
  ReopenRequest,
  TicketDetail,
  TicketIdParams,
  TicketList,
  TicketListQuery,
  TimelineEvent,
} from './ticket';

/** Who may call a route: nobody in particular, a reporter (secret or user token), an operator. */
export type RouteAuth = 'none' | 'reporter' | 'operator' | 'reporter_or_operator';

export interface RouteResponse {
  description: string;
  /** JSON body schema; absent for empty bodies. */
  schema?: z.ZodType;
  /** Non-JSON bodies (images, CSV). */
  contentType?: string;
  headers?: Record<string, string>;
}

/**
 * One route of protocol v1. The server registers exactly these routes and validates with
 * these schemas; the OpenAPI document is generated from this table (and a test checks
 * both directions).
 */
export interface RouteSpec {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** OpenAPI style: `/v1/tickets/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'meta' | 'submissions' | 'reporter' | 'admin';
  auth: RouteAuth;
  params?: z.ZodObject;
  query?: z.ZodType;
  /** A JSON body schema, or the raw media types accepted. */
  body?: z.ZodType | { contentTypes: string[]; description: string };
  responses: Record<number, RouteResponse>;
}

const json = (description: string, schema: z.ZodType): RouteResponse => ({ description, schema });
/** The listed error answers, and 503 `unavailable`: every route with errors reads or writes the store. */
const errors = (...statuses: number[]): Record<number, RouteResponse> =>
  Object.fromEntries([...statuses, 503].map((status) => [status, json(ERROR_DESCRIPTIONS[status] ?? 'Error', ErrorBody)]));

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or invalid (`invalid_json`, `invalid_body`, `invalid_query`)',
  401: 'Missing or invalid credentials (`unauthorized`)',
  404: 'No such resource for this caller (`not_found`); another reporter\'s ticket is 404 too',
  409: 'Not allowed in the ticket\'s current state (`illegal_transition`, `conflict`)',
  413: 'The body is larger than allowed (`body_too_large`)',
  415: 'The media type is not accepted (`unsupported_media_type`)',
  422: 'The image cannot be read to its end, or declares more pixels than `LIMITS.imageMaxPixels` (`invalid_image`)',
  429: 'Too many requests (`rate_limited`), or on uploads too many bytes waiting for a submission (`upload_quota_exceeded`); see `Retry-After`',
  503: 'The store does not answer (`unavailable`); retry after `Retry-After` seconds',
};

/** A reporter read that answers 304 to a matching `If-None-Match` (polling costs no body). */
const etagged = (description: string, schema: z.ZodType): Record<number, RouteResponse> => ({
  200: { ...json(description, schema), headers: { ETag: 'Entity tag of this answer; send it back as If-None-Match' } },
  304: { description: 'Not modified since the ETag sent in If-None-Match' },
});

const AttachmentParams = z.strictObject({ id: ServerId });

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'get', path: '/', operationId: 'index', summary: 'The API root: links to health, this document, the config and the docs',
    tag: 'meta', auth: 'none', responses: { 200: json('Where to go from here', ApiIndex) },
  },
  {
    method: 'get', path: '/healthz', operationId: 'health', summary: 'Liveness: the process answers',
    tag: 'meta', auth: 'none', responses: { 200: json('Alive', HealthStatus) },
  },
  {
    method: 'get', path: '/readyz', operationId: 'ready', summary: 'Readiness: the store answers',
    tag: 'meta', auth: 'none', responses: { 200: json('Ready', HealthStatus), 503: json('Not ready', ErrorBody) },
  },
  {
    method: 'get', path: '/v1/openapi.json', operationId: 'openapi', summary: 'This document',
    tag: 'meta', auth: 'none', responses: { 200: { description: 'OpenAPI 3.1 document', contentType: 'application/json' } },
  },
  {
    method: 'get', path: '/v1/config', operationId: 'getConfig',
    summary: 'The active form definition and SLA promises (ETag / If-None-Match → 304)',
    tag: 'submissions', auth: 'none',
    responses: { 200: { ...json('Current config', RemoteConfig), headers: { ETag: 'Entity tag of this config' } }, 304: { description: 'Not modified' }, ...errors() },
  },
  {
    method: 'post', path: '/v1/submissions', operationId: 'submitBatch',
    summary: 'Submit 1..50 queued submissions; one result per item, idempotent on each item\'s id',
    tag: 'submissions', auth: 'reporter', body: SubmissionBatch,
    responses: { 200: json('One result per item, in request order', SubmissionBatchResponse), ...errors(400, 401, 413, 429) },
  },
  {
    method: 'post', path: '/v1/attachments', operationId: 'uploadAttachment',
    summary: 'Upload one image (JPEG, PNG or WebP, checked by content) before the submission that uses it',
    tag: 'submissions', auth: 'reporter',
    body: { contentTypes: ['image/jpeg', 'image/png', 'image/webp', 'multipart/form-data'], description: 'The image bytes, or a multipart form with the image in the `file` part (what `wx.uploadFile` sends)' },
    responses: { 201: json('Stored', AttachmentCreated), ...errors(400, 401, 413, 415, 422, 429) },
  },
  {
    method: 'get', path: '/v1/attachments/{id}', operationId: 'getAttachment',
    summary: 'An attachment, to its ticket\'s reporter and to operators only',
    tag: 'reporter', auth: 'reporter_or_operator', params: AttachmentParams,
    responses: { 200: { description: 'The image', contentType: 'image/*' }, ...errors(401, 404) },
  },
  {
    method: 'post', path: '/v1/deflections', operationId: 'recordDeflection',
    summary: 'Record that a self-help answer solved the problem ("已解决") instead of a ticket',
    tag: 'submissions', auth: 'reporter', body: DeflectionCreate,
    responses: { 204: { description: 'Recorded' }, ...errors(400, 401, 429) },
  },
  {
    method: 'get', path: '/v1/tickets', operationId: 'listTickets',
    summary: 'The caller\'s own tickets, newest first (ETag / If-None-Match → 304)',
    tag: 'reporter', auth: 'reporter', query: TicketListQuery,
    responses: { ...etagged('A page of tickets', TicketList), ...errors(400, 401, 429) },
  },
  {
    method: 'get', path: '/v1/tickets/{id}', operationId: 'getTicket',
    summary: 'One of the caller\'s tickets with its public timeline; marks replies read (ETag / If-None-Match → 304)',
    tag: 'reporter', auth: 'reporter', params: TicketIdParams,
    responses: { ...etagged('The ticket', TicketDetail), ...errors(401, 404, 429) },
  },
  {
    method: 'post', path: '/v1/tickets/{id}/messages', operationId: 'addMessage', summary: 'Add information to a ticket',
    tag: 'reporter', auth: 'reporter', params: TicketIdParams, body: MessageCreate,
    responses: { 201: json('The new timeline event', TimelineEvent), ...errors(400, 401, 404, 409, 429) },
  },
  {
    method: 'post', path: '/v1/tickets/{id}/rating', operationId: 'rateTicket',
    summary: 'Rate how a resolved ticket was handled (once per resolution)',
    tag: 'reporter', auth: 'reporter', params: TicketIdParams, body: RatingCreate,
    responses: { 200: json('The ticket after rating', TicketDetail), ...errors(400, 401, 404, 409, 429) },
  },
  {
    method: 'post', path: '/v1/tickets/{id}/reopen', operationId: 'reopenTicket',
    summary: '"问题未解决": reopen a resolved ticket with a reason',
    tag: 'reporter', auth: 'reporter', params: TicketIdParams, body: ReopenRequest,
    responses: { 200: json('The reopened ticket', TicketDetail), ...errors(400, 401, 404, 409, 429) },
  },
  {
    method: 'get', path: '/v1/me/export', operationId: 'exportReporterData',
    summary: 'Everything the server holds of the caller (tickets with answers, contact, context, timeline, attachments, deflections) as a JSON download',
    tag: 'reporter', auth: 'reporter',
    responses: {
      200: { ...json('The export', ReporterExport), headers: { 'Content-Disposition': 'attachment; filename="fankui-export-<date>.json"' } },
      ...errors(401, 429),
    },
  },
  {
    method: 'delete', path: '/v1/me', operationId: 'eraseReporterData',
    summary: 'Erase the caller\'s data, irreversibly: answers, messages, attachments, contact, context; tickets stay as anonymised rows for statistics. Idempotent',
    tag: 'reporter', auth: 'reporter',
    responses: { 204: { description: 'Erased (also when there was nothing left to erase)' }, ...errors(401, 429) },
  },
  {
    method: 'get', path: '/v1/admin/tickets', operationId: 'adminListTickets',
    summary: 'Filter and page through tickets (cursor pagination)',
    tag: 'admin', auth: 'operator', query: AdminTicketListQuery,
    responses: { 200: json('A page of tickets', AdminTicketList), ...errors(400, 401) },
  },
  {
    method: 'get', path: '/v1/admin/tickets/{id}', operationId: 'adminGetTicket', summary: 'A ticket with its full timeline',
    tag: 'admin', auth: 'operator', params: TicketIdParams,
    responses: { 200: json('The ticket', AdminTicketDetail), ...errors(401, 404) },
  },
  {
    method: 'patch', path: '/v1/admin/tickets/{id}', operationId: 'adminUpdateTicket',
    summary: 'Change status (lifecycle enforced), priority, category or assignee',
    tag: 'admin', auth: 'operator', params: TicketIdParams, body: AdminTicketPatch,
    responses: { 200: json('The updated ticket', AdminTicketDetail), ...errors(400, 401, 404, 409) },
  },
  {
    method: 'post', path: '/v1/admin/tickets/{id}/replies', operationId: 'adminReply',
    summary: 'Reply to the reporter (appears on their timeline)',
    tag: 'admin', auth: 'operator', params: TicketIdParams, body: AdminReply,
    responses: { 201: json('The new timeline event', TimelineEvent), ...errors(400, 401, 404, 409) },
  },
  {
    method: 'post', path: '/v1/admin/tickets/{id}/notes', operationId: 'adminNote',
    summary: 'Add an internal note (never shown to the reporter)',
    tag: 'admin', auth: 'operator', params: TicketIdParams, body: AdminNote,
    responses: { 201: json('The new timeline event', TimelineEvent), ...errors(400, 401, 404) },
  },
  {
    method: 'post', path: '/v1/admin/tickets', operationId: 'adminCreateTicket',
    summary: 'Create a ticket for a complaint taken by phone, e-mail or WeChat (answers checked against the active form)',
    tag: 'admin', auth: 'operator', body: AdminTicketCreate,
    responses: { 201: json('The new ticket', AdminTicketDetail), ...errors(400, 401) },
  },
  {
    method: 'post', path: '/v1/admin/tickets/{id}/reveal', operationId: 'adminRevealTicket',
    summary: 'The ticket with its personal data unmasked; the reveal is recorded on its internal timeline',
    tag: 'admin', auth: 'operator', params: TicketIdParams, body: AdminReveal,
    responses: { 200: json('The ticket, unmasked (`redacted: false`)', AdminTicketDetail), ...errors(400, 401, 404) },
  },
  {
    method: 'get', path: '/v1/admin/tickets/{id}/related', operationId: 'adminRelatedTickets',
    summary: 'Tickets of the same category with similar text, created near this one',
    tag: 'admin', auth: 'operator', params: TicketIdParams, query: AdminRelatedQuery,
    responses: { 200: json('Most similar first', AdminRelatedTickets), ...errors(400, 401, 404) },
  },
  {
    method: 'post', path: '/v1/admin/tickets/{id}/merge', operationId: 'adminMergeTicket',
    summary: 'Merge this ticket into another as its duplicate: it is resolved, both timelines record the merge',
    tag: 'admin', auth: 'operator', params: TicketIdParams, body: AdminMerge,
    responses: { 200: json('The duplicate after the merge', AdminTicketDetail), ...errors(400, 401, 404, 409) },
  },
  {
    method: 'post', path: '/v1/admin/tickets/{id}/adopt', operationId: 'adminAdoptTicket',
    summary: 'Mark the feedback as adopted (采纳), once: an internal timeline event and the ticket.adopted webhook (points, coupons)',
    tag: 'admin', auth: 'operator', params: TicketIdParams, body: AdminAdopt,
    responses: { 200: json('The ticket with the adoption on its timeline', AdminTicketDetail), ...errors(400, 401, 404, 409) },
  },
  {
    method: 'get', path: '/v1/admin/changes', operationId: 'adminChanges',
    summary: 'Change feed (long poll): timeline events of every ticket after a cursor',
    tag: 'admin', auth: 'operator', query: AdminChangesQuery,
    responses: { 200: json('What happened since `after` (possibly nothing, after `wait` seconds)', AdminChanges), ...errors(400, 401) },
  },
  {
    method: 'get', path: '/v1/admin/session', operationId: 'adminSession', summary: 'Who the operator token belongs to',
    tag: 'admin', auth: 'operator', responses: { 200: json('The signed-in operator', AdminSession), ...errors(401) },
  },
  {
    method: 'get', path: '/v1/admin/settings', operationId: 'adminGetSettings',
    summary: 'The form, SLA targets, triage keyword rules and self-help FAQ in force',
    tag: 'admin', auth: 'operator', responses: { 200: json('The settings and their version', AdminSettings), ...errors(401) },
  },
  {
    method: 'patch', path: '/v1/admin/settings', operationId: 'adminUpdateSettings',
    summary: 'Replace settings sections over the version read; a changed form gets the next form version',
    tag: 'admin', auth: 'operator', body: AdminSettingsPatch,
    responses: { 200: json('The saved settings', AdminSettings), ...errors(400, 401, 409) },
  },
  {
    method: 'get', path: '/v1/admin/operator-tokens', operationId: 'adminListOperatorTokens',
    summary: 'Every operator token (names and dates, never a token)',
    tag: 'admin', auth: 'operator', responses: { 200: json('Configured and stored tokens', OperatorTokenList), ...errors(401) },
  },
  {
    method: 'post', path: '/v1/admin/operator-tokens', operationId: 'adminCreateOperatorToken',
    summary: 'Create an operator token; the answer is the only time it is shown',
    tag: 'admin', auth: 'operator', body: OperatorTokenCreate,
    responses: { 201: json('The new token', OperatorTokenCreated), ...errors(400, 401) },
  },
  {
    method: 'post', path: '/v1/admin/operator-tokens/{id}/revoke', operationId: 'adminRevokeOperatorToken',
    summary: 'Revoke a stored operator token (configured ones are removed from the configuration instead: 409)',
    tag: 'admin', auth: 'operator', params: OperatorTokenParams,
    responses: { 200: json('The revoked token', OperatorTokenInfo), ...errors(401, 404, 409) },
  },
  {
    method: 'get', path: '/v1/admin/stats', operationId: 'adminStats', summary: 'Volume, response times, SLA, CSAT, reopen rate, hot keywords',
    tag: 'admin', auth: 'operator', query: AdminStatsQuery,
    responses: { 200: json('Statistics over the range (default: the last 30 days)', AdminStats), ...errors(400, 401) },
  },
  {
    method: 'get', path: '/v1/admin/export', operationId: 'adminExport', summary: 'CSV export of tickets with PII redacted',
    tag: 'admin', auth: 'operator', query: AdminExportQuery,
    responses: { 200: { description: 'UTF-8 CSV with a BOM (opens in Excel)', contentType: 'text/csv' }, ...errors(400, 401) },
  },
  {
    method: 'get', path: '/v1/admin/webhooks/deliveries', operationId: 'adminListWebhookDeliveries',
    summary: 'The webhook delivery log: each delivery with its status, attempts and last error, newest first',
    tag: 'admin', auth: 'operator', query: AdminWebhookDeliveryQuery,
    responses: { 200: json('A page of deliveries', AdminWebhookDeliveryList), ...errors(400, 401) },
  },
  {
    method: 'get', path: '/v1/admin/alerts', operationId: 'adminListAlerts',
    summary: 'Spike alerts (one per category or keyword whose volume jumped over its baseline), newest first',
    tag: 'admin', auth: 'operator', query: AdminAlertQuery,
    responses: { 200: json('The alerts', AdminAlertList), ...errors(400, 401) },
  },
  {
    method: 'post', path: '/v1/admin/alerts/{id}/close', operationId: 'adminCloseAlert',
    summary: 'Close an alert; its known-issue notice leaves /v1/config',
    tag: 'admin', auth: 'operator', params: AlertIdParams,
    responses: { 200: json('The closed alert (a second close changes nothing)', AdminAlert), ...errors(400, 401, 404) },
  },
  {
    method: 'post', path: '/v1/admin/alerts/{id}/notice', operationId: 'adminPublishAlertNotice',
    summary: 'Publish (or replace) the known-issue notice apps show above the form while the alert is open',
    tag: 'admin', auth: 'operator', params: AlertIdParams, body: AlertNoticePublish,
    responses: { 200: json('The alert with its notice', AdminAlert), ...errors(400, 401, 404, 409) },
  },
  {
    method: 'post', path: '/v1/admin/alerts/{id}/notice/withdraw', operationId: 'adminWithdrawAlertNotice',
    summary: 'Withdraw the known-issue notice; the alert stays open',
    tag: 'admin', auth: 'operator', params: AlertIdParams,
    responses: { 200: json('The alert without a notice', AdminAlert), ...errors(400, 401, 404) },
  },
];

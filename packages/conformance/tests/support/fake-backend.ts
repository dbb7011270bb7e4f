import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_FORM, LIMITS, validateAnswers } from '@fankui/core';
import { canonicalClientId, createdAtIssue, parseSubmissionBatch } from '@fankui/core/schema';

/**
 * A minimal in-memory backend that speaks protocol v1 well enough to pass the kit — and
 * that can break one rule at a time, to prove each case can fail. Not an example to copy
 * (examples/own-backend is); just enough for the kit's own tests.
 */
export interface Breakage {
  /** A resend gets a new ticket (accepted) instead of duplicate. */
  resendMakesNewTicket?: boolean;
  /** One bad item fails the whole batch with 400. */
  badItemFailsBatch?: boolean;
  /** Any reporter may read any ticket. */
  ticketsVisibleToAll?: boolean;
  /** The list shows every reporter's tickets. */
  listShowsAll?: boolean;
  /** No ETag on /v1/config. */
  noEtag?: boolean;
  /** A weak ETag (W/"…"). */
  weakEtag?: boolean;
  /** Any reporter may read any attachment. */
  attachmentsVisibleToAll?: boolean;
  /** Errors as `{ message }` instead of `{ error: { code, message } }`. */
  plainErrors?: boolean;
  /** No body size cap. */
  noSizeCap?: boolean;
  /** More than 50 items accepted. */
  noCountCap?: boolean;
  /** The first N reporter requests are answered 429 (with `retryAfter`, or without when null). */
  throttleFirst?: { count: number; retryAfter: string | null };
  /** A ticket may be rated any number of times. */
  ratingUnlimited?: boolean;
  /** Reopen works in any state. */
  reopenAnytime?: boolean;
  /** Admin routes need no token. */
  adminOpen?: boolean;
  /** `ticketId` missing from accepted results (a shape error). */
  noTicketId?: boolean;
  /** Client ids compared as sent: the same id in upper case is a new ticket. */
  idsCaseSensitive?: boolean;
  /** Any createdAt accepted, year 9999 included. */
  noCreatedAtBound?: boolean;
  /** Items dated before 2020 refused (a device clock reset to 1970 loses its feedback). */
  refusesOldClocks?: boolean;
}

export const FAKE_OPERATOR_TOKEN = 'fake-operator-token-0123456789';

interface Ticket {
  id: string;
  clientId: string;
  reporter: string;
  status: string;
  createdAt: string;
  answers: Record<string, unknown>;
  attachments: string[];
  rating: { score: number; comment?: string; at: string } | null;
  resolvedAt: string | null;
  timeline: Record<string, unknown>[];
}

export async function startFakeBackend(breakage: Breakage = {}): Promise<{ url: string; close(): Promise<void> }> {
  const tickets = new Map<string, Ticket>();
  const byClientId = new Map<string, string>();
  const attachments = new Map<string, { owner: string; bytes: Buffer }>();
  let sequence = 0;
  let throttled = 0;
  const newId = (prefix: string) => `${prefix}_${(++sequence).toString(36)}`;
  const now = () => new Date().toISOString();

  const send = (response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, body === undefined ? headers : { 'content-type': 'application/json', ...headers });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const fail = (response: ServerResponse, status: number, code: string, message: string) =>
    send(response, status, breakage.plainErrors ? { message } : { error: { code, message } });

  const summary = (ticket: Ticket) => ({
    id: ticket.id,
    clientId: ticket.clientId,
    status: ticket.status,
    priority: 'medium',
    category: typeof ticket.answers.category === 'string' ? ticket.answers.category : null,
    summary: String(ticket.answers.description ?? '').slice(0, 40),
    createdAt: ticket.createdAt,
    updatedAt: now(),
    firstResponseDueAt: ticket.createdAt,
    unread: 0,
    canRate: ticket.status === 'resolved' && ticket.rating === null,
    canReopen: ticket.status === 'resolved',
  });
  const detail = (ticket: Ticket) => ({
    ...summary(ticket),
    form: { id: DEFAULT_FORM.id, version: DEFAULT_FORM.version },
    answers: ticket.answers,
    attachments: ticket.attachments,
    resolvedAt: ticket.resolvedAt,
    rating: ticket.rating,
    timeline: ticket.timeline,
  });
  const adminDetail = (ticket: Ticket) => {
    const { unread: _u, canRate: _r, canReopen: _o, ...rest } = detail(ticket);
    return {
      ...rest,
      channel: 'app',
      platform: 'weapp',
      appVersion: null,
      assignee: null,
      firstRespondedAt: null,
      resolutionDueAt: ticket.createdAt,
      sla: { firstResponse: 'pending', resolution: 'pending', overdue: false },
      context: { platform: 'weapp', sdkVersion: '0.1.0' },
      reporter: 'r',
      redacted: false,
      pii: [],
      duplicateOf: null,
    };
  };
  const event = (ticket: Ticket, type: string, actor: string, extra: Record<string, unknown> = {}) => {
    const entry = { id: newId('ev'), at: now(), actor: { type: actor }, type, ...extra };
    ticket.timeline.push(entry);
    return entry;
  };

  const server = createServer(async (request, response) => {
    try {
      await handle(request, response);
    } catch (error) {
      fail(response, 500, 'internal', String(error));
    }
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const body = await readBody(request, breakage.noSizeCap ? Infinity : LIMITS.batchMaxBytes);
    if (body === null) return fail(response, 413, 'body_too_large', 'Body too large');

    if (method === 'GET' && path === '/v1/config') {
      const etag = breakage.weakEtag ? 'W/"form-1"' : '"form-1"';
      if (!breakage.noEtag && request.headers['if-none-match'] === etag) return send(response, 304, undefined, { etag });
      return send(response, 200, { form: DEFAULT_FORM, sla: { firstResponseMinutes: { high: 30, medium: 240, low: 1440 }, resolutionMinutes: { high: 1440, medium: 4320, low: 10080 } } }, breakage.noEtag ? {} : { etag });
    }

    if (path.startsWith('/v1/admin/')) {
      if (!breakage.adminOpen && bearer !== FAKE_OPERATOR_TOKEN) return fail(response, 401, 'unauthorized', 'Operator token required');
      const match = /^\/v1\/admin\/tickets\/([^/]+)(\/replies)?$/.exec(path);
      if (method === 'GET' && path === '/v1/admin/tickets') return send(response, 200, { items: [...tickets.values()].map((ticket) => { const { form: _f, answers: _a, attachments: _t, rating: _r, timeline: _l, reporter: _p, context: _c, redacted: _d, pii: _i, duplicateOf: _o, ...row } = adminDetail(ticket); return row; }), nextCursor: null });
      const ticket = match ? tickets.get(decodeURIComponent(match[1]!)) : undefined;
      if (!ticket) return fail(response, 404, 'not_found', 'No such ticket');
      if (method === 'PATCH' && !match![2]) {
        const patch = JSON.parse(body.toString()) as { status?: string };
        if (patch.status === 'resolved') {
          event(ticket, 'status_changed', 'operator', { from: ticket.status, to: 'resolved' });
          ticket.status = 'resolved';
          ticket.resolvedAt = now();
          ticket.rating = breakage.ratingUnlimited ? ticket.rating : null;
        }
        return send(response, 200, adminDetail(ticket));
      }
      if (method === 'POST' && match![2]) {
        const reply = event(ticket, 'message', 'operator', { body: (JSON.parse(body.toString()) as { body: string }).body, attachments: [] });
        return send(response, 201, reply);
      }
    }

    const isOperator = bearer === FAKE_OPERATOR_TOKEN;
    if (!isOperator && (!bearer || !/^[0-9a-f]{64}$/.test(bearer))) return fail(response, 401, 'unauthorized', 'Reporter secret required');
    const reporter = bearer;

    if (breakage.throttleFirst && throttled < breakage.throttleFirst.count) {
      throttled++;
      const retryAfter = breakage.throttleFirst.retryAfter;
      return send(response, 429, { error: { code: 'rate_limited', message: 'Slow down' } }, retryAfter === null ? {} : { 'retry-after': retryAfter });
    }

    if (method === 'POST' && path === '/v1/submissions') {
      if (!/json/.test(request.headers['content-type'] ?? '')) return fail(response, 415, 'unsupported_media_type', 'JSON only');
      let json: unknown;
      try {
        json = JSON.parse(body.toString());
      } catch {
        return fail(response, 400, 'invalid_json', 'Not JSON');
      }
      const envelope = json as { submissions?: unknown[] };
      if (breakage.noCountCap && Array.isArray(envelope.submissions) && envelope.submissions.length > 50) envelope.submissions = envelope.submissions.slice(0, 50);
      const parsed = parseSubmissionBatch(json);
      if (!parsed.ok) return fail(response, 400, 'invalid_body', 'The body does not match SubmissionBatch');
      if (breakage.badItemFailsBatch && parsed.items.some((item) => !item.ok)) return fail(response, 400, 'invalid_body', 'An item is invalid');
      const results = parsed.items.map((item) => {
        if (!item.ok) return { status: 'rejected', id: item.id, reason: { code: 'invalid_submission', message: 'Invalid item' } };
        const submission = item.submission;
        const key = breakage.idsCaseSensitive ? submission.id : canonicalClientId(submission.id);
        const existing = byClientId.get(key);
        if (existing && !breakage.resendMakesNewTicket) {
          if (tickets.get(existing)!.reporter !== reporter) return { status: 'rejected', id: submission.id, reason: { code: 'forbidden', message: 'Not yours' } };
          return { status: 'duplicate', id: submission.id, ticketId: existing };
        }
        const badTime = breakage.noCreatedAtBound ? null : createdAtIssue(submission.createdAt, new Date());
        const tooOld = breakage.refusesOldClocks && Date.parse(submission.createdAt) < Date.parse('2020-01-01T00:00:00Z');
        if (badTime || tooOld) return { status: 'rejected', id: submission.id, reason: { code: 'invalid_submission', message: 'createdAt out of range' } };
        if (submission.form.id !== DEFAULT_FORM.id || submission.form.version !== DEFAULT_FORM.version) return { status: 'rejected', id: submission.id, reason: { code: 'unknown_form', message: 'Unknown form' } };
        const checked = validateAnswers(DEFAULT_FORM, submission);
        if (!checked.ok) return { status: 'rejected', id: submission.id, reason: { code: 'invalid_answers', message: 'Invalid answers' } };
        if (submission.attachments.some((id) => attachments.get(id)?.owner !== reporter)) return { status: 'rejected', id: submission.id, reason: { code: 'attachment_not_found', message: 'Unknown attachment' } };
        const ticket: Ticket = { id: newId('tk'), clientId: submission.id, reporter: reporter!, status: 'acknowledged', createdAt: now(), answers: checked.answers, attachments: submission.attachments, rating: null, resolvedAt: null, timeline: [] };
        event(ticket, 'submitted', 'reporter');
        tickets.set(ticket.id, ticket);
        byClientId.set(key, ticket.id);
        const ack = { priority: 'medium', firstResponseDueAt: ticket.createdAt, message: '已收到' };
        return breakage.noTicketId ? { status: 'accepted', id: submission.id, ack } : { status: 'accepted', id: submission.id, ticketId: ticket.id, ack };
      });
      return send(response, 200, { results });
    }

    if (method === 'POST' && path === '/v1/attachments') {
      if (body.subarray(0, 4).toString('latin1') !== '\x89PNG') return fail(response, 415, 'unsupported_media_type', 'Not an image');
      const id = newId('at');
      attachments.set(id, { owner: reporter!, bytes: body });
      return send(response, 201, { id, contentType: 'image/png', size: body.byteLength });
    }
    const attachment = /^\/v1\/attachments\/([^/]+)$/.exec(path);
    if (method === 'GET' && attachment) {
      const stored = attachments.get(decodeURIComponent(attachment[1]!));
      if (!stored || (!isOperator && !breakage.attachmentsVisibleToAll && stored.owner !== reporter)) return fail(response, 404, 'not_found', 'No such attachment');
      response.writeHead(200, { 'content-type': 'image/png' });
      return response.end(stored.bytes);
    }

    if (method === 'GET' && path === '/v1/tickets') {
      const items = [...tickets.values()].filter((ticket) => breakage.listShowsAll || ticket.reporter === reporter).reverse();
      return send(response, 200, { items: items.map(summary), nextCursor: null });
    }
    const ticketRoute = /^\/v1\/tickets\/([^/]+)(?:\/(messages|rating|reopen))?$/.exec(path);
    if (ticketRoute) {
      const ticket = tickets.get(decodeURIComponent(ticketRoute[1]!));
      if (!ticket || (!breakage.ticketsVisibleToAll && ticket.reporter !== reporter)) return fail(response, 404, 'not_found', 'No such ticket');
      const action = ticketRoute[2];
      if (method === 'GET' && !action) return send(response, 200, detail(ticket));
      const input = JSON.parse(body.toString() || '{}') as { score?: number; reason?: string; body?: string };
      if (action === 'messages') return send(response, 201, event(ticket, 'message', 'reporter', { body: input.body, attachments: [] }));
      if (action === 'rating') {
        if (ticket.status !== 'resolved') return fail(response, 409, 'illegal_transition', 'Not resolved');
        if (ticket.rating && !breakage.ratingUnlimited) return fail(response, 409, 'conflict', 'Already rated');
        ticket.rating = { score: input.score!, at: now() };
        event(ticket, 'rating', 'reporter', { score: input.score });
        return send(response, 200, detail(ticket));
      }
      if (action === 'reopen') {
        if (ticket.status !== 'resolved' && !breakage.reopenAnytime) return fail(response, 409, 'illegal_transition', `No transition from ${ticket.status} to reopened`);
        ticket.status = 'reopened';
        ticket.resolvedAt = null;
        event(ticket, 'reopened', 'reporter', { reason: input.reason });
        return send(response, 200, detail(ticket));
      }
    }
    return fail(response, 404, 'not_found', 'No such route');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The request body, or null once it passes `max` bytes. */
async function readBody(request: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even past the cap, so the client gets the 413 rather than a reset.
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size <= max) chunks.push(chunk as Buffer);
  }
  return size > max ? null : Buffer.concat(chunks);
}

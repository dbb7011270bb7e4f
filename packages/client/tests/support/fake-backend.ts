/**
 * An in-memory protocol v1 backend behind a `Transport`, for queue unit tests with fake
 * timers (no sockets). It answers like the reference server: per-item results in order,
 * idempotent on each item's id, attachments by id. `next(...)` scripts the answers to come
 * (a status, a network failure, a timeout) to drive the queue through failures.
 */
import { acknowledgementText, type SubmissionInput } from '@fankui/core';
import { NetworkError, TimeoutError, type Transport, type TransportRequest, type TransportResponse } from '../../src/index';

/**
 * A scripted answer: a response; `network`/`timeout` (no answer); `pass` (answer normally);
 * `lose` (do the work, then lose the answer: the server committed, the client never hears).
 */
export type Scripted = TransportResponse | 'network' | 'timeout' | 'pass' | 'lose' | ((request: TransportRequest) => TransportResponse | 'network' | 'timeout' | undefined);

export const answer = (status: number, json?: unknown, headers: Record<string, string> = {}): TransportResponse => ({
  status,
  json,
  headers: (name) => headers[name.toLowerCase()] ?? null,
});

export interface FakeBackendOptions {
  /** Items for which this is true are rejected (`invalid_answers`). */
  rejectIf?: (submission: SubmissionInput) => boolean;
  /** A whole request is refused with this status when any item matches (a bad item poisoning the batch). */
  poisonIf?: (submission: SubmissionInput) => boolean;
  poisonStatus?: number;
}

export function createFakeBackend(options: FakeBackendOptions = {}) {
  const submissions = new Map<string, { ticketId: string; submission: SubmissionInput; copies: number }>();
  const attachments = new Map<string, { bytes: number; type: string }>();
  const deflections: unknown[] = [];
  const requests: { method: string; path: string; headers: Record<string, string>; json?: unknown; at: number }[] = [];
  const script: Scripted[] = [];
  let counter = 0;

  function route(request: TransportRequest): TransportResponse {
    const path = new URL(request.url).pathname;
    if (request.method === 'POST' && path === '/v1/submissions') {
      const batch = (request.json as { submissions: SubmissionInput[] }).submissions;
      if (options.poisonIf && batch.some(options.poisonIf)) return answer(options.poisonStatus ?? 400, { error: { code: 'invalid_body', message: 'poisoned' } });
      const results = batch.map((submission) => {
        if (options.rejectIf?.(submission)) return { status: 'rejected', id: submission.id, reason: { code: 'invalid_answers', message: 'refused on purpose' } };
        const unknown = (submission.attachments ?? []).filter((id) => !attachments.has(id));
        if (unknown.length > 0) return { status: 'rejected', id: submission.id, reason: { code: 'attachment_not_found', message: unknown.join() } };
        const known = submissions.get(submission.id);
        if (known) {
          known.copies++;
          return { status: 'duplicate', id: submission.id, ticketId: known.ticketId };
        }
        const ticketId = `tk_${++counter}`;
        submissions.set(submission.id, { ticketId, submission, copies: 1 });
        return {
          status: 'accepted',
          id: submission.id,
          ticketId,
          ack: { priority: 'medium', firstResponseDueAt: new Date(Date.now() + 4 * 3_600_000).toISOString(), message: acknowledgementText('medium') },
        };
      });
      return answer(200, { results });
    }
    if (request.method === 'POST' && path === '/v1/attachments') {
      const id = `at_${++counter}`;
      attachments.set(id, { bytes: request.body?.size ?? 0, type: request.headers['content-type'] ?? '' });
      return answer(201, { id, contentType: 'image/png', size: request.body?.size ?? 0 });
    }
    if (request.method === 'POST' && path === '/v1/deflections') {
      deflections.push(request.json);
      return answer(204);
    }
    if (request.method === 'GET' && path === '/v1/tickets') {
      const items = [...submissions.values()].reverse().map(({ ticketId, submission }) => ({
        id: ticketId,
        clientId: submission.id,
        status: 'acknowledged',
        priority: 'medium',
        category: (submission.answers as Record<string, unknown>).category ?? null,
        summary: String((submission.answers as Record<string, unknown>).description ?? ''),
        createdAt: submission.createdAt,
        updatedAt: submission.createdAt,
        firstResponseDueAt: submission.createdAt,
        unread: 0,
        canRate: false,
        canReopen: false,
      }));
      return answer(200, { items, nextCursor: null });
    }
    return answer(404, { error: { code: 'not_found', message: 'no route' } });
  }

  const transport: Transport = {
    async send(request) {
      requests.push({ method: request.method, path: new URL(request.url).pathname, headers: { ...request.headers }, json: request.json, at: Date.now() });
      let scripted = script.shift();
      if (typeof scripted === 'function') scripted = scripted(request);
      if (scripted === 'network') throw new NetworkError();
      if (scripted === 'timeout') throw new TimeoutError(request.timeoutMs);
      if (scripted === 'lose') {
        route(request);
        throw new NetworkError('connection reset after the server committed');
      }
      return scripted === undefined || scripted === 'pass' ? route(request) : scripted;
    },
  };

  return {
    transport,
    submissions,
    attachments,
    /** The bodies of `POST /v1/deflections`, in the order recorded. */
    deflections,
    requests,
    /** Requests to one route. */
    sent: (path: string) => requests.filter((request) => request.path === path),
    /** Scripts the next answers, in order; afterwards the backend answers normally. */
    next(...answers: Scripted[]) {
      script.push(...answers);
    },
    /** Every request fails with a network error until `heal()`. */
    breakDown() {
      script.length = 0;
      for (let i = 0; i < 10_000; i++) script.push('network');
    },
    heal() {
      script.length = 0;
    },
  };
}

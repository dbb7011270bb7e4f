import { ErrorBody } from '@fankui/core/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, OPERATOR_TOKEN, countTickets, newReporterSecret, paymentSubmission, startTestServer, streamRequest, type OpenStore, type TestServer } from '../support/harness';

const SQL = `'); DROP TABLE tickets; -- " OR 1=1; /* %_\\ */ \`x\` $1 ?`;

/** Rate limits, CORS and security headers, and a corpus of hostile input. */
export function limitsSuite(openStore: OpenStore): void {
  describe('limits and hostile input', () => {
    let server: TestServer;
    let reporter: Client;
    let operator: Client;
    beforeAll(async () => {
      server = await startTestServer(openStore, { corsOrigins: ['https://console.example.com'] });
      reporter = new Client(server.url, newReporterSecret());
      operator = new Client(server.url, OPERATOR_TOKEN);
    });
    afterAll(() => server.close());

    const raw = (path: string, init: RequestInit & { headers?: Record<string, string> }) =>
      fetch(`${server.url}${path}`, { method: 'POST', ...init, headers: { authorization: `Bearer ${reporter.token}`, ...init.headers } });

    it('answers every item of the bad-input corpus with a clear 4xx and leaves the store intact', async () => {
      const ticketId = await reporter.ticket();
      const before = await countTickets(server.store);
      const json = { 'content-type': 'application/json' };
      const valid = JSON.stringify({ submissions: [paymentSubmission()] });
      const corpus: [name: string, status: number, code: string, request: () => Promise<Response>][] = [
        ['oversized body (declared)', 413, 'body_too_large', () => raw('/v1/submissions', { headers: json, body: `{"submissions":[${'"x",'.repeat(300_000)}"x"]}` })],
        ['oversized message', 413, 'body_too_large', () => raw(`/v1/tickets/${ticketId}/messages`, { headers: json, body: JSON.stringify({ body: 'x'.repeat(70_000) }) })],
        ['10k levels deep', 400, 'invalid_body', () => raw('/v1/submissions', { headers: json, body: `{"submissions":${'['.repeat(10_000)}${']'.repeat(10_000)}}` })],
        ['invalid UTF-8', 400, 'invalid_json', () => raw('/v1/submissions', { headers: json, body: Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) })],
        ['not JSON', 400, 'invalid_json', () => raw('/v1/submissions', { headers: json, body: '{"submissions": [' })],
        ['empty body', 400, 'invalid_json', () => raw('/v1/submissions', { headers: json, body: '' })],
        ['wrong content type', 415, 'unsupported_media_type', () => raw('/v1/submissions', { headers: { 'content-type': 'text/plain' }, body: valid })],
        ['no content type', 415, 'unsupported_media_type', () => raw('/v1/submissions', { body: new Blob([valid]) })],
        ['wrong types', 400, 'invalid_body', () => raw('/v1/submissions', { headers: json, body: JSON.stringify({ submissions: 42 }) })],
        ['wrong types in a message', 400, 'invalid_body', () => raw(`/v1/tickets/${ticketId}/messages`, { headers: json, body: JSON.stringify({ body: 42 }) })],
        ['wrong types in a rating', 400, 'invalid_body', () => raw(`/v1/tickets/${ticketId}/rating`, { headers: json, body: JSON.stringify({ score: '5' }) })],
        ['__proto__ in the envelope', 400, 'invalid_body', () => raw('/v1/submissions', { headers: json, body: `{"submissions":[${JSON.stringify(paymentSubmission())}],"__proto__":{"polluted":true}}` })],
        ['constructor in a message', 400, 'invalid_body', () => raw(`/v1/tickets/${ticketId}/messages`, { headers: json, body: '{"body":"补充信息","constructor":{"prototype":{"polluted":true}}}' })],
        ['non-image renamed .png', 415, 'unsupported_media_type', () => {
          const form = new FormData();
          form.append('file', new Blob(['#!/bin/sh\necho pwned\n'], { type: 'image/png' }), 'cute-cat.png');
          return raw('/v1/attachments', { body: form });
        }],
        ['text sent as image/png', 415, 'unsupported_media_type', () => raw('/v1/attachments', { headers: { 'content-type': 'image/png' }, body: '<svg onload=alert(1)>' })],
        ['upload as JSON', 415, 'unsupported_media_type', () => raw('/v1/attachments', { headers: json, body: '{}' })],
        ['oversized upload', 413, 'body_too_large', () => raw('/v1/attachments', { headers: { 'content-type': 'image/png' }, body: new Uint8Array(6 * 1024 * 1024) })],
        ['unknown route', 404, 'not_found', () => raw('/v1/nothing-here', {})],
        ['wrong method', 405, 'method_not_allowed', () => raw('/v1/config', {})],
        ['hostile ticket id', 404, 'not_found', () => raw('/v1/tickets/..%2F..%2Fetc%2Fpasswd/messages', { headers: json, body: '{"body":"hello"}' })],
        ['hostile query', 400, 'invalid_query', () => fetch(`${server.url}/v1/admin/tickets?limit=1e9`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })],
      ];
      for (const [name, status, code, request] of corpus) {
        const response = await request();
        expect(response.status, name).toBe(status);
        const body = ErrorBody.safeParse(await response.json());
        expect(body.success, name).toBe(true);
        expect(body.data?.error.code, name).toBe(code);
        expect(body.data?.error.message.length, name).toBeGreaterThan(5);
      }
      // A chunked body without Content-Length is cut off at the cap as it streams.
      const streamed = await streamRequest(`${server.url}/v1/submissions`, {
        headers: { authorization: `Bearer ${reporter.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        chunks: Array.from({ length: 40 }, () => ' '.repeat(64 * 1024)),
      });
      expect(streamed.status).toBe(413);
      expect(ErrorBody.parse(JSON.parse(streamed.text)).error.code).toBe('body_too_large');

      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await countTickets(server.store)).toBe(before);
      expect((await reporter.get('/readyz')).status).toBe(200);
    });

    it('rejects __proto__ inside an item on its own, without polluting anything', async () => {
      const item = JSON.stringify(paymentSubmission()).replace('"answers":{', '"answers":{"__proto__":{"polluted":true},');
      const response = await raw('/v1/submissions', { headers: { 'content-type': 'application/json' }, body: `{"submissions":[${item},${JSON.stringify(paymentSubmission())}]}` });
      const { results } = (await response.json()) as { results: { status: string; reason?: { details: { code: string }[] } }[] };
      expect(results.map((result) => result.status)).toEqual(['rejected', 'accepted']);
      expect(results[0]!.reason!.details.some((issue) => issue.code === 'forbidden_key')).toBe(true);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('rejects a NUL character inside one item on its own (PostgreSQL cannot store it)', async () => {
      const bad = paymentSubmission({ answers: { category: 'payment', subtypes: ['refund'], description: '退款\u0000没到账' } });
      const response = await raw('/v1/submissions', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ submissions: [bad, paymentSubmission()] }) });
      expect(response.status).toBe(200);
      const { results } = (await response.json()) as { results: { status: string }[] };
      expect(results.map((result) => result.status)).toEqual(['rejected', 'accepted']);
      const ticketId = await reporter.ticket();
      const message = await raw(`/v1/tickets/${ticketId}/messages`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: 'a\u0000b' }) });
      expect(message.status).toBe(400);
    });

    it('stores SQL metacharacters in every text field verbatim', async () => {
      const submission = paymentSubmission({
        answers: { category: 'payment', subtypes: ['refund'], amount: '1.00', description: `退款没到账 ${SQL}` },
        context: { platform: 'weapp', sdkVersion: SQL.slice(0, 32), appVersion: SQL.slice(0, 32), pagePath: SQL, locale: "zh'--", system: { [`brand'--`]: SQL, model: SQL } },
        contact: { name: SQL, phone: '13800138000' },
      });
      const ticketId = await reporter.ticket(submission);
      await reporter.post(`/v1/tickets/${ticketId}/messages`, { body: SQL });
      await operator.post(`/v1/admin/tickets/${ticketId}/replies`, { body: SQL });
      await operator.post(`/v1/admin/tickets/${ticketId}/notes`, { body: SQL });
      await operator.patch(`/v1/admin/tickets/${ticketId}`, { assignee: SQL.slice(0, 200), status: 'resolved', reason: SQL });
      await reporter.post(`/v1/tickets/${ticketId}/rating`, { score: 1, comment: SQL });
      await reporter.post(`/v1/tickets/${ticketId}/reopen`, { reason: SQL });

      const detail = (await operator.get(`/v1/admin/tickets/${ticketId}`)).body;
      expect(detail.answers.description).toBe(`退款没到账 ${SQL}`);
      expect(detail.contact.name).toBe(SQL);
      expect(detail.assignee).toBe(SQL);
      expect(detail.rating.comment).toBe(SQL);
      const bodies = detail.timeline.map((event: { body?: string; reason?: string }) => event.body ?? event.reason).filter(Boolean);
      expect(bodies).toEqual([SQL, SQL, SQL, SQL, SQL]);
      const stored = await server.store.getTicket(ticketId);
      expect(stored?.context.pagePath).toBe(SQL);
      expect(stored?.context.system).toEqual({ "brand'--": SQL, model: SQL });

      // Searching for the metacharacters finds the ticket and nothing breaks.
      const search = await operator.get(`/v1/admin/tickets?q=${encodeURIComponent("DROP TABLE tickets; --")}`);
      expect(search.status).toBe(200);
      expect(search.body.items.map((item: { id: string }) => item.id)).toEqual([ticketId]);
      for (const q of ['%', '_', "'", '\\', '"']) expect((await operator.get(`/v1/admin/tickets?q=${encodeURIComponent(q)}`)).status).toBe(200);
      expect((await operator.get(`/v1/admin/tickets?assignee=${encodeURIComponent(SQL.slice(0, 200))}`)).body.items).toHaveLength(1);
    });

    it('sends security headers and honours the configured CORS origins', async () => {
      const answer = await reporter.get('/v1/tickets', { origin: 'https://console.example.com' });
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('x-request-id')).toBeTruthy();

      const foreign = await reporter.get('/v1/tickets', { origin: 'https://evil.example' });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${server.url}/v1/submissions`, {
        method: 'OPTIONS',
        headers: { origin: 'https://console.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    });

    it('logs requests as JSON facts without bodies, tokens or contact details', async () => {
      await reporter.ticket();
      const requests = server.logs.filter((line) => line.msg === 'request');
      expect(requests.length).toBeGreaterThan(10);
      for (const line of requests) {
        expect(Object.keys(line).sort()).toEqual(expect.arrayContaining(['durationMs', 'method', 'requestId', 'route', 'status']));
      }
      expect(requests.find((line) => line.status === 413)).toMatchObject({ route: '/v1/submissions', errorCode: 'body_too_large' });
      expect(requests.some((line) => line.route === '/v1/tickets/{id}/messages')).toBe(true);
      const everything = JSON.stringify(server.logs);
      for (const secret of [reporter.token!, OPERATOR_TOKEN, '13800138000', '昨天支付失败', 'DROP TABLE']) expect(everything).not.toContain(secret);
    });

    it('answers 429 with Retry-After per reporter and per address, then recovers', async () => {
      const limited = await startTestServer(openStore, { rateLimit: { perReporter: { burst: 3, perMinute: 120 }, perIp: { burst: 5, perMinute: 120 } } });
      try {
        const client = new Client(limited.url, newReporterSecret());
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await client.get('/v1/tickets')).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
        const refused = await client.get('/v1/tickets');
        expect(refused.status).toBe(429);
        expect(ErrorBody.parse(refused.body).error.code).toBe('rate_limited');
        const retryAfter = Number(refused.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(2);

        // Another reporter from the same address still has the address's last tokens, then not.
        const other = client.as(newReporterSecret());
        expect((await other.get('/v1/tickets')).status).toBe(429);

        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
        expect((await client.get('/v1/tickets')).status).toBe(200);
        // Operator routes are not limited.
        expect((await client.as(OPERATOR_TOKEN).get('/v1/admin/tickets')).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminWebhookDeliveryList } from '@fankui/core/schema';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfigInput } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { eventually } from '../support/eventually';
import { Client, OPERATOR_TOKEN, newReporterSecret, paymentSubmission, startTestServer, suggestion, type OpenStore, type TestServer } from '../support/harness';

const SECRET = 'whsec-test-0123456789abcdef';
const PHONE = '13912345678';

interface Received {
  id: string;
  event: string;
  attempt: number;
  answered: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1 as an integrator would write one: it checks the signature
 * and answers `answer(deliveryId, attempt)` (a status), recording every request.
 */
async function startReceiver(answer: (id: string, attempt: number) => number | Promise<number>): Promise<{ url: string; received: Received[]; inFlight: Map<string, number>; overlaps: string[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const inFlight = new Map<string, number>();
  const overlaps: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(request.headers['fankui-delivery']);
      const attempt = Number(request.headers['fankui-attempt']);
      // Two senders holding one delivery at once would show up here.
      if (inFlight.get(id)) overlaps.push(id);
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      const status = await answer(id, attempt);
      inFlight.set(id, (inFlight.get(id) ?? 1) - 1);
      received.push({ id, event: String(request.headers['fankui-event']), attempt, answered: status, headers: request.headers, body });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/fankui`,
    received,
    inFlight,
    overlaps,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The receiver's check, as docs/notifications.md shows it: HMAC-SHA256 over "<t>.<body>", recent t only. */
function verify(headers: IncomingHttpHeaders, body: string, secret: string, toleranceSeconds = 300): boolean {
  const header = String(headers['fankui-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const fast = (url: string, extra: Record<string, unknown> = {}): ServerConfigInput => ({
  webhooks: { endpoints: [{ url, secret: SECRET }], retryBaseMs: 40, retryMaxMs: 160, pollIntervalMs: 20, timeoutMs: 2_000, maxAttempts: 5, ...extra },
});

/** Webhooks over real HTTP: signed, retried from the outbox, logged, sent once per delivery id across instances. */
export function webhooksSuite(openStore: OpenStore): void {
  describe('webhooks', () => {
    let server: TestServer | undefined;
    let second: RunningServer | undefined;
    let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
    afterEach(async () => {
      await second?.close();
      await server?.close();
      await receiver?.close();
      server = second = receiver = undefined;
    });

    it('delivers created, status changed and replied to a receiver that fails its first attempts: each once, signed, masked, in the log', async () => {
      receiver = await startReceiver((_id, attempt) => (attempt <= 2 ? 503 : 200));
      server = await startTestServer(openStore, fast(receiver.url));
      const reporter = new Client(server.url, newReporterSecret());
      const operator = new Client(server.url, OPERATOR_TOKEN);
      const ticketId = await reporter.ticket(paymentSubmission({ answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '9.90', description: `扣款了，请打 ${PHONE} 联系我` } }));
      expect((await operator.request('POST', `/v1/admin/tickets/${ticketId}/replies`, { json: { body: `已退款，如有疑问请拨 ${PHONE}` } })).status).toBe(201);
      expect((await operator.request('PATCH', `/v1/admin/tickets/${ticketId}`, { json: { status: 'resolved' } })).status).toBe(200);

      // created; replied + status_changed (to in_progress, by the reply); status_changed (resolved).
      const accepted = () => receiver!.received.filter((item) => item.answered === 200);
      await eventually(() => expect(accepted()).toHaveLength(4), 10_000);
      const byId = new Map<string, Received[]>();
      for (const item of receiver.received) byId.set(item.id, [...(byId.get(item.id) ?? []), item]);
      expect(byId.size).toBe(4);
      for (const [id, attempts] of byId) {
        // Three attempts each: two refused, one accepted; same id, same bytes every time.
        expect(attempts.map((item) => item.attempt)).toEqual([1, 2, 3]);
        expect(new Set(attempts.map((item) => item.body)).size).toBe(1);
        for (const item of attempts) {
          expect(verify(item.headers, item.body, SECRET)).toBe(true);
          expect(verify(item.headers, item.body, 'another-secret-0123456789')).toBe(false);
          expect(JSON.parse(item.body)).toMatchObject({ id, event: item.event, data: { ticket: { id: ticketId } } });
          expect(item.body).not.toContain(PHONE);
          expect(item.headers['content-type']).toBe('application/json');
        }
      }
      const bodies = accepted().map((item) => JSON.parse(item.body));
      expect(bodies.map((body) => body.event).sort()).toEqual(['ticket.created', 'ticket.replied', 'ticket.status_changed', 'ticket.status_changed']);
      expect(bodies.filter((body) => body.event === 'ticket.status_changed').map((body) => body.data.change.to).sort()).toEqual(['in_progress', 'resolved']);
      const reply = bodies.find((body) => body.event === 'ticket.replied');
      expect(reply.data.reply.body).toMatch(/^已退款，如有疑问请拨 139\*{4}5678$/);
      expect(reply.data.reply.operator).toBe('客服小王');
      // A tampered body does not verify.
      const one = accepted()[0]!;
      expect(verify(one.headers, one.body.replace(ticketId, 'tk_other'), SECRET)).toBe(false);

      // The delivery log: operator only; each delivered after 3 attempts.
      expect((await reporter.request('GET', '/v1/admin/webhooks/deliveries')).status).toBe(401);
      const log = await operator.request('GET', '/v1/admin/webhooks/deliveries');
      expect(log.status).toBe(200);
      const deliveries = AdminWebhookDeliveryList.parse(log.body).items;
      expect(deliveries.map((item) => item.id).sort()).toEqual([...byId.keys()].sort());
      for (const item of deliveries) expect(item).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, ticketId, endpoint: receiver.url });
      const page = await operator.request('GET', '/v1/admin/webhooks/deliveries?limit=3&event=ticket.status_changed');
      expect(page.body.items.map((item: { event: string }) => item.event)).toEqual(['ticket.status_changed', 'ticket.status_changed']);
      expect((await operator.request('GET', '/v1/admin/webhooks/deliveries?status=sent')).status).toBe(400);
      // Retries were logged without the secret.
      const warnings = server.logs.filter((line) => line.msg === 'webhook attempt failed');
      expect(warnings).toHaveLength(8);
      expect(warnings[0]).toMatchObject({ error: 'http_503', endpoint: receiver.url });
      expect(JSON.stringify(server.logs)).not.toContain(SECRET);
    });

    it('gives up after maxAttempts, marks the delivery failed with the last error, and sends only subscribed events', async () => {
      receiver = await startReceiver(() => 500);
      const replies = await startReceiver(() => 204);
      try {
        server = await startTestServer(openStore, {
          webhooks: {
            endpoints: [
              { url: receiver.url, secret: SECRET },
              { url: replies.url, secret: 'whsec-replies-0123456789', events: ['ticket.replied'] },
            ],
            retryBaseMs: 20, retryMaxMs: 40, pollIntervalMs: 20, maxAttempts: 3,
          },
        });
        const ticketId = await new Client(server.url, newReporterSecret()).ticket(suggestion('希望增加夜间模式'));
        const operator = new Client(server.url, OPERATOR_TOKEN);
        await operator.request('POST', `/v1/admin/tickets/${ticketId}/replies`, { json: { body: '收到，已记录' } });
        await eventually(async () => {
          const failed = await operator.request('GET', '/v1/admin/webhooks/deliveries?status=failed');
          expect(failed.body.items).toHaveLength(3);
        }, 10_000);
        const failed = AdminWebhookDeliveryList.parse((await operator.request('GET', '/v1/admin/webhooks/deliveries?status=failed')).body).items;
        for (const item of failed) expect(item).toMatchObject({ endpoint: receiver.url, attempts: 3, lastError: 'http_500', lastStatus: 500, deliveredAt: null });
        expect(receiver.received).toHaveLength(9);
        // The replies endpoint heard the reply only, signed with its own secret.
        await eventually(() => expect(replies.received).toHaveLength(1));
        expect(replies.received[0]!.event).toBe('ticket.replied');
        expect(verify(replies.received[0]!.headers, replies.received[0]!.body, 'whsec-replies-0123456789')).toBe(true);
        expect(server.logs.filter((line) => line.msg === 'webhook delivery failed')).toHaveLength(3);
      } finally {
        await replies.close();
      }
    });

    it('sends ticket.adopted once when an operator adopts a suggestion (采纳), which the reporter does not see', async () => {
      receiver = await startReceiver(() => 200);
      server = await startTestServer(openStore, {
        webhooks: { endpoints: [{ url: receiver.url, secret: SECRET, events: ['ticket.adopted'] }], retryBaseMs: 20, pollIntervalMs: 20 },
      });
      const reporter = new Client(server.url, newReporterSecret());
      const operator = new Client(server.url, OPERATOR_TOKEN);
      const ticketId = await reporter.ticket(suggestion('希望增加夜间模式'));
      const adopted = await operator.request('POST', `/v1/admin/tickets/${ticketId}/adopt`, { json: { note: `已排期，积分发给 ${PHONE}` } });
      expect(adopted.status).toBe(200);
      expect(adopted.body.timeline.at(-1)).toMatchObject({ type: 'adopted', actor: { type: 'operator', name: '客服小王' } });
      // Once per ticket; unknown tickets and bad bodies are refused.
      expect((await operator.request('POST', `/v1/admin/tickets/${ticketId}/adopt`, { json: {} })).body.error.code).toBe('conflict');
      expect((await operator.request('POST', '/v1/admin/tickets/tk_01kbnotthere0000000000000/adopt', { json: {} })).status).toBe(404);
      expect((await operator.request('POST', `/v1/admin/tickets/${ticketId}/adopt`, { json: { points: 10 } })).status).toBe(400);
      expect((await reporter.request('POST', `/v1/admin/tickets/${ticketId}/adopt`, { json: {} })).status).toBe(401);

      await eventually(() => expect(receiver!.received).toHaveLength(1));
      const [delivery] = receiver.received;
      expect(verify(delivery!.headers, delivery!.body, SECRET)).toBe(true);
      const body = JSON.parse(delivery!.body);
      expect(body).toMatchObject({ event: 'ticket.adopted', data: { ticket: { id: ticketId, category: 'suggestion' }, adoption: { operator: '客服小王' } } });
      expect(body.data.adoption.note).toMatch(/^已排期，积分发给 139\*{4}5678$/);
      // Operator-only: the reporter's timeline has no trace of it.
      const mine = await reporter.request('GET', `/v1/tickets/${ticketId}`);
      expect(mine.body.timeline.map((item: { type: string }) => item.type)).not.toContain('adopted');
    });

    it('two server instances on one store under a burst: every delivery id is accepted once and never sent by both at the same time', async () => {
      // Each delivery's first attempt fails, so retries come due while both instances poll.
      receiver = await startReceiver(async (_id, attempt) => {
        await new Promise((resolve) => setTimeout(resolve, 15));
        return attempt === 1 ? 502 : 200;
      });
      const config = fast(receiver.url, { retryBaseMs: 30, retryMaxMs: 60, pollIntervalMs: 5 });
      server = await startTestServer(openStore, config);
      second = await startServer({ port: 0, operatorTokens: [OPERATOR_TOKEN], logLevel: 'silent', ...server.location, ...config });
      const clients = [new Client(server.url, newReporterSecret()), new Client(second.url, newReporterSecret())];
      const tickets = await Promise.all(Array.from({ length: 30 }, (_, index) => clients[index % 2]!.ticket(suggestion(`批量反馈 ${index}`))));
      expect(new Set(tickets).size).toBe(30);
      await eventually(() => expect(receiver!.received.filter((item) => item.answered === 200)).toHaveLength(30), 20_000);
      // Let any stray second send arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const accepted = receiver.received.filter((item) => item.answered === 200);
      expect(new Set(accepted.map((item) => item.id)).size).toBe(30);
      expect(receiver.received).toHaveLength(60);
      expect(receiver.overlaps).toEqual([]);
      const log = await new Client(second.url, OPERATOR_TOKEN).request('GET', '/v1/admin/webhooks/deliveries?status=delivered&limit=100');
      expect(log.body.items).toHaveLength(30);
    });
  });
}

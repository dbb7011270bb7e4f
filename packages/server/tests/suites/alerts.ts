import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminAlertList, AdminAlert, RemoteConfig } from '@fankui/core/schema';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfigInput } from '../../src/config';
import { startServer, type RunningServer } from '../../src/server';
import { eventually } from '../support/eventually';
import { Client, OPERATOR_TOKEN, newReporterSecret, paymentSubmission, startTestServer, suggestion, type OpenStore, type TestServer } from '../support/harness';

const SECRET = 'whsec-alerts-0123456789abcdef';
const PHONE = '13912345678';
const NOTICE = '支付通道异常，正在修复，已扣款项将自动退回';

/** A receiver that accepts everything and keeps the parsed bodies. */
async function startReceiver(): Promise<{ url: string; bodies: any[]; close(): Promise<void> }> {
  const bodies: any[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spike alerts, known-issue notices and SLA breaches over real HTTP, with two server processes on one store. */
export function alertsSuite(openStore: OpenStore): void {
  describe('alerts, notices and SLA breaches', { timeout: 60_000 }, () => {
    let server: TestServer | undefined;
    let second: RunningServer | undefined;
    let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
    afterEach(async () => {
      await second?.close();
      await server?.close();
      await receiver?.close();
      server = second = receiver = undefined;
    });

    const config = (url: string, events: string[]): ServerConfigInput => ({
      webhooks: { endpoints: [{ url, secret: SECRET, events: events as never }], retryBaseMs: 20, pollIntervalMs: 20 },
      alerts: { checkIntervalSeconds: 0.05, windowMinutes: 30, baselineWindows: 4, factor: 3, minCount: 10 },
      slaBreaches: { checkIntervalSeconds: 0 },
    });

    it('a burst of one category raises one alert per subject (two processes checking), one webhook each; the notice reaches /v1/config until the alert closes', async () => {
      receiver = await startReceiver();
      const settings = config(receiver.url, ['alert.spike_detected']);
      server = await startTestServer(openStore, settings);
      second = await startServer({ port: 0, operatorTokens: [OPERATOR_TOKEN], logLevel: 'silent', ...server.location, ...settings });
      const operator = new Client(server.url, OPERATOR_TOKEN);

      // Below minCount: three suggestions are no spike.
      const quiet = new Client(server.url, newReporterSecret());
      for (let index = 0; index < 3; index += 1) await quiet.ticket(suggestion(`希望增加夜间模式 ${index}`));
      await pause(300);
      expect((await operator.get('/v1/admin/alerts')).body.items).toEqual([]);

      // Twelve payment complaints, from many reporters, to both processes.
      const description = `支付失败但是被扣款了，请打 ${PHONE} 联系我`;
      await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          new Client(index % 2 ? server!.url : second!.url, newReporterSecret()).ticket(paymentSubmission({ answers: { category: 'payment', subtypes: ['unexpected_charge'], description } })),
        ),
      );
      await eventually(async () => expect((await operator.get('/v1/admin/alerts')).body.items.length).toBeGreaterThanOrEqual(3), 15_000);
      await pause(400); // many more checks on both processes
      const alerts = AdminAlertList.parse((await operator.get('/v1/admin/alerts')).body).items;
      // One for the category, one per triage keyword of the text, never one per ticket.
      expect(alerts.map((alert) => `${alert.kind}:${alert.subject}`).sort()).toEqual(['category:payment', 'keyword:扣款', 'keyword:支付失败']);
      const payment = alerts.find((alert) => alert.kind === 'category')!;
      // Opened by the check that first saw 10 or more.
      expect(payment).toMatchObject({ status: 'open', baseline: 0, windowMinutes: 30, closedAt: null, notice: null });
      expect(payment.count).toBeGreaterThanOrEqual(10);
      expect(payment.count).toBeLessThanOrEqual(12);

      // One webhook per alert, with masked samples.
      await eventually(() => expect(receiver!.bodies).toHaveLength(3), 15_000);
      await pause(200);
      expect(receiver.bodies).toHaveLength(3);
      const spike = receiver.bodies.find((body) => body.data.alert.id === payment.id);
      expect(spike).toMatchObject({ event: 'alert.spike_detected', eventId: payment.id, data: { alert: { kind: 'category', subject: 'payment', count: payment.count } } });
      expect(spike.data.samples).toHaveLength(3);
      expect(spike.data.samples[0].summary).toContain('139****5678');
      expect(JSON.stringify(receiver.bodies)).not.toContain(PHONE);

      // Operators only; bad input is refused with a code.
      const reporter = new Client(server.url, newReporterSecret());
      expect((await reporter.get('/v1/admin/alerts')).status).toBe(401);
      expect((await reporter.post(`/v1/admin/alerts/${payment.id}/notice`, { text: NOTICE })).status).toBe(401);
      expect((await operator.post(`/v1/admin/alerts/${payment.id}/notice`, { text: '  ' })).body.error.code).toBe('invalid_body');
      expect((await operator.post(`/v1/admin/alerts/${payment.id}/notice`, { text: '长'.repeat(121) })).status).toBe(400);
      expect((await operator.post('/v1/admin/alerts/al_01kbnotthere0000000000000/notice', { text: NOTICE })).status).toBe(404);
      expect((await operator.get('/v1/admin/alerts?status=gone')).status).toBe(400);

      // No notice yet: the config has none.
      const before = await reporter.get('/v1/config');
      expect(before.body.notices).toBeUndefined();
      const published = await operator.post(`/v1/admin/alerts/${payment.id}/notice`, { text: NOTICE });
      expect(published.status).toBe(200);
      expect(AdminAlert.parse(published.body).notice).toMatchObject({ text: NOTICE, publishedBy: '客服小王' });

      // Apps get it with the next config (a new ETag, so cached configs revalidate to it).
      const withNotice = await reporter.get('/v1/config', { 'if-none-match': before.headers.get('etag')! });
      expect(withNotice.status).toBe(200);
      expect(RemoteConfig.parse(withNotice.body).notices).toEqual([{ id: payment.id, category: 'payment', text: NOTICE }]);
      expect(withNotice.headers.get('etag')).not.toBe(before.headers.get('etag'));
      expect((await reporter.get('/v1/config', { 'if-none-match': withNotice.headers.get('etag')! })).status).toBe(304);
      // The other process serves it too, within the notices' cache time.
      await eventually(async () => expect((await new Client(second!.url).get('/v1/config')).body.notices).toHaveLength(1), 10_000);

      // Withdraw and publish again, then close: the notice leaves the config.
      expect((await operator.post(`/v1/admin/alerts/${payment.id}/notice/withdraw`, {})).body.notice).toBeNull();
      expect((await reporter.get('/v1/config')).body.notices).toBeUndefined();
      await operator.post(`/v1/admin/alerts/${payment.id}/notice`, { text: NOTICE });
      const closed = await operator.post(`/v1/admin/alerts/${payment.id}/close`, {});
      expect(closed.body).toMatchObject({ status: 'closed', closedBy: '客服小王', notice: { text: NOTICE } });
      const after = await reporter.get('/v1/config', { 'if-none-match': withNotice.headers.get('etag')! });
      expect(after.status).toBe(200);
      expect(after.body.notices).toBeUndefined();
      expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
      expect((await operator.post(`/v1/admin/alerts/${payment.id}/notice`, { text: NOTICE })).body.error.code).toBe('conflict');
      expect((await operator.post(`/v1/admin/alerts/${payment.id}/close`, {})).body.closedAt).toBe(closed.body.closedAt);
      // Closed within the window: the tickets it counted raise no second alert for the subject.
      await pause(300);
      expect((await operator.get('/v1/admin/alerts?status=open')).body.items).toHaveLength(2);
      expect((await operator.get('/v1/admin/alerts?status=closed')).body.items.map((alert: { id: string }) => alert.id)).toEqual([payment.id]);
    });

    it('sends ticket.sla_breached once per missed due time, with two processes checking on one store', async () => {
      receiver = await startReceiver();
      const settings: ServerConfigInput = {
        webhooks: { endpoints: [{ url: receiver.url, secret: SECRET, events: ['ticket.sla_breached'] }], retryBaseMs: 20, pollIntervalMs: 20 },
        alerts: { checkIntervalSeconds: 0 },
        slaBreaches: { checkIntervalSeconds: 0.05 },
      };
      server = await startTestServer(openStore, settings);
      const reporter = new Client(server.url, newReporterSecret());
      const late = await reporter.ticket(paymentSubmission({ answers: { category: 'payment', subtypes: ['unexpected_charge'], description: `被扣款了，电话 ${PHONE}` } }));
      const answered = await reporter.ticket(paymentSubmission());
      const operator = new Client(server.url, OPERATOR_TOKEN);
      expect((await operator.post(`/v1/admin/tickets/${answered}/replies`, { body: '正在核实' })).status).toBe(201);
      const { body: ticket } = await operator.get(`/v1/admin/tickets/${late}`);
      expect(ticket.priority).toBe('high');

      await pause(200);
      expect(receiver.bodies).toEqual([]); // nothing is due yet

      // 31 minutes later (high priority: first response within 30), on both processes.
      server.advance(31);
      second = await startServer(
        { port: 0, operatorTokens: [OPERATOR_TOKEN], logLevel: 'silent', ...server.location, ...settings },
        { now: () => new Date(Date.now() + 31 * 60_000) },
      );
      await eventually(() => expect(receiver!.bodies).toHaveLength(1), 15_000);
      await pause(400);
      expect(receiver.bodies).toHaveLength(1);
      const [breach] = receiver.bodies;
      expect(breach).toMatchObject({
        event: 'ticket.sla_breached',
        occurredAt: ticket.firstResponseDueAt,
        data: { ticket: { id: late, priority: 'high' }, breach: { kind: 'first_response', dueAt: ticket.firstResponseDueAt } },
      });
      expect(JSON.stringify(breach)).not.toContain(PHONE);
      const log = await operator.get('/v1/admin/webhooks/deliveries?event=ticket.sla_breached');
      expect(log.body.items).toHaveLength(1);
    });
  });
}

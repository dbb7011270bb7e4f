import { AdminStats, AdminTicketDetail, AdminTicketList, ErrorBody, RemoteConfig } from '@fankui/core/schema';
import { DEFAULT_FORM } from '@fankui/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth';
import { runCli, storeFlags } from '../support/cli';
import { Client, OPERATOR_TOKEN, newReporterSecret, paymentSubmission, startTestServer, suggestion, type OpenStore, type TestServer } from '../support/harness';

/** The operator side: auth, list filters and pages, lifecycle, stats, export, config. */
export function operatorSuite(openStore: OpenStore): void {
  describe('operators', () => {
    let server: TestServer;
    let reporter: Client;
    let operator: Client;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      server = await startTestServer(openStore);
      reporter = new Client(server.url, newReporterSecret());
      operator = new Client(server.url, OPERATOR_TOKEN);
      const crash = paymentSubmission({ answers: { category: 'malfunction', subtypes: ['crash'], description: '打开订单页就闪退' } });
      for (const [name, submission] of Object.entries({
        payment1: paymentSubmission(),
        payment2: paymentSubmission({ answers: { category: 'payment', subtypes: ['refund'], description: '退款申请一周了还没到账，电话 13912345678' } }),
        crash,
        night: suggestion('希望增加夜间模式'),
        formula: suggestion('=HYPERLINK("http://evil.example","点我")'),
      })) {
        ids[name] = await reporter.ticket(submission);
        server.advance(1); // distinct creation times, so the newest-first order is certain
      }
    });
    afterAll(() => server.close());

    it('refuses admin routes without a valid operator token', async () => {
      for (const client of [operator.as(undefined), operator.as('wrong-token-wrong-token'), operator.as(reporter.token)]) {
        const answer = await client.get('/v1/admin/tickets');
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="fankui"/);
        expect(ErrorBody.parse(answer.body).error.code).toBe('unauthorized');
      }
      expect((await operator.get('/v1/admin/tickets')).status).toBe(200);
    });

    it('accepts a token made with create-operator-token, which stores only its hash', async () => {
      const result = await runCli(['create-operator-token', '--name', '客服小李', ...storeFlags(server.location)]);
      expect(result.code, result.stderr).toBe(0);
      const token = result.stdout.trim();
      expect(token).toMatch(/^fko_[A-Za-z0-9_-]{43}$/);
      expect(result.stderr).toContain('cannot be shown again');
      expect(await server.store.findOperatorToken(hashToken(token))).toMatchObject({ name: '客服小李', tokenHash: hashToken(token) });
      const reply = await operator.as(token).post(`/v1/admin/tickets/${ids.crash}/replies`, { body: '正在排查' });
      expect(reply.status).toBe(201);
      expect(reply.body.actor).toEqual({ type: 'operator', name: '客服小李' });
    }, 60_000);

    it('filters the list and pages through it with a cursor', async () => {
      const list = async (query: string) => AdminTicketList.parse((await operator.get(`/v1/admin/tickets?${query}`)).body).items.map((item) => item.id);
      expect(await list('category=payment')).toEqual([ids.payment2, ids.payment1]);
      expect(await list('priority=low')).toEqual([ids.formula, ids.night]);
      expect(await list('q=夜间')).toEqual([ids.night]);
      expect(await list('q=%EF%BC%A8%EF%BC%B9%EF%BC%B0%EF%BC%A5%EF%BC%B2')).toEqual([ids.formula]); // full-width "ＨＹＰＥＲ"
      const created = AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${ids.payment2}`)).body).createdAt;
      expect(await list(`from=${encodeURIComponent(created)}&category=payment`)).toEqual([ids.payment2]);
      expect(await list(`to=${encodeURIComponent(created)}&category=payment`)).toEqual([ids.payment1]);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = AdminTicketList.parse((await operator.get(`/v1/admin/tickets?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([ids.formula, ids.night, ids.crash, ids.payment2, ids.payment1]);

      const oldest = await list('sort=oldest&limit=2');
      expect(oldest).toEqual([ids.payment1, ids.payment2]);
      const oldestPage = AdminTicketList.parse((await operator.get('/v1/admin/tickets?sort=oldest&limit=2')).body);
      const next = AdminTicketList.parse((await operator.get(`/v1/admin/tickets?sort=oldest&limit=2&cursor=${encodeURIComponent(oldestPage.nextCursor!)}`)).body);
      expect(next.items.map((item) => item.id)).toEqual([ids.crash, ids.night]);

      const bad = await operator.get('/v1/admin/tickets?priority=urgent');
      expect(bad.status).toBe(400);
      expect(ErrorBody.parse(bad.body).error).toMatchObject({ code: 'invalid_query', details: [{ path: 'priority' }] });
      expect((await operator.get('/v1/admin/tickets?unknown=1')).status).toBe(400);
    });

    it('lists overdue tickets once their SLA has passed', async () => {
      server.advance(31); // the high-priority first responses (30 min) are now late
      const overdue = AdminTicketList.parse((await operator.get('/v1/admin/tickets?overdue=true')).body).items;
      expect(overdue.map((item) => item.id).sort()).toEqual([ids.payment1, ids.payment2].sort());
      expect(overdue[0]!.sla).toEqual({ firstResponse: 'breached', resolution: 'pending', overdue: true });
    });

    it('enforces the lifecycle on status changes and keeps internal changes internal', async () => {
      const illegal = await operator.patch(`/v1/admin/tickets/${ids.night}`, { status: 'closed' });
      expect(illegal.status).toBe(409);
      expect(ErrorBody.parse(illegal.body).error).toMatchObject({ code: 'illegal_transition', message: expect.stringContaining('acknowledged') });
      expect((await operator.patch(`/v1/admin/tickets/${ids.night}`, {})).status).toBe(400);
      expect((await operator.patch('/v1/admin/tickets/tk_missing', { priority: 'low' })).status).toBe(404);

      const patched = await operator.patch(`/v1/admin/tickets/${ids.night}`, { priority: 'medium', assignee: '客服小王', category: 'experience' });
      expect(patched.status).toBe(200);
      const detail = AdminTicketDetail.parse(patched.body);
      expect(detail).toMatchObject({ priority: 'medium', assignee: '客服小王', category: 'experience' });
      expect(Date.parse(detail.firstResponseDueAt) - Date.parse(detail.createdAt)).toBe(4 * 60 * 60_000);
      expect(detail.timeline.filter((event) => ['priority_changed', 'assigned', 'category_changed'].includes(event.type))).toHaveLength(3);
      expect(AdminTicketList.parse((await operator.get('/v1/admin/tickets?assignee=%E5%AE%A2%E6%9C%8D%E5%B0%8F%E7%8E%8B')).body).items.map((item) => item.id)).toEqual([ids.night]);
      // "mine": the signed-in operator (客服小王 in the test config) is the assignee.
      expect(AdminTicketList.parse((await operator.get('/v1/admin/tickets?mine=true')).body).items.map((item) => item.id)).toEqual([ids.night]);
      expect((await operator.get('/v1/admin/tickets?mine=true&assignee=someone')).body.error.code).toBe('invalid_query');

      const seenByReporter = await reporter.get(`/v1/tickets/${ids.night}`);
      expect(seenByReporter.body.timeline.map((event: { type: string }) => event.type)).toEqual(['submitted', 'acknowledged']);

      const rejected = await operator.patch(`/v1/admin/tickets/${ids.night}`, { status: 'rejected', reason: '暂不考虑' });
      expect(rejected.body.status).toBe('rejected');
      expect((await reporter.post(`/v1/tickets/${ids.night}/messages`, { body: '为什么不考虑？' })).status).toBe(409);
      expect((await reporter.post(`/v1/tickets/${ids.night}/reopen`, { reason: '请再考虑一下' })).body.error.code).toBe('actor_not_allowed');
    });

    it('masks personal data in the inbox and the detail, and shows where the ticket came from', async () => {
      const row = AdminTicketList.parse((await operator.get('/v1/admin/tickets?category=payment')).body).items.find((item) => item.id === ids.payment2)!;
      expect(row.summary).toContain('139****5678');
      expect(row).toMatchObject({ channel: 'app', platform: 'weapp', appVersion: '3.2.1' });
      const detail = AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${ids.payment2}`)).body);
      expect(detail.answers.description).toBe('退款申请一周了还没到账，电话 139****5678');
      expect(detail).toMatchObject({ redacted: true, pii: ['phone'], duplicateOf: null, context: { platform: 'weapp', networkType: '4g' } });
      expect(JSON.stringify(detail)).not.toContain('13912345678');
      // Contact details the reporter consented to are for calling back: shown as given.
      expect(detail.contact).toEqual({ phone: '13800138000' });
    });

    it('reports statistics with rates as fractions, null when nothing to divide', async () => {
      await operator.patch(`/v1/admin/tickets/${ids.payment1}`, { status: 'resolved' });
      await reporter.post(`/v1/tickets/${ids.payment1}/rating`, { score: 5 });
      const stats = AdminStats.parse((await operator.get('/v1/admin/stats')).body);
      expect(stats.total).toBe(5);
      expect(stats.byCategory.find((row) => row.category === 'payment')?.count).toBe(2);
      expect(stats.csat).toEqual({ count: 1, average: 5, satisfiedRate: 1, distribution: [0, 0, 0, 0, 1] });
      expect(stats.slaBreachRate).toBeGreaterThan(0);
      expect(stats.slaBreachRate).toBeLessThanOrEqual(1);
      expect(stats.reopenRate).toBe(0);
      expect(Date.parse(stats.to) - Date.parse(stats.from)).toBe(30 * 24 * 60 * 60_000);

      const empty = AdminStats.parse((await operator.get('/v1/admin/stats?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z')).body);
      expect(empty).toMatchObject({ total: 0, slaBreachRate: null, reopenRate: null, csat: { count: 0, average: null, satisfiedRate: null, distribution: [0, 0, 0, 0, 0] } });
      expect((await operator.get('/v1/admin/stats?from=2000-01-02T00:00:00Z&to=2000-01-01T00:00:00Z')).status).toBe(400);
    });

    it('exports CSV with a BOM, phone numbers redacted and formulas defused', async () => {
      const response = await fetch(`${server.url}/v1/admin/export?category=payment`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="fankui-tickets-\d{8}\.csv"$/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const csv = new TextDecoder().decode(bytes);
      const lines = csv.trimEnd().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(csv).toContain('139****5678');
      expect(csv).not.toContain('13912345678');
      expect(csv).not.toContain('13800138000'); // contact details are never exported

      const all = await (await fetch(`${server.url}/v1/admin/export`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).text();
      expect(all).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);

      // The console exports its current view: "mine" and the list's order apply.
      const ids = (csvText: string) => csvText.trimEnd().split('\r\n').slice(1).map((line) => line.split(',')[0]);
      const newest = ids(await (await fetch(`${server.url}/v1/admin/export?category=payment`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).text());
      const oldest = ids(await (await fetch(`${server.url}/v1/admin/export?category=payment&sort=oldest`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).text());
      expect(oldest).toEqual([...newest].reverse());
      const mine = await (await fetch(`${server.url}/v1/admin/export?mine=true`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } })).text();
      expect(mine.trimEnd().split('\r\n')).toHaveLength(2); // the header and the one ticket assigned to 客服小王
    });

    it('serves the config with a strong ETag and 304 on If-None-Match', async () => {
      const first = await reporter.as(undefined).get('/v1/config');
      expect(first.status).toBe(200);
      expect(RemoteConfig.parse(first.body).form.id).toBe(DEFAULT_FORM.id);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[^"]+"$/);
      const cached = await reporter.as(undefined).get('/v1/config', { 'if-none-match': etag });
      expect(cached.status).toBe(304);
      expect(cached.text).toBe('');
      expect(cached.headers.get('etag')).toBe(etag);
      expect((await reporter.as(undefined).get('/v1/config', { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
      expect((await reporter.as(undefined).get('/v1/config', { 'if-none-match': '"stale"' })).status).toBe(200);
    });

    it('answers health and readiness', async () => {
      expect((await reporter.as(undefined).get('/healthz')).body).toEqual({ status: 'ok' });
      expect((await reporter.as(undefined).get('/readyz')).body).toEqual({ status: 'ready' });
    });
  });
}

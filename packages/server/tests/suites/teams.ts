import { AdminSettings, AdminTicketDetail, AdminTicketList, ErrorBody, TicketDetail } from '@fankui/core/schema';
import type { AdminTicketDetail as AdminTicketView } from '@fankui/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_BOM } from '../../src/domain/csv';
import { Client, OPERATOR_TOKEN, newReporterSecret, paymentSubmission, startTestServer, suggestion, type OpenStore, type TestServer } from '../support/harness';

const MINUTE_MS = 60_000;

/** Teams (问题分发): routing rules at creation, reassigning, the team and channel filters. */
export function teamsSuite(openStore: OpenStore): void {
  describe('teams and routing', () => {
    let server: TestServer;
    let reporter: Client;
    let operator: Client;
    const routing = {
      teams: [
        { id: 'tech', name: '技术支持', members: ['客服小李'] },
        { id: 'risk', name: '风控', members: ['客服小王'] },
        { id: 'product', name: '产品' },
        { id: 'support', name: '客服', members: ['客服小王', '客服小李'] },
      ],
      rules: [
        { category: 'malfunction', subtype: 'crash', team: 'tech' },
        { priority: 'high', team: 'risk' },
        { category: 'suggestion', team: 'product' },
      ],
      defaultTeam: 'support',
    };
    const list = async (query: string) => AdminTicketList.parse((await operator.get(`/v1/admin/tickets?${query}`)).body).items;
    const detail = async (id: string) => AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${id}`)).body);
    const malfunction = (subtype: string, description: string) =>
      paymentSubmission({ answers: { category: 'malfunction', subtypes: [subtype], description } });

    beforeAll(async () => {
      server = await startTestServer(openStore);
      reporter = new Client(server.url, newReporterSecret());
      operator = new Client(server.url, OPERATOR_TOKEN);
    });
    afterAll(() => server.close());

    it('files tickets under no team until routing is saved', async () => {
      const settings = AdminSettings.parse((await operator.get('/v1/admin/settings')).body);
      expect(settings.routing).toEqual({ teams: [], rules: [], defaultTeam: null });
      const id = await reporter.ticket(suggestion('希望支持深色模式'));
      expect((await detail(id)).team).toBeNull();
      expect((await list('team=none')).map((item) => item.id)).toContain(id);
    });

    it('refuses routing that names a team it does not define, defines one twice, or calls one "none"', async () => {
      const { version } = AdminSettings.parse((await operator.get('/v1/admin/settings')).body);
      const refused = async (body: unknown, path: string, code: string) => {
        const answer = await operator.patch('/v1/admin/settings', { version, routing: body });
        expect(answer.status, answer.text).toBe(400);
        const error = ErrorBody.parse(answer.body).error;
        expect(error.code).toBe('invalid_body');
        expect(JSON.stringify(error.details)).toContain(path);
        expect(JSON.stringify(error.details)).toContain(code);
      };
      await refused({ teams: [{ id: 'risk', name: '风控' }], rules: [{ category: 'payment', team: 'riks' }] }, 'rules.0.team', 'unknown_team');
      await refused({ teams: [{ id: 'risk', name: '风控' }], defaultTeam: 'support' }, 'defaultTeam', 'unknown_team');
      await refused({ teams: [{ id: 'risk', name: '风控' }, { id: 'risk', name: '风控 2' }] }, 'teams.1.id', 'duplicate');
      await refused({ teams: [{ id: 'none', name: '无' }] }, 'teams.0.id', 'reserved');
      await refused({ teams: [{ id: 'mine', name: '我的' }] }, 'teams.0.id', 'reserved');
    });

    it('routes each new ticket by the first rule that matches, else to the default team', async () => {
      const { version } = AdminSettings.parse((await operator.get('/v1/admin/settings')).body);
      const saved = await operator.patch('/v1/admin/settings', { version, routing });
      expect(saved.status, saved.text).toBe(200);
      expect(AdminSettings.parse(saved.body).routing.rules).toEqual(routing.rules);

      const crash = await reporter.ticket(malfunction('crash', '打开订单页就闪退'));
      const slow = await reporter.ticket(malfunction('slow', '首页加载很慢')); // the category matches rule 1, its sub-type does not
      const payment = await reporter.ticket(paymentSubmission()); // triaged high
      const idea = await reporter.ticket(suggestion('希望增加夜间模式'));
      const experience = await reporter.ticket(paymentSubmission({ answers: { category: 'experience', subtypes: ['too_many_popups'], description: '弹窗太多了' } }));
      expect((await detail(crash)).team).toBe('tech');
      expect((await detail(slow)).team).toBe('support');
      expect(await detail(payment)).toMatchObject({ priority: 'high', team: 'risk' });
      expect((await detail(idea)).team).toBe('product');
      expect((await detail(experience)).team).toBe('support');
    });

    it('lands operator-created tickets of every channel in the same queue, routed and timed like app tickets', async () => {
      const app = await reporter.ticket(paymentSubmission());
      const created: Record<string, AdminTicketView> = {};
      for (const channel of ['phone', 'email', 'wechat', 'other'] as const) {
        const answer = await operator.post('/v1/admin/tickets', {
          channel,
          answers: { category: 'payment', subtypes: ['refund'], description: `用户通过${channel}反映：退款一周未到账` },
          contact: { name: '李女士', phone: '13700001111' },
        });
        expect(answer.status, answer.text).toBe(201);
        created[channel] = AdminTicketDetail.parse(answer.body);
        server.advance(1);
      }
      const appTicket = await detail(app);
      for (const ticket of [appTicket, ...Object.values(created)]) {
        // The same triage, the same route and the same SLA clocks whichever way it came in.
        expect(ticket).toMatchObject({ priority: 'high', team: 'risk', status: 'acknowledged' });
        expect(Date.parse(ticket.firstResponseDueAt) - Date.parse(ticket.createdAt)).toBe(30 * MINUTE_MS);
        expect(Date.parse(ticket.resolutionDueAt)).toBeGreaterThan(Date.parse(ticket.firstResponseDueAt));
        expect(ticket.sla).toMatchObject({ firstResponse: 'pending', overdue: false });
      }
      const queue = (await list('team=risk&limit=100')).map((item) => item.id);
      for (const ticket of Object.values(created)) expect(queue).toContain(ticket.id);
      expect(queue).toContain(app);
      for (const [channel, ticket] of Object.entries(created)) {
        expect(ticket.channel).toBe(channel);
        expect((await list(`channel=${channel}`)).map((item) => item.id)).toEqual([ticket.id]);
      }
      const fromApp = await list('channel=app&limit=100');
      expect(fromApp.map((item) => item.id)).toContain(app);
      expect(fromApp.every((item) => item.channel === 'app')).toBe(true);

      // An operator may name the team, but only one the settings define.
      const named = await operator.post('/v1/admin/tickets', { channel: 'email', team: 'product', answers: { category: 'suggestion', subtypes: ['new_feature'], description: '邮件建议：增加发票抬头管理' } });
      expect(AdminTicketDetail.parse(named.body).team).toBe('product');
      const unknown = await operator.post('/v1/admin/tickets', { channel: 'email', team: 'legal', answers: { category: 'suggestion', subtypes: ['new_feature'], description: '邮件建议' } });
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(ErrorBody.parse(unknown.body).error.details)).toContain('unknown_team');
    });

    it('reassigns a ticket to another team and operator, on the internal timeline only', async () => {
      const id = await reporter.ticket(malfunction('crash', '支付页闪退'));
      const before = await detail(id);
      expect(before.team).toBe('tech');
      server.advance(5);
      const answer = await operator.patch(`/v1/admin/tickets/${id}`, { team: 'risk', assignee: '客服小王' });
      expect(answer.status, answer.text).toBe(200);
      const moved = AdminTicketDetail.parse(answer.body);
      expect(moved).toMatchObject({ team: 'risk', assignee: '客服小王' });
      // Reassigning keeps the SLA clocks: the promise made to the reporter still counts.
      expect(moved.firstResponseDueAt).toBe(before.firstResponseDueAt);
      const event = moved.timeline.find((item) => item.type === 'team_changed');
      expect(event).toMatchObject({ type: 'team_changed', from: 'tech', to: 'risk', actor: { type: 'operator', name: '客服小王' } });
      expect(moved.timeline.map((item) => item.type)).toContain('assigned');

      const mine = TicketDetail.parse((await reporter.get(`/v1/tickets/${id}`)).body);
      expect(mine.timeline.map((item) => item.type)).not.toContain('team_changed');
      expect((await list('team=tech')).map((item) => item.id)).not.toContain(id);
      expect((await list('team=risk&mine=true')).map((item) => item.id)).toContain(id);

      // The same team again changes nothing; none takes it out of every team's queue.
      const same = AdminTicketDetail.parse((await operator.patch(`/v1/admin/tickets/${id}`, { team: 'risk' })).body);
      expect(same.timeline.filter((item) => item.type === 'team_changed')).toHaveLength(1);
      const none = AdminTicketDetail.parse((await operator.patch(`/v1/admin/tickets/${id}`, { team: null })).body);
      expect(none.team).toBeNull();
      expect(none.timeline.at(-1)).toMatchObject({ type: 'team_changed', from: 'risk', to: null });
      expect((await list('team=none&limit=100')).map((item) => item.id)).toContain(id);

      const unknown = await operator.patch(`/v1/admin/tickets/${id}`, { team: 'legal' });
      expect(unknown.status).toBe(400);
      expect(ErrorBody.parse(unknown.body).error.code).toBe('invalid_body');
      expect(JSON.stringify(ErrorBody.parse(unknown.body).error.details)).toContain('unknown_team');
    });

    it('filters the list by team, by none, and refuses a malformed team', async () => {
      const everything = await list('limit=100');
      for (const team of ['tech', 'risk', 'product', 'support']) {
        const items = await list(`team=${team}&limit=100`);
        expect(items.map((item) => item.id)).toEqual(everything.filter((item) => item.team === team).map((item) => item.id));
      }
      expect((await list('team=none&limit=100')).map((item) => item.id)).toEqual(everything.filter((item) => item.team === null).map((item) => item.id));
      // 客服小王 is a member of 风控 and 客服: "mine" is both teams' queues.
      const mine = everything.filter((item) => item.team === 'risk' || item.team === 'support').map((item) => item.id);
      expect(mine.length).toBeGreaterThan(0);
      expect((await list('team=mine&limit=100')).map((item) => item.id)).toEqual(mine);
      // A member of no team has no team queue.
      const { version } = AdminSettings.parse((await operator.get('/v1/admin/settings')).body);
      const withoutMe = { ...routing, teams: routing.teams.map((team) => ({ ...team, members: [] })) };
      expect((await operator.patch('/v1/admin/settings', { version, routing: withoutMe })).status).toBe(200);
      expect(await list('team=mine')).toEqual([]);
      expect((await operator.patch('/v1/admin/settings', { version: version + 1, routing })).status).toBe(200);
      const bad = await operator.get('/v1/admin/tickets?team=Tech%20Team');
      expect(bad.status).toBe(400);
      expect(ErrorBody.parse(bad.body).error.code).toBe('invalid_query');
    });

    it('exports the team and channel of each ticket in the CSV', async () => {
      const answer = await operator.get('/v1/admin/export?team=product');
      expect(answer.status).toBe(200);
      const [header, ...rows] = answer.text.replace(CSV_BOM, '').trim().split('\r\n');
      const columns = header!.split(',');
      const team = columns.indexOf('team');
      const channel = columns.indexOf('channel');
      expect(team).toBeGreaterThan(-1);
      expect(rows.length).toBeGreaterThan(0);
      const cells = rows.map((row) => row.split(','));
      expect(cells.every((cell) => cell[team] === 'product')).toBe(true);
      expect(new Set(cells.map((cell) => cell[channel]))).toEqual(new Set(['app', 'email']));
    });
  });
}

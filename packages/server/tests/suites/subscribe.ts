import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signUserToken } from '../../src/auth';
import { parseConfig, type ServerConfigInput } from '../../src/config';
import { purge } from '../../src/domain/purge';
import { eventually } from '../support/eventually';
import { everyRow } from '../support/tables';
import { FAKE_APP_ID, FAKE_APP_SECRET, startFakeWechat, type FakeWechat } from '../support/fake-wechat';
import { Client, OPERATOR_TOKEN, USER_TOKEN_SECRET, newReporterSecret, paymentSubmission, startTestServer, type OpenStore, type TestServer } from '../support/harness';

const REPLY_TEMPLATE = 'TPL-reply-0001';
const STATUS_TEMPLATE = 'TPL-status-0002';
const PAGE = 'pages/feedback/detail?id=';
const PHONE = '13912345678';

const wechatConfig = (fake: FakeWechat): ServerConfigInput => ({
  wechat: {
    appId: FAKE_APP_ID,
    appSecret: FAKE_APP_SECRET,
    apiBaseUrl: fake.url,
    page: PAGE,
    templates: {
      replied: { id: REPLY_TEMPLATE, data: { thing1: 'summary', thing2: 'reply', time3: 'time', character_string4: 'ticket' } },
      statusChanged: { id: STATUS_TEMPLATE, data: { thing1: 'summary', phrase2: 'status', time3: 'time' } },
    },
  },
  webhooks: { retryBaseMs: 40, retryMaxMs: 160, pollIntervalMs: 20, maxAttempts: 3 },
});

const sendCalls = (fake: FakeWechat) => fake.calls.filter((call) => call.path === '/cgi-bin/message/subscribe/send');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 订阅消息 over real HTTP: the server exchanges the login code, and sends through a fake WeChat API on 127.0.0.1. */
export function subscribeSuite(openStore: OpenStore): void {
  describe('subscribe messages (订阅消息)', () => {
    let server: TestServer;
    let fake: FakeWechat;
    let operator: Client;
    beforeEach(async () => {
      fake = await startFakeWechat();
      server = await startTestServer(openStore, wechatConfig(fake));
      operator = new Client(server.url, OPERATOR_TOKEN);
    });
    afterEach(async () => {
      await server.close();
      await fake.close();
    });

    /** A reporter's ticket that accepted `templates` in the submit tap, with a fresh wx.login code for `openid`. */
    async function subscribedTicket(openid: string, templates: string[], reporter = new Client(server.url, newReporterSecret())): Promise<string> {
      return reporter.ticket(paymentSubmission({ subscriptions: templates, wxLoginCode: fake.loginCode(openid) }));
    }

    it('lists the templates in /v1/config, sends exactly one well-formed message per accepted template, and never answers the openid', async () => {
      const config = await new Client(server.url).get('/v1/config');
      expect(config.body.subscribeTemplates).toEqual({ replied: REPLY_TEMPLATE, statusChanged: STATUS_TEMPLATE });

      const reporter = new Client(server.url, newReporterSecret());
      const ticketId = await subscribedTicket('oUser-accepts-both', [REPLY_TEMPLATE, STATUS_TEMPLATE], reporter);
      expect(fake.calls.filter((call) => call.path === '/sns/jscode2session')).toEqual([{ path: '/sns/jscode2session', errcode: 0 }]);

      expect((await operator.request('POST', `/v1/admin/tickets/${ticketId}/replies`, { json: { body: `已退款，如有疑问请拨 ${PHONE} 联系客服小王，我们会尽快处理` } })).status).toBe(201);
      await eventually(() => expect(fake.sent).toHaveLength(1));
      const [reply] = fake.sent;
      expect(reply).toMatchObject({ touser: 'oUser-accepts-both', template_id: REPLY_TEMPLATE, page: `${PAGE}${ticketId}`, miniprogram_state: 'formal', lang: 'zh_CN' });
      expect(Object.keys(reply!.data).sort()).toEqual(['character_string4', 'thing1', 'thing2', 'time3']);
      expect(reply!.data.character_string4!.value).toBe(ticketId);
      expect(reply!.data.thing2!.value).not.toContain(PHONE);
      expect([...reply!.data.thing2!.value].length).toBeLessThanOrEqual(20);
      expect(reply!.data.time3!.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
      expect(fake.problems).toEqual([]);

      // The reply subscription is used up: a second reply sends nothing.
      await operator.request('POST', `/v1/admin/tickets/${ticketId}/replies`, { json: { body: '补充：退款 1–3 个工作日到账' } });
      // Resolving uses the status subscription, once.
      expect((await operator.request('PATCH', `/v1/admin/tickets/${ticketId}`, { json: { status: 'resolved' } })).status).toBe(200);
      await eventually(() => expect(fake.sent).toHaveLength(2));
      expect(fake.sent[1]).toMatchObject({ touser: 'oUser-accepts-both', template_id: STATUS_TEMPLATE, data: { phrase2: { value: '已解决' } } });
      expect((await operator.request('PATCH', `/v1/admin/tickets/${ticketId}`, { json: { status: 'closed' } })).status).toBe(200);
      await pause(200);
      expect(fake.sent).toHaveLength(2);

      // The operators' timeline says what was sent; nothing anyone can read holds the openid.
      const detail = await operator.get(`/v1/admin/tickets/${ticketId}`);
      const notes = detail.body.timeline.filter((event: { type: string; actor: { type: string } }) => event.type === 'note' && event.actor.type === 'system');
      expect(notes.map((note: { subscribe: { outcome: string; kind: string } }) => `${note.subscribe.kind}:${note.subscribe.outcome}`)).toEqual(['replied:sent', 'status_changed:sent']);
      const mine = await reporter.get(`/v1/tickets/${ticketId}`);
      expect(mine.body.timeline.some((event: { type: string }) => event.type === 'note')).toBe(false);
      const log = await operator.get('/v1/admin/webhooks/deliveries');
      expect(log.body.items.map((item: { endpoint: string; status: string }) => `${item.endpoint}:${item.status}`)).toEqual(['wechat:subscribe:delivered', 'wechat:subscribe:delivered']);
      for (const text of [detail.text, mine.text, log.text, (await reporter.get('/v1/tickets')).text]) expect(text).not.toContain('oUser-accepts-both');
    });

    it('sends nothing for templates the user refused in the submit tap, and uses the one they accepted', async () => {
      const refusedAll = await subscribedTicket('oUser-refuses', []);
      const statusOnly = await subscribedTicket('oUser-status-only', [STATUS_TEMPLATE]);
      // Nobody accepted anything for the first: its code is not even exchanged.
      expect(fake.calls.filter((call) => call.path === '/sns/jscode2session')).toHaveLength(1);
      await operator.request('POST', `/v1/admin/tickets/${refusedAll}/replies`, { json: { body: '已收到' } });
      await operator.request('POST', `/v1/admin/tickets/${statusOnly}/replies`, { json: { body: '已收到' } });
      await eventually(() => expect(fake.sent).toHaveLength(1));
      await pause(200);
      // The reply moved the ticket to 处理中: the status template, never the refused reply one.
      expect(fake.sent).toEqual([expect.objectContaining({ touser: 'oUser-status-only', template_id: STATUS_TEMPLATE, data: expect.objectContaining({ phrase2: { value: '处理中' } }) })]);
      expect(sendCalls(fake)).toHaveLength(1);
    });

    it('fetches a new access token once when WeChat calls the cached one expired', async () => {
      const first = await subscribedTicket('oUser-token-1', [REPLY_TEMPLATE]);
      await operator.request('POST', `/v1/admin/tickets/${first}/replies`, { json: { body: '已收到' } });
      await eventually(() => expect(fake.sent).toHaveLength(1));
      expect(fake.tokensIssued).toHaveLength(1);

      fake.expireToken();
      const second = await subscribedTicket('oUser-token-2', [REPLY_TEMPLATE]);
      await operator.request('POST', `/v1/admin/tickets/${second}/replies`, { json: { body: '已收到' } });
      await eventually(() => expect(fake.sent).toHaveLength(2));
      expect(fake.sent[1]!.touser).toBe('oUser-token-2');
      // One refusal with the old token, one new token, one successful send: refreshed once.
      expect(sendCalls(fake).map((call) => call.errcode)).toEqual([0, 40001, 0]);
      expect(fake.calls.filter((call) => call.path === '/cgi-bin/stable_token')).toHaveLength(2);
      expect(fake.tokensIssued).toHaveLength(2);
    });

    it('records a refusal by WeChat (43101) on the internal timeline and does not retry it', async () => {
      fake.refuse('oUser-declined', REPLY_TEMPLATE);
      const ticketId = await subscribedTicket('oUser-declined', [REPLY_TEMPLATE]);
      await operator.request('POST', `/v1/admin/tickets/${ticketId}/replies`, { json: { body: '已收到' } });
      await eventually(async () => {
        const log = await operator.get('/v1/admin/webhooks/deliveries');
        expect(log.body.items).toEqual([expect.objectContaining({ endpoint: 'wechat:subscribe', status: 'failed', attempts: 1, lastError: 'wechat_43101', ticketId })]);
      });
      await pause(300); // several retry periods (40–160 ms)
      expect(sendCalls(fake).map((call) => call.errcode)).toEqual([43101]);
      expect(fake.sent).toEqual([]);
      const detail = await operator.get(`/v1/admin/tickets/${ticketId}`);
      const note = detail.body.timeline.find((event: { type: string }) => event.type === 'note');
      expect(note).toMatchObject({ actor: { type: 'system' }, subscribe: { kind: 'replied', outcome: 'failed', error: 'wechat_43101' } });
      expect(note.body).toContain('用户拒收');
    });

    it('sends to the openid of a signed user token without a wx.login code', async () => {
      fake.addUser('oUser-from-token');
      const token = signUserToken(USER_TOKEN_SECRET, { sub: 'u_2048', expiresInSeconds: 3600, openid: 'oUser-from-token' });
      const reporter = new Client(server.url, token);
      const ticketId = await reporter.ticket(paymentSubmission({ subscriptions: [REPLY_TEMPLATE] }));
      await operator.request('POST', `/v1/admin/tickets/${ticketId}/replies`, { json: { body: '已收到' } });
      await eventually(() => expect(fake.sent).toEqual([expect.objectContaining({ touser: 'oUser-from-token', template_id: REPLY_TEMPLATE })]));
      expect(fake.calls.filter((call) => call.path === '/sns/jscode2session')).toEqual([]);
      expect((await reporter.get(`/v1/tickets/${ticketId}`)).text).not.toContain('oUser-from-token');
    });

    it('forgets the openid when the reporter erases their data (DELETE /v1/me), and sends nothing after', async () => {
      const reporter = new Client(server.url, newReporterSecret());
      const ticketId = await subscribedTicket('oUser-erased', [REPLY_TEMPLATE, STATUS_TEMPLATE], reporter);
      expect(await everyRow(server.store)).toContain('oUser-erased');
      expect((await reporter.request('DELETE', '/v1/me')).status).toBe(204);
      expect(await everyRow(server.store)).not.toContain('oUser-erased');
      await operator.request('POST', `/v1/admin/tickets/${ticketId}/replies`, { json: { body: '已收到' } });
      await pause(200);
      expect(sendCalls(fake)).toEqual([]);
    });

    it('forgets the openid with the ticket\'s personal data (retention purge)', async () => {
      const ticketId = await subscribedTicket('oUser-retained', [REPLY_TEMPLATE, STATUS_TEMPLATE]);
      expect((await operator.request('PATCH', `/v1/admin/tickets/${ticketId}`, { json: { status: 'resolved' } })).status).toBe(200);
      await eventually(() => expect(fake.sent).toHaveLength(1));
      expect(await everyRow(server.store)).toContain('oUser-retained');
      const { tickets } = await purge(server.store, parseConfig({ retentionDays: 1 }), new Date(Date.now() + 2 * 86_400_000));
      expect(tickets).toEqual([ticketId]);
      expect(await everyRow(server.store)).not.toContain('oUser-retained');
    });

    it('notes a login code WeChat does not accept, and still accepts the submission', async () => {
      const reporter = new Client(server.url, newReporterSecret());
      const [result] = await reporter.submit(paymentSubmission({ subscriptions: [REPLY_TEMPLATE], wxLoginCode: 'code-never-issued' }));
      expect(result.status).toBe('accepted');
      const detail = await operator.get(`/v1/admin/tickets/${result.ticketId}`);
      expect(detail.body.timeline.find((event: { type: string }) => event.type === 'note')).toMatchObject({ subscribe: { outcome: 'no_openid', error: 'wechat_40029' } });
      await operator.request('POST', `/v1/admin/tickets/${result.ticketId}/replies`, { json: { body: '已收到' } });
      await pause(200);
      expect(sendCalls(fake)).toEqual([]);
    });
  });
}

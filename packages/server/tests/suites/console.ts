import { DEFAULT_FORM } from '@fankui/core';
import {
  AdminChanges,
  AdminRelatedTickets,
  AdminSession,
  AdminSettings,
  AdminStats,
  AdminTicketDetail,
  AdminTicketList,
  ErrorBody,
  OperatorTokenCreated,
  OperatorTokenList,
  RemoteConfig,
} from '@fankui/core/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTINGS_CACHE_MS } from '../../src/domain/settings';
import { Client, OPERATOR_TOKEN, newReporterSecret, paymentSubmission, startServerOver, startTestServer, suggestion, type OpenStore, type TestServer } from '../support/harness';

/** What the operator console needs beyond the ticket routes: reveal, feed, settings, tokens, phone tickets, merge. */
export function consoleSuite(openStore: OpenStore): void {
  describe('console admin API', () => {
    let server: TestServer;
    let reporter: Client;
    let operator: Client;
    beforeAll(async () => {
      server = await startTestServer(openStore);
      reporter = new Client(server.url, newReporterSecret());
      operator = new Client(server.url, OPERATOR_TOKEN);
    });
    afterAll(() => server.close());

    it('tells who is signed in, and refuses every new route without an operator token', async () => {
      expect(AdminSession.parse((await operator.get('/v1/admin/session')).body)).toEqual({ operator: { name: '客服小王' }, tokenSource: 'config' });
      for (const [method, path] of [
        ['GET', '/v1/admin/session'],
        ['GET', '/v1/admin/settings'],
        ['PATCH', '/v1/admin/settings'],
        ['GET', '/v1/admin/changes'],
        ['GET', '/v1/admin/operator-tokens'],
        ['POST', '/v1/admin/operator-tokens'],
        ['POST', '/v1/admin/tickets'],
        ['POST', '/v1/admin/tickets/tk_x/reveal'],
        ['GET', '/v1/admin/tickets/tk_x/related'],
        ['POST', '/v1/admin/tickets/tk_x/merge'],
      ] as const) {
        const answer = await reporter.request(method, path, method === 'GET' ? {} : { json: {} });
        expect(answer.status, `${method} ${path}`).toBe(401);
      }
    });

    it('reveals one ticket\'s personal data and records the reveal on its internal timeline', async () => {
      const id = await reporter.ticket(
        paymentSubmission({ answers: { category: 'payment', subtypes: ['refund'], description: '退款没到账，我的手机 13912345678，身份证 11010519491231002X' } }),
      );
      const masked = AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${id}`)).body);
      expect(masked.answers.description).toBe('退款没到账，我的手机 139****5678，身份证 110***********002X');
      expect(masked).toMatchObject({ redacted: true, pii: ['phone', 'id_card'] });

      const answer = await operator.post(`/v1/admin/tickets/${id}/reveal`, { reason: '用户来电要求核实退款' });
      expect(answer.status).toBe(200);
      const revealed = AdminTicketDetail.parse(answer.body);
      expect(revealed.answers.description).toContain('13912345678');
      expect(revealed.summary).toContain('13912345678');
      expect(revealed.redacted).toBe(false);
      const event = revealed.timeline.at(-1)!;
      expect(event).toMatchObject({ type: 'revealed', actor: { type: 'operator', name: '客服小王' }, kinds: ['phone', 'id_card'], reason: '用户来电要求核实退款' });

      // Still masked by default afterwards; the reveal stays on the operators' timeline only.
      const again = AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${id}`)).body);
      expect(again.redacted).toBe(true);
      expect(again.timeline.filter((item) => item.type === 'revealed')).toHaveLength(1);
      const mine = await reporter.get(`/v1/tickets/${id}`);
      expect(mine.body.timeline.map((item: { type: string }) => item.type)).not.toContain('revealed');

      expect((await operator.post('/v1/admin/tickets/tk_missing/reveal', {})).status).toBe(404);
      expect((await operator.post(`/v1/admin/tickets/${id}/reveal`, { reason: 'x'.repeat(501) })).body.error.code).toBe('invalid_body');
    });

    it('feeds new tickets and replies to a waiting long poll without a reload', async () => {
      const start = AdminChanges.parse((await operator.get('/v1/admin/changes')).body);
      expect(start.items).toEqual([]);
      const idle = AdminChanges.parse((await operator.get(`/v1/admin/changes?after=${start.cursor}&wait=0`)).body);
      expect(idle).toEqual({ items: [], cursor: start.cursor, more: false });

      const waiting = operator.get(`/v1/admin/changes?after=${start.cursor}&wait=20`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const id = await reporter.ticket(suggestion('希望订单列表可以按金额排序'));
      // Items at all mean it woke for the change: after its 20 s it would answer none.
      const woke = AdminChanges.parse((await waiting).body);
      expect(woke.items[0]).toMatchObject({ ticketId: id, kind: 'created', actor: { type: 'reporter' } });

      await operator.post(`/v1/admin/tickets/${id}/replies`, { body: '感谢建议，已转给产品同学' });
      const next = AdminChanges.parse((await operator.get(`/v1/admin/changes?after=${woke.cursor}&wait=5`)).body);
      expect(next.items.map((item) => [item.ticketId, item.kind])).toContainEqual([id, 'message']);
      expect(next.items.find((item) => item.kind === 'message')?.actor).toEqual({ type: 'operator', name: '客服小王' });

      const paged = AdminChanges.parse((await operator.get(`/v1/admin/changes?after=${start.cursor}&limit=1&wait=0`)).body);
      expect(paged.items).toHaveLength(1);
      expect(paged.more).toBe(true);
      expect((await operator.get('/v1/admin/changes?after=abc')).body.error.code).toBe('invalid_query');
    });

    it('changes the form at run time: /v1/config serves a new version, older versions still submit', async () => {
      const before = AdminSettings.parse((await operator.get('/v1/admin/settings')).body);
      expect(before).toMatchObject({ version: 0, updatedBy: null, form: { id: DEFAULT_FORM.id, version: DEFAULT_FORM.version } });
      const oldConfig = await reporter.as(undefined).get('/v1/config');
      const oldEtag = oldConfig.headers.get('etag')!;

      const form = structuredClone(before.form);
      const category = form.fields.find((field) => field.id === 'category')!;
      if (!('options' in category)) throw new Error('the default form has a category select');
      category.options.push({ value: 'delivery', label: { 'zh-CN': '物流配送', 'en-US': 'Delivery' } });
      const saved = await operator.patch('/v1/admin/settings', { version: 0, form });
      expect(saved.status, saved.text).toBe(200);
      const after = AdminSettings.parse(saved.body);
      expect(after).toMatchObject({ version: 1, updatedBy: '客服小王', form: { version: DEFAULT_FORM.version + 1 } });

      const config = await reporter.as(undefined).get('/v1/config', { 'if-none-match': oldEtag });
      expect(config.status).toBe(200);
      expect(config.headers.get('etag')).not.toBe(oldEtag);
      const remote = RemoteConfig.parse(config.body);
      expect(remote.form.version).toBe(DEFAULT_FORM.version + 1);
      expect(JSON.stringify(remote.form)).toContain('物流配送');

      const newVersion = { id: DEFAULT_FORM.id, version: DEFAULT_FORM.version + 1 };
      const delivery = await reporter.submit(suggestion('快递三天没动了', { form: newVersion, answers: { category: 'delivery', description: '快递三天没动了' } }));
      expect(delivery[0]).toMatchObject({ status: 'accepted' });
      // Queued offline before the change: the version its reporter saw still counts.
      expect((await reporter.submit(paymentSubmission()))[0]).toMatchObject({ status: 'accepted' });
      const unknown = await reporter.submit(paymentSubmission({ form: { id: DEFAULT_FORM.id, version: 99 } }));
      expect(unknown[0]).toMatchObject({ status: 'rejected', reason: { code: 'unknown_form' } });

      // Saving the same form again is no new version; a stale version is refused.
      const same = AdminSettings.parse((await operator.patch('/v1/admin/settings', { version: 1, form: after.form })).body);
      expect(same).toMatchObject({ version: 2, form: { version: DEFAULT_FORM.version + 1 } });
      const stale = await operator.patch('/v1/admin/settings', { version: 1, sla: before.sla });
      expect(stale.status).toBe(409);
      expect(ErrorBody.parse(stale.body).error.code).toBe('conflict');
      const broken = await operator.patch('/v1/admin/settings', { version: 2, form: { ...after.form, fields: [] } });
      expect(broken.status).toBe(400);
      expect(broken.body.error.details.some((issue: { path: string }) => issue.path.startsWith('form.fields'))).toBe(true);
    });

    it('applies saved SLA targets, triage keywords and FAQ entries to what happens next', async () => {
      const current = AdminSettings.parse((await operator.get('/v1/admin/settings')).body);
      const sla = { ...current.sla, firstResponseMinutes: { high: 15, medium: 120, low: 600 } };
      const keywordRules = [...current.triage.keywordRules, { id: 'screen', keywords: ['花屏'], priority: 'high' as const }];
      const selfHelp = [...current.selfHelp, { id: 'screen_faq', keywords: ['花屏'], title: { 'zh-CN': '屏幕花屏怎么办' } }];
      const saved = await operator.patch('/v1/admin/settings', { version: current.version, sla, triage: { keywordRules }, selfHelp });
      expect(saved.status, saved.text).toBe(200);

      const [result] = await reporter.submit(suggestion('升级之后首页一直花屏', { form: { id: current.form.id, version: current.form.version } }));
      expect(result).toMatchObject({ status: 'accepted', ack: { priority: 'high' } });
      const detail = AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${result.ticketId}`)).body);
      expect(Date.parse(detail.firstResponseDueAt) - Date.parse(detail.createdAt)).toBe(15 * 60_000);
      const stats = AdminStats.parse((await operator.get('/v1/admin/stats')).body);
      expect(stats.hotKeywords).toContainEqual({ keyword: '花屏', count: 1 });
      const remote = RemoteConfig.parse((await reporter.as(undefined).get('/v1/config')).body);
      expect(remote.selfHelp?.map((article) => article.id)).toContain('screen_faq');
      expect(remote.sla.firstResponseMinutes.high).toBe(15);
    });

    it('reaches every server on the same store within seconds of a save', async () => {
      const second = await startServerOver(server, {});
      try {
        const elsewhere = new Client(second.url);
        const before = RemoteConfig.parse((await elsewhere.get('/v1/config')).body); // now cached there
        const current = AdminSettings.parse((await operator.get('/v1/admin/settings')).body);
        const form = { ...current.form, title: { 'zh-CN': '意见反馈', 'en-US': 'Feedback' } };
        const saved = AdminSettings.parse((await operator.patch('/v1/admin/settings', { version: current.version, form })).body);
        expect(saved.form.version).toBe(before.form.version + 1);
        const began = Date.now();
        let seen = before.form.version;
        while (seen !== saved.form.version && Date.now() - began < 5 * SETTINGS_CACHE_MS) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          seen = RemoteConfig.parse((await elsewhere.get('/v1/config')).body).form.version;
        }
        // Within the cache period (SETTINGS_CACHE_MS), not only after a restart.
        expect(seen).toBe(saved.form.version);
      } finally {
        await second.close();
      }
    });

    it('creates, lists and revokes operator tokens; a configured token stays', async () => {
      const created = await operator.post('/v1/admin/operator-tokens', { name: '客服小张' });
      expect(created.status).toBe(201);
      const token = OperatorTokenCreated.parse(created.body);
      expect(token.token).toMatchObject(expect.stringMatching(/^fko_/));
      const asNew = operator.as(token.token);
      expect(AdminSession.parse((await asNew.get('/v1/admin/session')).body)).toEqual({ operator: { name: '客服小张' }, tokenSource: 'store' });

      const list = OperatorTokenList.parse((await operator.get('/v1/admin/operator-tokens')).body);
      expect(list.items.map((item) => [item.id, item.name, item.source])).toEqual([
        ['config:0', '客服小王', 'config'],
        [token.id, '客服小张', 'store'],
      ]);
      expect(JSON.stringify(list)).not.toContain(token.token);

      const revoked = await operator.post(`/v1/admin/operator-tokens/${token.id}/revoke`, undefined);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      expect((await asNew.get('/v1/admin/session')).status).toBe(401);
      expect((await operator.post('/v1/admin/operator-tokens/config:0/revoke', undefined)).status).toBe(409);
      expect((await operator.post('/v1/admin/operator-tokens/op_missing/revoke', undefined)).status).toBe(404);
      expect((await operator.post('/v1/admin/operator-tokens', { name: '' })).status).toBe(400);
    });

    it('takes a complaint by phone as a ticket nobody can sign in as', async () => {
      const answer = await operator.post('/v1/admin/tickets', {
        channel: 'phone',
        answers: { category: 'payment', subtypes: ['unexpected_charge'], description: '用户来电：会员自动续费扣了 30 元，要求退款' },
        contact: { name: '李女士', phone: '13700001111' },
        assignee: '客服小王',
      });
      expect(answer.status, answer.text).toBe(201);
      const ticket = AdminTicketDetail.parse(answer.body);
      expect(ticket).toMatchObject({ channel: 'phone', priority: 'high', status: 'acknowledged', assignee: '客服小王', contact: { phone: '13700001111' } });
      expect(ticket.reporter).toBe(`channel:phone:${ticket.id}`);
      expect(ticket.timeline[0]).toMatchObject({ type: 'submitted', actor: { type: 'operator', name: '客服小王' } });
      const mine = AdminTicketList.parse((await operator.get('/v1/admin/tickets?mine=true&category=payment')).body);
      expect(mine.items.map((item) => item.id)).toContain(ticket.id);
      expect((await reporter.get(`/v1/tickets/${ticket.id}`)).status).toBe(404);

      const invalid = await operator.post('/v1/admin/tickets', { channel: 'phone', answers: { category: 'no-such-category' } });
      expect(invalid.status).toBe(400);
      expect(ErrorBody.parse(invalid.body).error.code).toBe('invalid_body');
      expect((await operator.post('/v1/admin/tickets', { channel: 'app', answers: {} })).status).toBe(400);
    });

    it('finds related tickets and merges a duplicate into the one being worked on', async () => {
      const other = new Client(server.url, newReporterSecret());
      const first = await reporter.ticket(suggestion('扫码登录一直提示二维码过期', { answers: { category: 'account', subtypes: ['login'], description: '扫码登录一直提示二维码过期' } }));
      const duplicate = await other.ticket(suggestion('扫码登录老是提示二维码过期了', { answers: { category: 'account', subtypes: ['login'], description: '扫码登录老是提示二维码过期了' } }));
      const unrelated = await other.ticket(suggestion('收不到短信验证码', { answers: { category: 'account', subtypes: ['login'], description: '收不到短信验证码' } }));

      const related = AdminRelatedTickets.parse((await operator.get(`/v1/admin/tickets/${duplicate}/related`)).body);
      expect(related.items.map((item) => item.id)).toEqual([first]);
      expect(related.items[0]!.similarity).toBeGreaterThan(0.5);
      expect(related.items.map((item) => item.id)).not.toContain(unrelated);

      const merged = await operator.post(`/v1/admin/tickets/${duplicate}/merge`, { into: first, reason: '与同类问题合并处理，修复后会通知您' });
      expect(merged.status, merged.text).toBe(200);
      expect(AdminTicketDetail.parse(merged.body)).toMatchObject({ status: 'resolved', duplicateOf: first });
      const target = AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${first}`)).body);
      expect(target.timeline.at(-1)).toMatchObject({ type: 'merged', from: duplicate });
      const seen = await other.get(`/v1/tickets/${duplicate}`);
      expect(seen.body.status).toBe('resolved');
      expect(seen.body.timeline.at(-1)).toMatchObject({ type: 'status_changed', to: 'resolved', reason: '与同类问题合并处理，修复后会通知您' });
      expect(seen.body.timeline.map((item: { type: string }) => item.type)).not.toContain('merged');

      expect((await operator.post(`/v1/admin/tickets/${first}/merge`, { into: duplicate })).status).toBe(409);
      expect((await operator.post(`/v1/admin/tickets/${first}/merge`, { into: first })).status).toBe(409);
      expect((await operator.post(`/v1/admin/tickets/${unrelated}/merge`, { into: 'tk_missing' })).status).toBe(400);
      expect((await operator.post(`/v1/admin/tickets/${duplicate}/merge`, { into: unrelated })).body.error.code).toBe('illegal_transition');
    });
  });
}

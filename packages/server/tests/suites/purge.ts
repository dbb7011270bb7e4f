import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AdminTicketDetail, ErrorBody } from '@fankui/core/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, storeFlags } from '../support/cli';
import { Client, IMAGES, OPERATOR_TOKEN, newReporterSecret, paymentSubmission, startTestServer, suggestion, type OpenStore, type TestServer } from '../support/harness';
import { everyRow } from '../support/tables';

const DAY_MINUTES = 24 * 60;

const upload = (client: Client) => client.request('POST', '/v1/attachments', { body: IMAGES.png, headers: { 'content-type': 'image/png' } });

/** Whether the embedded store still has the attachment's file (PostgreSQL keeps bytes in the row). */
const hasFile = (server: TestServer, id: string) => 'dataDir' in server.location && existsSync(join(server.location.dataDir, 'attachments', id));

/** Uploads waiting for a submission: the quota, the purge after the grace period; the retention purge. */
export function purgeSuite(openStore: OpenStore): void {
  describe('upload quota, purge and retention', () => {
    let server: TestServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('refuses uploads past the per-reporter quota with 429 upload_quota_exceeded until a submission takes them', async () => {
      const size = IMAGES.png.byteLength;
      server = await startTestServer(openStore, { uploads: { reporterUnattachedBytes: 2 * size } });
      const reporter = new Client(server.url, newReporterSecret());
      const first = await upload(reporter);
      const second = await upload(reporter);
      expect([first.status, second.status]).toEqual([201, 201]);

      const refused = await upload(reporter);
      expect(refused.status).toBe(429);
      expect(ErrorBody.parse(refused.body).error).toMatchObject({ code: 'upload_quota_exceeded', details: { scope: 'reporter', limitBytes: 2 * size } });
      expect(refused.body.error.message).toMatch(/submit/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Someone else's quota is their own.
      expect((await upload(new Client(server.url, newReporterSecret()))).status).toBe(201);

      // Submitted uploads no longer count.
      await reporter.ticket(paymentSubmission({ attachments: [first.body.id, second.body.id] }));
      expect((await upload(reporter)).status).toBe(201);
    });

    it('caps the bytes waiting from everyone, so fresh reporter ids do not get around the quota', async () => {
      const size = IMAGES.png.byteLength;
      server = await startTestServer(openStore, { uploads: { totalUnattachedBytes: 3 * size } });
      for (let i = 0; i < 3; i++) expect((await upload(new Client(server.url, newReporterSecret()))).status).toBe(201);
      const refused = await upload(new Client(server.url, newReporterSecret()));
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: 'upload_quota_exceeded', details: { scope: 'total', limitBytes: 3 * size } });
    });

    it('deletes uploads no submission took within the grace period, row and file, on the server timer', async () => {
      server = await startTestServer(openStore, { uploads: { graceHours: 24 }, purgeIntervalSeconds: 0.2 });
      const reporter = new Client(server.url, newReporterSecret());
      const orphan = (await upload(reporter)).body.id as string;
      const kept = (await upload(reporter)).body.id as string;
      await reporter.ticket(paymentSubmission({ attachments: [kept] }));
      if ('dataDir' in server.location) expect(hasFile(server, orphan)).toBe(true);

      // Within the grace period nothing goes.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await server.store.getAttachmentRecords([orphan])).toHaveLength(1);

      server.advance(25 * 60);
      // Logged once the run is over, files included.
      await expect.poll(() => server!.logs.find((line) => line.msg === 'purged'), { timeout: 5_000 }).toMatchObject({ unattachedAttachments: 1 });
      expect(await server.store.getAttachmentRecords([orphan])).toEqual([]);
      expect(hasFile(server, orphan)).toBe(false);
      expect((await reporter.get(`/v1/attachments/${orphan}`)).status).toBe(404);
      // The submitted one stays, bytes and all.
      const stillThere = await reporter.get(`/v1/attachments/${kept}`);
      expect(stillThere.status).toBe(200);
      expect((await server.store.unattachedBytes('anyone')).total).toBe(0);
    });

    it('fankui-server purge removes finished tickets’ personal data after retentionDays, keeping anonymised rows and statistics', async () => {
      server = await startTestServer(openStore, { retentionDays: 30, purgeIntervalSeconds: 0 });
      const secret = newReporterSecret();
      const reporter = new Client(server.url, secret);
      const operator = new Client(server.url, OPERATOR_TOKEN);
      const personal = {
        description: '退款一直没到账，我的会员号是 VIP8848PURGE',
        phone: '13912345678',
        brand: 'PurgeBrandPhone',
        pagePath: 'pages/order/secret-8848',
        message: '补充：身份证尾号 4321X',
        reply: '您好张三先生，已为您退款',
        note: '内部：张三住在朝阳区',
        reason: '已退款给张三',
        comment: '退款太慢了PURGE',
      };

      // 31 days ago: a ticket with everything personal, resolved and rated then.
      server.advance(-31 * DAY_MINUTES);
      const then = new Date(Date.now() - 31 * DAY_MINUTES * 60_000).toISOString();
      const photo = (await upload(reporter)).body.id as string;
      const old = await reporter.ticket(
        paymentSubmission({
          createdAt: then,
          answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '199.00', description: personal.description },
          context: { platform: 'weapp', sdkVersion: '0.1.0', pagePath: personal.pagePath, system: { brand: personal.brand } },
          contact: { phone: personal.phone },
          attachments: [photo],
        }),
      );
      expect((await reporter.post(`/v1/tickets/${old}/messages`, { body: personal.message })).status).toBe(201);
      expect((await operator.post(`/v1/admin/tickets/${old}/replies`, { body: personal.reply })).status).toBe(201);
      expect((await operator.post(`/v1/admin/tickets/${old}/notes`, { body: personal.note })).status).toBe(201);
      expect((await operator.patch(`/v1/admin/tickets/${old}`, { status: 'resolved', reason: personal.reason })).status).toBe(200);
      expect((await reporter.post(`/v1/tickets/${old}/rating`, { score: 4, comment: personal.comment })).status).toBe(200);
      server.advance(31 * DAY_MINUTES);

      // Today: one still open, one resolved within the retention; both keep everything.
      const other = new Client(server.url, newReporterSecret());
      const keptPhoto = (await upload(other)).body.id as string;
      const open = await other.ticket(suggestion('希望增加夜间模式 KEEP-OPEN', { attachments: [keptPhoto] }));
      const recent = await other.ticket(suggestion('最近解决的 KEEP-RECENT'));
      expect((await operator.patch(`/v1/admin/tickets/${recent}`, { status: 'resolved' })).status).toBe(200);

      const range = `from=${encodeURIComponent(new Date(Date.now() - 60 * DAY_MINUTES * 60_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;
      const statsBefore = (await operator.get(`/v1/admin/stats?${range}`)).body;
      expect(statsBefore.total).toBe(3);
      const before = await everyRow(server.store);
      for (const value of Object.values(personal)) expect(before).toContain(value);
      if ('dataDir' in server.location) expect(hasFile(server, photo)).toBe(true);

      const run = await runCli(['purge', ...storeFlags(server.location)], { FANKUI_RETENTION_DAYS: '30' });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ unattachedAttachments: 0, tickets: 1 });

      // Nothing personal is left in any table, nor the photo's file; the reporter's link is gone.
      const after = await everyRow(server.store);
      for (const [name, value] of Object.entries(personal)) expect(after, name).not.toContain(value);
      expect(after).not.toContain(createHash('sha256').update(secret).digest('hex'));
      expect(await server.store.getAttachmentRecords([photo])).toEqual([]);
      expect(hasFile(server, photo)).toBe(false);
      expect((await reporter.get(`/v1/tickets/${old}`)).status).toBe(404);
      expect((await reporter.get('/v1/tickets')).body.items).toEqual([]);

      // The anonymised row still counts: same statistics, same status and score.
      expect((await operator.get(`/v1/admin/stats?${range}`)).body).toEqual(statsBefore);
      const anonymised = AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${old}`)).body);
      expect(anonymised).toMatchObject({ status: 'resolved', priority: 'high', category: 'payment', rating: { score: 4 } });
      expect(anonymised.timeline.map((event) => event.type)).toContain('message');

      // The open ticket and the recently resolved one are untouched.
      for (const value of ['KEEP-OPEN', 'KEEP-RECENT']) expect(after).toContain(value);
      expect((await other.get(`/v1/tickets/${open}`)).status).toBe(200);
      expect((await other.get(`/v1/attachments/${keptPhoto}`)).status).toBe(200);

      // A second run finds nothing more to do.
      const again = await runCli(['purge', ...storeFlags(server.location)], { FANKUI_RETENTION_DAYS: '30' });
      expect(JSON.parse(again.stdout)).toEqual({ unattachedAttachments: 0, tickets: 0 });
    });
  });
}

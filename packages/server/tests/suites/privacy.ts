import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AdminTicketDetail, ReporterExport } from '@fankui/core/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, IMAGES, OPERATOR_TOKEN, newReporterSecret, paymentSubmission, startTestServer, suggestion, type OpenStore, type TestServer } from '../support/harness';
import { everyRow } from '../support/tables';

const DEVICE = {
  platform: 'weapp',
  sdkVersion: '0.1.0',
  appVersion: '9.8.7-consent',
  pagePath: 'pages/order/consent-7731',
  networkType: 'wifi',
  locale: 'zh_CN',
  system: { brand: 'ConsentBrandX', model: 'ConsentModel-7731' },
} as const;

/** Every file under a directory, recursively (the embedded store's data directory). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files of the data directory that hold any of `needles` (text as UTF-8, or bytes). */
function filesHolding(dataDir: string, needles: readonly (string | Uint8Array)[]): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dataDir)) {
    const bytes = readFileSync(file);
    for (const needle of needles) if (bytes.includes(typeof needle === 'string' ? Buffer.from(needle, 'utf8') : Buffer.from(needle))) found.push(`${file}: ${String(needle).slice(0, 40)}`);
  }
  return found;
}

const reporterHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Consent on ingest (PIPL data minimisation), the reporter's export, and erasure. */
export function privacySuite(openStore: OpenStore): void {
  describe('privacy requests', () => {
    let server: TestServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('keeps device context and contact details only with the reporter’s consent to each', async () => {
      server = await startTestServer(openStore);
      const reporter = new Client(server.url, newReporterSecret());
      const operator = reporter.as(OPERATOR_TOKEN);
      const contact = { phone: '13700001111' };
      const withBoth = await reporter.ticket(paymentSubmission({ context: { ...DEVICE }, consent: { contact: true, context: true }, contact }));
      // An older client's submission: no `context` in its consent, which means no.
      // An older client's submission: no `context` in its consent, which means no.
      const withNeither = await reporter.ticket(paymentSubmission({ context: { ...DEVICE, pagePath: 'pages/none-7732' }, consent: { contact: false }, contact: undefined }));
      const contextOnly = await reporter.ticket(paymentSubmission({ context: { ...DEVICE, pagePath: 'pages/ctx-7733' }, consent: { contact: false, context: true }, contact: undefined }));
      // Contact details without consent to them are refused, not stored.
      const [refused] = await reporter.submit(paymentSubmission({ consent: { contact: false, context: true }, contact: { phone: '13700003333' } }));
      expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'invalid_answers', details: { errors: [{ field: 'contact', code: 'consent_required' }] } } });

      const detail = async (id: string) => (await reporter.get(`/v1/tickets/${id}`)).body;
      const adminDetail = async (id: string) => AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${id}`)).body);

      expect((await adminDetail(withBoth)).context).toEqual(DEVICE);
      expect((await detail(withBoth)).contact).toEqual(contact);

      // Without consent: platform, SDK version and locale only; no contact either.
      expect((await adminDetail(withNeither)).context).toEqual({ platform: 'weapp', sdkVersion: '0.1.0', locale: 'zh_CN' });
      expect((await detail(withNeither)).contact).toBeUndefined();
      expect((await adminDetail(contextOnly)).context).toEqual({ ...DEVICE, pagePath: 'pages/ctx-7733' });
      expect((await detail(contextOnly)).contact).toBeUndefined();

      // Nothing dropped is anywhere in the store.
      const rows = await everyRow(server.store);
      for (const dropped of ['pages/none-7732', '13700003333']) expect(rows).not.toContain(dropped);
      expect(rows).toContain('pages/ctx-7733');
      // A resend of the dropped one is still the same ticket.
      expect((await reporter.submit(paymentSubmission({ id: (await detail(withNeither)).clientId, consent: { contact: false } })))[0]).toMatchObject({ status: 'duplicate', ticketId: withNeither });
    });

    it('GET /v1/me/export downloads everything of the reporter and nothing of anyone else', async () => {
      server = await startTestServer(openStore);
      const mine = new Client(server.url, newReporterSecret());
      const theirs = new Client(server.url, newReporterSecret());
      const operator = mine.as(OPERATOR_TOKEN);

      const photo = (await mine.request('POST', '/v1/attachments', { body: IMAGES.png, headers: { 'content-type': 'image/png' } })).body.id as string;
      const waiting = (await mine.request('POST', '/v1/attachments', { body: IMAGES.jpeg, headers: { 'content-type': 'image/jpeg' } })).body.id as string;
      const first = await mine.ticket(
        paymentSubmission({
          answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '199.00', description: '导出测试：扣款两次 EXPORT-MINE-1' },
          context: { ...DEVICE },
          consent: { contact: true, context: true },
          contact: { phone: '13600001111', name: '李四' },
          attachments: [photo],
        }),
      );
      const second = await mine.ticket(suggestion('希望支持深色模式 EXPORT-MINE-2'));
      expect((await mine.post(`/v1/tickets/${first}/messages`, { body: '补充：订单号 EXPORT-MSG' })).status).toBe(201);
      expect((await operator.post(`/v1/admin/tickets/${first}/replies`, { body: '您好，已退款 EXPORT-REPLY' })).status).toBe(201);
      expect((await operator.post(`/v1/admin/tickets/${first}/notes`, { body: '内部备注 EXPORT-NOTE' })).status).toBe(201);
      expect((await operator.patch(`/v1/admin/tickets/${first}`, { status: 'resolved' })).status).toBe(200);
      expect((await mine.post(`/v1/tickets/${first}/rating`, { score: 5, comment: '很快 EXPORT-RATING' })).status).toBe(200);
      expect((await mine.post('/v1/deflections', { articleId: 'payment_faq', category: 'payment' })).status).toBe(204);

      const other = await theirs.ticket(
        paymentSubmission({
          answers: { category: 'payment', subtypes: ['payment_failed'], amount: '5.00', description: '别人的问题 EXPORT-THEIRS' },
          contact: { phone: '13600009999' },
        }),
      );
      expect((await theirs.post('/v1/deflections', { articleId: 'account_faq', category: 'account' })).status).toBe(204);

      const answer = await mine.get('/v1/me/export');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="fankui-export-\d{4}-\d{2}-\d{2}\.json"$/);
      const data = ReporterExport.parse(answer.body);

      // Everything of theirs, oldest first: answers, contact, context, the timeline they see, rating.
      expect(data.tickets.map((ticket) => ticket.id)).toEqual([first, second]);
      const [full, plain] = data.tickets;
      expect(full).toMatchObject({
        answers: { description: '导出测试：扣款两次 EXPORT-MINE-1' },
        contact: { phone: '13600001111', name: '李四' },
        context: DEVICE,
        attachments: [photo],
        status: 'resolved',
        rating: { score: 5, comment: '很快 EXPORT-RATING' },
      });
      const texts = full!.timeline.map((event) => ('body' in event ? event.body : null)).filter(Boolean);
      expect(texts).toEqual(['补充：订单号 EXPORT-MSG', '您好，已退款 EXPORT-REPLY']);
      expect(plain!.answers.description).toBe('希望支持深色模式 EXPORT-MINE-2');
      expect(data.attachments.map(({ id, ticketId }) => ({ id, ticketId }))).toEqual([
        { id: photo, ticketId: first },
        { id: waiting, ticketId: null },
      ]);
      // Download links work with the same credentials.
      for (const attachment of data.attachments) expect((await mine.get(attachment.url)).status).toBe(200);
      expect(data.deflections).toEqual([{ articleId: 'payment_faq', category: 'payment', at: expect.any(String) }]);

      // Nothing of the other reporter, and no operator note.
      for (const foreign of [other, 'EXPORT-THEIRS', '13600009999', 'account_faq', 'EXPORT-NOTE', reporterHash(theirs.token!)]) expect(answer.text).not.toContain(foreign);
      const theirExport = ReporterExport.parse((await theirs.get('/v1/me/export')).body);
      expect(theirExport.tickets.map((ticket) => ticket.id)).toEqual([other]);
      expect(JSON.stringify(theirExport)).not.toContain('EXPORT-MINE');

      expect((await mine.as(undefined).get('/v1/me/export')).status).toBe(401);
      expect((await operator.get('/v1/me/export')).status).toBe(401);
    });

    it('DELETE /v1/me erases the reporter’s data everywhere, keeps anonymised rows for statistics, and is idempotent', async () => {
      server = await startTestServer(openStore, {
        // Deliveries to a port nobody listens on stay in the outbox, bodies and all.
        webhooks: { endpoints: [{ url: 'http://127.0.0.1:9/hook', secret: 'privacy-webhook-secret-0123' }], retryBaseMs: 3_600_000 },
      });
      const secret = newReporterSecret();
      const mine = new Client(server.url, secret);
      const theirs = new Client(server.url, newReporterSecret());
      const operator = mine.as(OPERATOR_TOKEN);
      const personal = {
        description: '我被重复扣款了 ERASE-PHRASE-5521',
        phone: '13955210001',
        brand: 'EraseBrand5521',
        pagePath: 'pages/erase-5521',
        message: '补充信息 ERASE-MSG-5521',
        reply: '您好王五，已处理 ERASE-REPLY-5521',
        note: '内部：王五 ERASE-NOTE-5521',
        reason: '已核实 ERASE-REASON-5521',
        comment: '满意 ERASE-COMMENT-5521',
        reopen: '还是不行 ERASE-REOPEN-5521',
        waitingDescription: '还没处理的 ERASE-OPEN-5521',
      };

      const photo = (await mine.request('POST', '/v1/attachments', { body: IMAGES.jpeg, headers: { 'content-type': 'image/jpeg' } })).body.id as string;
      const stored = new Uint8Array(await (await fetch(`${server.url}/v1/attachments/${photo}`, { headers: { authorization: `Bearer ${secret}` } })).arrayBuffer());
      const unsent = (await mine.request('POST', '/v1/attachments', { body: IMAGES.png, headers: { 'content-type': 'image/png' } })).body.id as string;
      const resolved = await mine.ticket(
        paymentSubmission({
          answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '88.00', description: personal.description },
          context: { ...DEVICE, pagePath: personal.pagePath, system: { brand: personal.brand } },
          consent: { contact: true, context: true },
          contact: { phone: personal.phone },
          attachments: [photo],
        }),
      );
      expect((await mine.post(`/v1/tickets/${resolved}/messages`, { body: personal.message })).status).toBe(201);
      expect((await operator.post(`/v1/admin/tickets/${resolved}/replies`, { body: personal.reply })).status).toBe(201);
      expect((await operator.post(`/v1/admin/tickets/${resolved}/notes`, { body: personal.note })).status).toBe(201);
      expect((await operator.patch(`/v1/admin/tickets/${resolved}`, { status: 'resolved', reason: personal.reason })).status).toBe(200);
      expect((await mine.post(`/v1/tickets/${resolved}/reopen`, { reason: personal.reopen })).status).toBe(200);
      expect((await operator.patch(`/v1/admin/tickets/${resolved}`, { status: 'resolved' })).status).toBe(200);
      expect((await mine.post(`/v1/tickets/${resolved}/rating`, { score: 2, comment: personal.comment })).status).toBe(200);
      const open = await mine.ticket(suggestion(personal.waitingDescription));
      expect((await mine.post('/v1/deflections', { articleId: 'payment_faq', category: 'payment' })).status).toBe(204);
      const kept = await theirs.ticket(suggestion('别人的 KEEP-THEIRS-5521', { contact: { phone: '13955219999' }, consent: { contact: true } }));

      const range = `from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`;
      const statsBefore = (await operator.get(`/v1/admin/stats?${range}`)).body;
      const before = await everyRow(server.store);
      for (const [name, value] of Object.entries(personal)) expect(before, name).toContain(value);
      expect(before).toContain('webhook_deliveries');
      if ('dataDir' in server.location) expect(filesHolding(server.location.dataDir, [stored])).not.toEqual([]);

      const erased = await mine.request('DELETE', '/v1/me');
      expect(erased.status).toBe(204);
      expect(erased.text).toBe('');

      // Afterwards no table holds any of it, nor the reporter's id, nor the photo.
      const after = await everyRow(server.store);
      for (const [name, value] of Object.entries(personal)) expect(after, name).not.toContain(value);
      expect(after).not.toContain(reporterHash(secret));
      expect(after).not.toContain(Buffer.from(stored.subarray(stored.length - 24)).toString('hex'));
      expect(await server.store.getAttachmentRecords([photo, unsent])).toEqual([]);
      // Nor any file of the data directory: the database, its WAL, the attachments.
      if ('dataDir' in server.location) {
        expect(filesHolding(server.location.dataDir, [...Object.values(personal), reporterHash(secret), stored])).toEqual([]);
      }
      // The log says how many, never what.
      expect(server.logs.find((line) => line.msg === 'reporter data erased')).toMatchObject({ tickets: 2 });
      expect(JSON.stringify(server.logs)).not.toContain(personal.phone);

      // The reporter sees nothing; their export is empty.
      expect((await mine.get('/v1/tickets')).body.items).toEqual([]);
      expect((await mine.get(`/v1/tickets/${resolved}`)).status).toBe(404);
      expect((await mine.get(`/v1/attachments/${photo}`)).status).toBe(404);
      expect(ReporterExport.parse((await mine.get('/v1/me/export')).body)).toMatchObject({ tickets: [], attachments: [], deflections: [] });

      // Statistics are unchanged; the anonymised rows keep status, category, priority, score.
      expect((await operator.get(`/v1/admin/stats?${range}`)).body).toEqual(statsBefore);
      const anonymised = AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${resolved}`)).body);
      expect(anonymised).toMatchObject({ status: 'resolved', category: 'payment', rating: { score: 2 }, attachments: [] });
      expect(anonymised.context).toEqual({ platform: 'weapp', sdkVersion: '0.1.0' });
      expect((await operator.get(`/v1/admin/tickets/${open}`)).body).toMatchObject({ status: 'acknowledged', category: 'suggestion' });

      // The other reporter keeps everything.
      expect(after).toContain('KEEP-THEIRS-5521');
      expect((await theirs.get(`/v1/tickets/${kept}`)).body).toMatchObject({ contact: { phone: '13955219999' } });

      // Idempotent: again 204, nothing more to do.
      expect((await mine.request('DELETE', '/v1/me')).status).toBe(204);
      expect(server.logs.filter((line) => line.msg === 'reporter data erased').at(-1)).toMatchObject({ tickets: 0 });
      expect((await mine.as(undefined).request('DELETE', '/v1/me')).status).toBe(401);
    });

    it('logs carry no personal data: submissions, a refused item, a search, a reply, an export and an erasure leave none of it', async () => {
      server = await startTestServer(openStore);
      const secret = newReporterSecret();
      const reporter = new Client(server.url, secret);
      const operator = reporter.as(OPERATOR_TOKEN);
      const secrets = ['13655550001', '13655550002', '13655550003', 'LOG-PHRASE-4411', 'li.log4411@example.cn'];
      const ticket = await reporter.ticket(
        paymentSubmission({
          answers: { category: 'payment', subtypes: ['unexpected_charge'], amount: '1.00', description: `扣款 LOG-PHRASE-4411，请打 13655550001` },
          contact: { phone: '13655550002', email: 'li.log4411@example.cn' },
        }),
      );
      // Refused (contact without consent): the refusal says why, the log does not repeat what was sent.
      const [refused] = await reporter.submit(paymentSubmission({ consent: { contact: false }, contact: { phone: '13655550003' } }));
      expect(refused.status).toBe('rejected');
      expect((await operator.get(`/v1/admin/tickets?q=${encodeURIComponent('13655550001')}`)).status).toBe(200);
      expect((await operator.post(`/v1/admin/tickets/${ticket}/replies`, { body: '已联系 13655550002' })).status).toBe(201);
      expect((await reporter.get('/v1/me/export')).status).toBe(200);
      expect((await reporter.request('DELETE', '/v1/me')).status).toBe(204);

      expect(server.logs.filter((line) => line.msg === 'request').length).toBeGreaterThanOrEqual(6);
      const logged = JSON.stringify(server.logs);
      for (const value of [...secrets, secret, reporterHash(secret)]) expect(logged).not.toContain(value);
    });
  });
}

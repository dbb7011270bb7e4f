import { AdminTicketDetail, AttachmentCreated, ErrorBody, TicketDetail, TicketList, TimelineEvent } from '@fankui/core/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserToken } from '../../src/auth';
import { LIMITS } from '@fankui/core';
import {
  GPS_MARKER,
  concat,
  indexOfBytes,
  jpegDeclaring,
  jpegWithMetadata,
  pngDeclaring,
  pngWithMetadata,
  webpExtendedDeclaring,
  webpLosslessDeclaring,
  webpLossyDeclaring,
  webpWithMetadata,
} from '../support/images';
import { Client, IMAGES, OPERATOR_TOKEN, USER_TOKEN_SECRET, newReporterSecret, startTestServer, type OpenStore, type TestServer } from '../support/harness';

/** The reporter's side: submit → ack → reply → resolved → rating → reopen, and privacy between reporters. */
export function journeySuite(openStore: OpenStore): void {
  describe('reporter journey', () => {
    let server: TestServer;
    let reporter: Client;
    let operator: Client;
    beforeAll(async () => {
      server = await startTestServer(openStore);
      reporter = new Client(server.url, newReporterSecret());
      operator = new Client(server.url, OPERATOR_TOKEN);
    });
    afterAll(() => server.close());

    it('goes from submission to reopen with every step on the timeline', async () => {
      const ticketId = await reporter.ticket();

      // The acknowledgement with the SLA promise is there at once.
      let detail = TicketDetail.parse((await reporter.get(`/v1/tickets/${ticketId}`)).body);
      expect(detail.status).toBe('acknowledged');
      expect(detail.timeline.map((event) => event.type)).toEqual(['submitted', 'acknowledged']);
      expect(detail.timeline[1]).toMatchObject({ actor: { type: 'system' }, priority: 'high', message: '已收到，正在处理中，我们将在 30 分钟内回复' });

      // An operator replies (visible, unread) and notes (invisible).
      const reply = await operator.post(`/v1/admin/tickets/${ticketId}/replies`, { body: '您好，已为您提交退款申请' });
      expect(reply.status).toBe(201);
      expect(TimelineEvent.parse(reply.body)).toMatchObject({ type: 'message', actor: { type: 'operator', name: '客服小王' } });
      const note = await operator.post(`/v1/admin/tickets/${ticketId}/notes`, { body: '内部：用户是 VIP，优先处理' });
      expect(note.status).toBe(201);

      const list = TicketList.parse((await reporter.get('/v1/tickets')).body);
      expect(list.items.find((item) => item.id === ticketId)).toMatchObject({ status: 'in_progress', unread: 1 });
      detail = TicketDetail.parse((await reporter.get(`/v1/tickets/${ticketId}`)).body);
      expect(detail.timeline.map((event) => event.type)).toEqual(['submitted', 'acknowledged', 'message', 'status_changed']);
      expect(detail.timeline[3]).toMatchObject({ actor: { type: 'system' }, from: 'acknowledged', to: 'in_progress' });
      expect(JSON.stringify(detail)).not.toContain('VIP');
      // Opening the ticket marked the reply read.
      expect(TicketDetail.parse((await reporter.get(`/v1/tickets/${ticketId}`)).body).unread).toBe(0);

      const admin = AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${ticketId}`)).body);
      expect(admin.timeline.map((event) => event.type)).toContain('note');
      expect(admin.firstRespondedAt).not.toBeNull();
      expect(admin.sla.firstResponse).toBe('met');

      // The reporter adds information.
      const message = await reporter.post(`/v1/tickets/${ticketId}/messages`, { body: '补充：订单号 DD2026112300001' });
      expect(message.status).toBe(201);

      // Rating before resolution is refused.
      expect((await reporter.post(`/v1/tickets/${ticketId}/rating`, { score: 5 })).status).toBe(409);

      const resolved = await operator.patch(`/v1/admin/tickets/${ticketId}`, { status: 'resolved', reason: '已退款' });
      expect(resolved.status).toBe(200);
      expect(AdminTicketDetail.parse(resolved.body)).toMatchObject({ status: 'resolved' });
      detail = TicketDetail.parse((await reporter.get(`/v1/tickets/${ticketId}`)).body);
      expect(detail).toMatchObject({ status: 'resolved', canRate: true, canReopen: true });
      expect(detail.resolvedAt).not.toBeNull();

      // A low rating is recorded once and does not reopen by itself.
      const rated = await reporter.post(`/v1/tickets/${ticketId}/rating`, { score: 2, comment: '退款太慢' });
      expect(rated.status).toBe(200);
      expect(TicketDetail.parse(rated.body)).toMatchObject({ status: 'resolved', canRate: false, canReopen: true, rating: { score: 2, comment: '退款太慢' } });
      const again = await reporter.post(`/v1/tickets/${ticketId}/rating`, { score: 3 });
      expect(again.status).toBe(409);
      expect(ErrorBody.parse(again.body).error.code).toBe('conflict');

      // "问题未解决" with a reason.
      const reopened = await reporter.post(`/v1/tickets/${ticketId}/reopen`, { reason: '钱还没有到账' });
      expect(reopened.status).toBe(200);
      detail = TicketDetail.parse(reopened.body);
      expect(detail).toMatchObject({ status: 'reopened', canReopen: false, canRate: false, resolvedAt: null });
      expect(detail.timeline.at(-1)).toMatchObject({ type: 'reopened', reason: '钱还没有到账', actor: { type: 'reporter' } });

      // Reopening twice is an illegal transition with a clear message.
      const twice = await reporter.post(`/v1/tickets/${ticketId}/reopen`, { reason: '再试一次' });
      expect(twice.status).toBe(409);
      expect(ErrorBody.parse(twice.body).error).toMatchObject({ code: 'illegal_transition', message: expect.stringContaining('reopened') });

      // The next reply takes it back to in_progress; a new resolution may be rated again.
      await operator.post(`/v1/admin/tickets/${ticketId}/replies`, { body: '已加急处理' });
      await operator.patch(`/v1/admin/tickets/${ticketId}`, { status: 'resolved' });
      expect((await reporter.post(`/v1/tickets/${ticketId}/rating`, { score: 5 })).status).toBe(200);
    });

    it('answers a poll that changed nothing with 304 and no body (ETag on the reporter reads)', async () => {
      const poller = new Client(server.url, newReporterSecret());
      const ticketId = await poller.ticket();
      for (const path of [`/v1/tickets/${ticketId}`, '/v1/tickets?limit=20']) {
        const first = await poller.get(path);
        const etag = first.headers.get('etag')!;
        expect(etag).toMatch(/^"[\w-]{32}"$/);
        expect(first.headers.get('cache-control')).toBe('no-store'); // no HTTP cache keeps a reporter's tickets
        const again = await poller.get(path, { 'if-none-match': etag });
        expect([again.status, again.text]).toEqual([304, '']);
        expect(again.headers.get('etag')).toBe(etag);
        // Another reporter's copy of the path is not theirs to revalidate: 404 whatever the tag.
        expect((await reporter.get(path.replace('?limit=20', ''), { 'if-none-match': etag })).status).not.toBe(304);
      }
      const listTag = (await poller.get('/v1/tickets?limit=20')).headers.get('etag')!;
      const detailTag = (await poller.get(`/v1/tickets/${ticketId}`)).headers.get('etag')!;
      // An operator replies: both reads change, and the poll gets the new body.
      await operator.post(`/v1/admin/tickets/${ticketId}/replies`, { body: '您好，正在为您核实' });
      const list = await poller.get('/v1/tickets?limit=20', { 'if-none-match': listTag });
      expect(list.status).toBe(200);
      expect(TicketList.parse(list.body).items[0]).toMatchObject({ id: ticketId, unread: 1 });
      const detail = await poller.get(`/v1/tickets/${ticketId}`, { 'if-none-match': detailTag });
      expect(detail.status).toBe(200);
      expect(TicketDetail.parse(detail.body).timeline.map((event) => event.type)).toContain('message');
    });

    it('stores images by their magic bytes and serves them safely', async () => {
      for (const [kind, bytes] of Object.entries(IMAGES)) {
        // The declared type is ignored: a WebP sent as image/jpeg is stored as WebP.
        const upload = await reporter.request('POST', '/v1/attachments', { body: bytes, headers: { 'content-type': 'image/jpeg' } });
        expect(upload.status, kind).toBe(201);
        const created = AttachmentCreated.parse(upload.body);
        expect(created).toMatchObject({ contentType: `image/${kind}`, size: bytes.byteLength });
        const served = await fetch(`${server.url}/v1/attachments/${created.id}`, { headers: { authorization: `Bearer ${reporter.token}` } });
        expect(served.headers.get('content-type')).toBe(`image/${kind}`);
        expect(served.headers.get('x-content-type-options')).toBe('nosniff');
        expect(served.headers.get('cache-control')).toMatch(/^private/);
        expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
      }
    });

    it('strips EXIF, XMP and text metadata from uploads, storing the stripped size', async () => {
      for (const [kind, { image, stripped }] of [
        ['jpeg', jpegWithMetadata()],
        ['png', pngWithMetadata()],
        ['webp', webpWithMetadata()],
      ] as const) {
        const upload = await reporter.request('POST', '/v1/attachments', { body: image, headers: { 'content-type': `image/${kind}` } });
        expect(upload.status, kind).toBe(201);
        const created = AttachmentCreated.parse(upload.body);
        expect(created, kind).toMatchObject({ contentType: `image/${kind}`, size: stripped.byteLength });
        const stored = await server.store.getAttachment(created.id);
        expect(stored?.record.size, kind).toBe(stripped.byteLength);
        const served = new Uint8Array(await (await fetch(`${server.url}/v1/attachments/${created.id}`, { headers: { authorization: `Bearer ${reporter.token}` } })).arrayBuffer());
        expect(served, kind).toEqual(stripped);
        expect(indexOfBytes(served, GPS_MARKER), kind).toBe(-1);
      }
    });

    it('refuses images whose structure cannot be followed, GPS and all, and stores nothing', async () => {
      const { image } = jpegWithMetadata();
      const dqt = indexOfBytes(image, Uint8Array.from([0xff, 0xdb]));
      const png = pngWithMetadata().image;
      for (const [label, bytes] of [
        ['JPEG with a stray byte between segments', concat(image.subarray(0, dqt), [0x00], image.subarray(dqt))],
        ['JPEG with a stray byte before its EXIF', concat(image.subarray(0, 20), [0x00], image.subarray(20))],
        ['truncated JPEG', image.subarray(0, image.length - 4)],
        ['truncated PNG', png.subarray(0, png.length - 20)],
      ] as const) {
        expect(indexOfBytes(bytes, GPS_MARKER), label).toBeGreaterThan(0);
        const upload = await reporter.request('POST', '/v1/attachments', { body: bytes, headers: { 'content-type': 'image/jpeg' } });
        expect(upload.status, label).toBe(422);
        expect(ErrorBody.parse(upload.body).error, label).toMatchObject({ code: 'invalid_image', message: expect.stringContaining('cannot be read') });
      }
    });

    it(`refuses images declaring more than ${LIMITS.imageMaxPixels} pixels`, async () => {
      for (const [label, bytes] of [
        ['PNG 100000×100000', pngDeclaring(100_000, 100_000)],
        ['JPEG 65535×65535', jpegDeclaring(65_535, 65_535)],
        ['WebP (VP8X) 100000×100000', webpExtendedDeclaring(100_000, 100_000)],
        ['WebP (VP8L) 16384×16384', webpLosslessDeclaring(16_384, 16_384)],
        ['WebP (VP8) 16383×16383', webpLossyDeclaring(16_383, 16_383)],
      ] as const) {
        const upload = await reporter.request('POST', '/v1/attachments', { body: bytes, headers: { 'content-type': 'image/png' } });
        expect(upload.status, label).toBe(422);
        expect(ErrorBody.parse(upload.body).error, label).toMatchObject({ code: 'invalid_image', details: { maxPixels: LIMITS.imageMaxPixels } });
      }
      // A long screenshot within the cap is fine.
      const long = await reporter.request('POST', '/v1/attachments', { body: pngDeclaring(1080, 20_000), headers: { 'content-type': 'image/png' } });
      expect(long.status).toBe(201);
    });

    it('drops bytes after the end of the image', async () => {
      const trailer = concat(new TextEncoder().encode('PK'), GPS_MARKER);
      for (const [kind, bytes] of Object.entries(IMAGES)) {
        const upload = await reporter.request('POST', '/v1/attachments', { body: concat(bytes, trailer), headers: { 'content-type': 'image/png' } });
        expect(upload.status, kind).toBe(201);
        const created = AttachmentCreated.parse(upload.body);
        expect(created, kind).toMatchObject({ contentType: `image/${kind}`, size: bytes.byteLength });
        const served = new Uint8Array(await (await fetch(`${server.url}/v1/attachments/${created.id}`, { headers: { authorization: `Bearer ${reporter.token}` } })).arrayBuffer());
        expect(served, kind).toEqual(bytes);
      }
    });

    it('takes the multipart upload wx.uploadFile sends', async () => {
      const form = new FormData();
      form.append('file', new Blob([IMAGES.jpeg], { type: 'application/octet-stream' }), 'tmp_wx_123.jpg');
      form.append('name', 'file');
      const upload = await reporter.request('POST', '/v1/attachments', { body: form });
      expect(upload.status).toBe(201);
      expect(AttachmentCreated.parse(upload.body).contentType).toBe('image/jpeg');
    });

    it('lets a user with a signed token see the same tickets from any device', async () => {
      const token = signUserToken(USER_TOKEN_SECRET, { sub: 'u_1024', expiresInSeconds: 600 });
      const phone = reporter.as(token);
      const ticketId = await phone.ticket();
      const laptop = reporter.as(signUserToken(USER_TOKEN_SECRET, { sub: 'u_1024', expiresInSeconds: 600 }));
      expect((await laptop.get(`/v1/tickets/${ticketId}`)).status).toBe(200);
      expect(AdminTicketDetail.parse((await operator.get(`/v1/admin/tickets/${ticketId}`)).body).reporter).toBe('user:u_1024');

      const expired = signUserToken(USER_TOKEN_SECRET, { sub: 'u_1024', expiresInSeconds: 1, now: new Date(Date.now() - 60_000) });
      expect((await reporter.as(expired).get('/v1/tickets')).status).toBe(401);
      const forged = signUserToken('another-secret-another-secret-another', { sub: 'u_1024', expiresInSeconds: 600 });
      expect((await reporter.as(forged).get('/v1/tickets')).status).toBe(401);
    });

    it('pages through the reporter\'s own tickets, newest first', async () => {
      const own = new Client(server.url, newReporterSecret());
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(await own.ticket());
        server.advance(1); // distinct creation times: the order is then certain
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = TicketList.parse((await own.get(`/v1/tickets?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
      expect((await own.get('/v1/tickets?cursor=garbage')).status).toBe(400);
    });
  });
}

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config';
import { createSqliteStore } from '../store/sqlite';
import type { EventRecord, TicketOutbox, TicketRecord } from '../store/store';
import { openingEvents, ticketRecord } from '../../tests/support/tickets';
import { retryDelayMs, signWebhook, startWebhookSender, webhookDeliveries, webhookHappenings, withWebhookOutbox } from './webhooks';

const SECRET = 'whsec-unit-0123456789';
const ENDPOINT = { url: 'http://127.0.0.1:9/hooks', secret: SECRET };

describe('webhooks', () => {
  it('signs "<t>.<body>" with HMAC-SHA256 as the docs say', () => {
    const body = '{"id":"wh_1"}';
    const expected = createHmac('sha256', SECRET).update(`1767225600.${body}`).digest('hex');
    expect(signWebhook(SECRET, 1_767_225_600, body)).toBe(`t=1767225600,v1=${expected}`);
    expect(signWebhook(SECRET, 1_767_225_601, body)).not.toBe(`t=1767225601,v1=${expected}`);
  });

  it('backs off exponentially with jitter between half and all of the delay, capped', () => {
    const settings = { retryBaseMs: 1_000, retryMaxMs: 10_000 };
    expect([1, 2, 3, 4, 5, 30].map((attempt) => retryDelayMs(attempt, settings, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect([1, 2, 5].map((attempt) => retryDelayMs(attempt, settings, () => 0))).toEqual([500, 1_000, 5_000]);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(3, settings);
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });

  it('makes one delivery per subscribed endpoint and event, with masked text and no internal events', () => {
    const ticket = ticketRecord({ summary: '请打 13912345678', status: 'in_progress' });
    const at = '2026-03-01T08:00:00.000Z';
    const base = { ticketId: ticket.id, at, internal: false, actorType: 'operator' as const, actorName: '客服小王' };
    const events = [
      { ...base, id: 'ev_reply', type: 'message' as const, payload: { body: '已处理 13912345678', attachments: ['at_1'] } },
      { ...base, id: 'ev_status', actorType: 'system' as const, actorName: null, type: 'status_changed' as const, payload: { from: 'submitted', to: 'in_progress' } },
      { ...base, id: 'ev_note', type: 'note' as const, payload: { body: '内部' }, internal: true },
      { ...base, id: 'ev_reporter', actorType: 'reporter' as const, actorName: null, type: 'message' as const, payload: { body: '补充', attachments: [] } },
    ];
    const happenings = webhookHappenings(ticket, events, false);
    expect(happenings.map((item) => [item.event, item.eventId])).toEqual([
      ['ticket.replied', 'ev_reply'],
      ['ticket.status_changed', 'ev_status'],
    ]);
    const config = parseConfig({ webhooks: { endpoints: [ENDPOINT, { url: 'https://crm.example.com/h', secret: SECRET, events: ['ticket.status_changed'] }] } });
    const rows = webhookDeliveries(config, ticket, happenings, new Date(at));
    expect(rows.map((row) => [row.endpoint, row.event])).toEqual([
      [ENDPOINT.url, 'ticket.replied'],
      [ENDPOINT.url, 'ticket.status_changed'],
      ['https://crm.example.com/h', 'ticket.status_changed'],
    ]);
    expect(new Set(rows.map((row) => row.id)).size).toBe(3);
    for (const row of rows) {
      expect(row.body).not.toContain('13912345678');
      expect(JSON.parse(row.body)).toMatchObject({ id: row.id, event: row.event, data: { ticket: { id: ticket.id } } });
    }
    expect(JSON.parse(rows[0]!.body).data.reply).toEqual({ body: '已处理 139****5678', attachments: 1, operator: '客服小王' });
    // The reporter's "问题未解决" is a status move too.
    const reopened = { ...base, id: 'ev_reopen', actorType: 'reporter' as const, actorName: null, type: 'reopened' as const, payload: { reason: '还是扣款了，打 13912345678' } };
    expect(webhookHappenings(ticket, [reopened], false, 'resolved').map((item) => [item.event, item.data])).toEqual([
      ['ticket.status_changed', { change: { from: 'resolved', to: 'reopened', reason: '还是扣款了，打 139****5678' } }],
    ]);
    // A creation is one ticket.created, whatever its opening events.
    expect(webhookHappenings(ticket, openingEvents(ticket), true).map((item) => item.event)).toEqual(['ticket.created']);
  });

  it('refuses endpoints without a usable URL or a long enough secret, naming the key', () => {
    const issues = (input: unknown) => {
      try {
        parseConfig(input);
        return [];
      } catch (error) {
        return (error as ConfigError).issues.map((issue) => issue.key);
      }
    };
    expect(issues({ webhooks: { endpoints: [{ url: 'ftp://example.com', secret: SECRET }] } })).toEqual(['webhooks.endpoints.0.url']);
    expect(issues({ webhooks: { endpoints: [{ url: 'https://example.com', secret: 'short' }] } })).toEqual(['webhooks.endpoints.0.secret']);
    expect(issues({ webhooks: { endpoints: [{ url: 'https://example.com', secret: SECRET, events: ['ticket.deleted'] }] } })).toEqual(['webhooks.endpoints.0.events.0']);
    expect(parseConfig({}).webhooks).toMatchObject({ endpoints: [], maxAttempts: 12, retryBaseMs: 30_000, retryMaxMs: 21_600_000, timeoutMs: 10_000 });
  });

  it('fails the whole ticket change when its outbox rows cannot be written, and wakes no sender', async () => {
    const store = createSqliteStore({ memory: true });
    await store.migrate();
    // Every outbox row twice: the second copy's delivery id is taken, so the outbox insert fails.
    const doubling = Object.assign(Object.create(store) as typeof store, {
      createTicket: (ticket: TicketRecord, events: EventRecord[], outbox?: TicketOutbox) =>
        store.createTicket(ticket, events, outbox && ((written) => outbox(written).flatMap((row) => [row, row]))),
    });
    let woken = 0;
    const wrapped = withWebhookOutbox(doubling, parseConfig({ webhooks: { endpoints: [ENDPOINT] } }), () => new Date(), () => void woken++);
    const ticket = ticketRecord();
    await expect(wrapped.createTicket(ticket, openingEvents(ticket))).rejects.toThrow(/UNIQUE/);
    expect(await store.getTicket(ticket.id)).toBeNull();
    expect((await store.listWebhookDeliveries({}, { limit: 10 })).items).toEqual([]);
    expect(woken).toBe(0);
    await store.close();
  });

  it('marks a delivery to an endpoint no longer configured as failed without sending it', async () => {
    const store = createSqliteStore({ memory: true });
    await store.migrate();
    const ticket = ticketRecord();
    const old = parseConfig({ webhooks: { endpoints: [{ url: 'http://127.0.0.1:9/gone', secret: SECRET }] } });
    await store.enqueueWebhookDeliveries(webhookDeliveries(old, ticket, webhookHappenings(ticket, openingEvents(ticket), true), new Date()));
    const logs: string[] = [];
    const sender = startWebhookSender(store, parseConfig({ webhooks: { endpoints: [ENDPOINT], pollIntervalMs: 10 } }), () => new Date(), { log: (_level, message) => void logs.push(message) });
    await expect.poll(async () => (await store.listWebhookDeliveries({ status: 'failed' }, { limit: 10 })).items.length).toBe(1);
    await sender.stop();
    const [failed] = (await store.listWebhookDeliveries({}, { limit: 10 })).items;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'endpoint_not_configured', lastStatus: null });
    expect(logs).toEqual(['webhook delivery failed']);
    await store.close();
  });

  it('prunes delivered and failed deliveries older than keepDays when the sender starts, keeping pending ones', async () => {
    const store = createSqliteStore({ memory: true });
    await store.migrate();
    const ticket = ticketRecord();
    const config = parseConfig({ webhooks: { endpoints: [{ url: 'http://127.0.0.1:9/gone', secret: SECRET }], keepDays: 30 } });
    const rows = webhookDeliveries(config, ticket, webhookHappenings(ticket, openingEvents(ticket), true), new Date('2026-01-01T00:00:00.000Z'));
    const old = rows.map((row, index) => ({ ...row, id: `wh_old${index}`, status: 'delivered' as const }));
    const pending = rows.map((row, index) => ({ ...row, id: `wh_wait${index}`, nextAttemptAt: '2026-12-01T00:00:00.000Z' }));
    await store.enqueueWebhookDeliveries([...old, ...pending]);
    const logs: { message: string; fields?: unknown }[] = [];
    const sender = startWebhookSender(store, parseConfig({ webhooks: { endpoints: [ENDPOINT], pollIntervalMs: 10 } }), () => new Date('2026-03-01T00:00:00.000Z'), {
      log: (_level, message, fields) => void logs.push({ message, fields }),
    });
    await expect.poll(() => logs.map((line) => line.message)).toContain('webhook deliveries pruned');
    await sender.stop();
    expect(logs.find((line) => line.message === 'webhook deliveries pruned')!.fields).toEqual({ removed: 1 });
    expect((await store.listWebhookDeliveries({}, { limit: 10 })).items.map((row) => row.id)).toEqual(['wh_wait0']);
    await store.close();
  });

  it('queues what a ticket write makes when it commits, with the status it was written over', async () => {
    const store = createSqliteStore({ memory: true });
    await store.migrate();
    let woken = 0;
    const wrapped = withWebhookOutbox(store, parseConfig({ webhooks: { endpoints: [ENDPOINT] } }), () => new Date(), () => void woken++);
    const ticket = ticketRecord({ status: 'resolved' });
    await wrapped.createTicket(ticket, openingEvents(ticket));
    await wrapped.createTicket(ticket, openingEvents(ticket)); // a resend: nothing new
    const at = new Date().toISOString();
    const reopen = { id: 'ev_reopen', ticketId: ticket.id, at, actorType: 'reporter' as const, actorName: null, type: 'reopened' as const, payload: { reason: '没解决' }, internal: false };
    expect(await wrapped.updateTicket(ticket.id, { status: 'reopened', updatedAt: at }, [reopen], 'in_progress')).toBeNull(); // lost the race: nothing sent
    expect(await wrapped.updateTicket(ticket.id, { status: 'reopened', updatedAt: at }, [reopen], 'resolved')).not.toBeNull();
    const rows = (await store.listWebhookDeliveries({}, { limit: 10 })).items;
    expect(rows.map((row) => row.event).sort()).toEqual(['ticket.created', 'ticket.status_changed']);
    expect(JSON.parse(rows.find((row) => row.event === 'ticket.status_changed')!.body).data).toMatchObject({ ticket: { status: 'reopened' }, change: { from: 'resolved', to: 'reopened', reason: '没解决' } });
    expect(woken).toBe(2);
    await store.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openingEvents, testId, ticketRecord } from '../../../tests/support/tickets';
import type { EventRecord, Store, TicketOutbox, TicketRecord, WebhookDeliveryRecord } from '../store';

const AT = '2026-03-01T09:00:00.000Z';

function delivery(ticketId: string, overrides: Partial<WebhookDeliveryRecord> = {}): WebhookDeliveryRecord {
  return {
    id: testId('wh'),
    endpoint: 'http://127.0.0.1:9/hooks',
    event: 'ticket.created',
    ticketId,
    body: JSON.stringify({ ticket: ticketId }),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: AT,
    lastError: null,
    lastStatus: null,
    createdAt: AT,
    deliveredAt: null,
    ...overrides,
  };
}

/** An outbox that records the tickets it was called with and makes one row each time, with `id` when given. */
function recordingOutbox(event: string, id?: string): TicketOutbox & { calls: TicketRecord[] } {
  const calls: TicketRecord[] = [];
  const outbox = (ticket: TicketRecord) => {
    calls.push(ticket);
    return [delivery(ticket.id, { event, ...(id === undefined ? {} : { id }) })];
  };
  return Object.assign(outbox, { calls });
}

function statusEvent(ticketId: string, from: string, to: string): EventRecord {
  return { id: testId('ev'), ticketId, at: AT, actorType: 'operator', actorName: 'alice', type: 'status_changed', payload: { from, to }, internal: false };
}

/**
 * Ticket writes with their outbox rows (`TicketOutbox`), part of the store contract: the rows
 * commit in the write's own transaction, none for a write that writes nothing, and a row that
 * cannot be written undoes the write (the other tickets of a group commit stand).
 */
export function describeOutboxContract(open: () => Promise<Store>): void {
  describe('ticket writes with their outbox rows', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const deliveries = async () => (await store.listWebhookDeliveries({}, { limit: 50 })).items;
    const ids = (rows: readonly WebhookDeliveryRecord[]) => rows.map((row) => row.id).sort();

    it('commits a new ticket and its outbox rows together, and none for a repeat', async () => {
      const ticket = ticketRecord();
      const outbox = recordingOutbox('ticket.created');
      expect(await store.createTicket(ticket, openingEvents(ticket), outbox)).toEqual({ created: true, ticketId: ticket.id });
      expect(outbox.calls.at(-1)).toEqual(ticket);
      const [row] = await deliveries();
      expect(row).toMatchObject({ ticketId: ticket.id, event: 'ticket.created', status: 'pending' });
      expect(await store.getTicket(ticket.id)).toEqual(ticket);

      // The same client id again: no ticket, so none of its rows either.
      const again = recordingOutbox('ticket.created');
      expect(await store.createTicket({ ...ticket, id: testId('tk') }, openingEvents(ticket), again)).toEqual({ created: false, ticketId: ticket.id });
      expect(ids(await deliveries())).toEqual([row!.id]);
    });

    it('writes an update’s outbox rows from the row as written, and none when its status guard loses', async () => {
      const ticket = ticketRecord({ status: 'acknowledged' });
      await store.createTicket(ticket, openingEvents(ticket));
      const outbox = recordingOutbox('ticket.status_changed');
      const updated = await store.updateTicket(ticket.id, { status: 'in_progress', assignee: 'alice', updatedAt: AT }, [statusEvent(ticket.id, 'acknowledged', 'in_progress')], 'acknowledged', outbox);
      expect(updated).toMatchObject({ status: 'in_progress', assignee: 'alice' });
      expect(outbox.calls).toEqual([updated]);
      expect((await deliveries()).map((row) => row.event)).toEqual(['ticket.status_changed']);

      const stale = recordingOutbox('ticket.status_changed');
      expect(await store.updateTicket(ticket.id, { status: 'rejected', updatedAt: AT }, [statusEvent(ticket.id, 'acknowledged', 'rejected')], 'acknowledged', stale)).toBeNull();
      expect(await store.updateTicket('tk_unknown', { status: 'closed', updatedAt: AT }, [], undefined, stale)).toBeNull();
      expect(stale.calls).toEqual([]);
      expect(await deliveries()).toHaveLength(1);
      expect((await store.getTicket(ticket.id))?.status).toBe('in_progress');
    });

    it('leaves nothing of a new ticket whose outbox row cannot be written', async () => {
      const taken = delivery('tk_other');
      await store.enqueueWebhookDeliveries([taken]);
      const ticket = ticketRecord();
      await expect(store.createTicket(ticket, openingEvents(ticket), recordingOutbox('ticket.created', taken.id))).rejects.toThrow();
      expect(await store.getTicket(ticket.id)).toBeNull();
      expect(await store.findTicketIdByClientId(ticket.clientId)).toBeNull();
      expect(await store.listEvents(ticket.id, { includeInternal: true })).toEqual([]);
      expect(await deliveries()).toEqual([taken]);
      // The client's retry, once the row can be written, creates it.
      expect(await store.createTicket(ticket, openingEvents(ticket), recordingOutbox('ticket.created'))).toEqual({ created: true, ticketId: ticket.id });
      expect(await deliveries()).toHaveLength(2);
    });

    it('leaves an update undone when its outbox row cannot be written', async () => {
      const taken = delivery('tk_other');
      await store.enqueueWebhookDeliveries([taken]);
      const ticket = ticketRecord({ status: 'acknowledged' });
      await store.createTicket(ticket, openingEvents(ticket));
      const change = { status: 'in_progress', updatedAt: AT } as const;
      await expect(
        store.updateTicket(ticket.id, change, [statusEvent(ticket.id, 'acknowledged', 'in_progress')], 'acknowledged', recordingOutbox('ticket.status_changed', taken.id)),
      ).rejects.toThrow();
      expect(await store.getTicket(ticket.id)).toEqual(ticket);
      expect((await store.listEvents(ticket.id, { includeInternal: true })).map((event) => event.type)).toEqual(['submitted', 'acknowledged']);
      expect(await deliveries()).toEqual([taken]);
    });

    it('fails only the ticket whose outbox row cannot be written when tickets are created together', async () => {
      const taken = delivery('tk_other');
      await store.enqueueWebhookDeliveries([taken]);
      const tickets = [0, 1, 2].map(() => ticketRecord({ createdAt: AT, submittedAt: AT, updatedAt: AT, category: 'payment' }));
      // Asked in one turn of the event loop: one group commit on both engines.
      const outcomes = await Promise.allSettled(
        tickets.map((ticket, index) => store.createTicket(ticket, openingEvents(ticket), recordingOutbox('ticket.created', index === 1 ? taken.id : undefined))),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await store.getTicket(tickets[1]!.id)).toBeNull();
      for (const index of [0, 2]) expect(await store.getTicket(tickets[index]!.id)).toEqual(tickets[index]);
      const rows = await deliveries();
      expect(rows.map((row) => row.ticketId).sort()).toEqual([tickets[0]!.id, tickets[2]!.id, 'tk_other'].sort());
      // The daily roll-ups count the two tickets that stand, not the one undone.
      const stats = await store.stats({ from: '2026-02-28T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' }, AT);
      expect(stats.total).toBe(2);
      expect(stats.byCategory).toEqual([{ category: 'payment', count: 2 }]);
    });
  });
}

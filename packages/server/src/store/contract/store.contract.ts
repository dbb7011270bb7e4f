import { isOpen } from '@fankui/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openingEvents, testId, ticketRecord } from '../../../tests/support/tickets';
import { InvalidCursorError, encodeCursor } from '../shared/cursor';
import { describeAlertContract } from './alerts.contract';
import { describeOutboxContract } from './outbox.contract';
import { describeSubscriptionContract } from './subscriptions.contract';
import { minutesBetween } from '../shared/derived';
import { HOT_KEYWORDS_LIMIT, compareText, percentileOffset } from '../shared/stats-assemble';
import {
  ClientIdConflictError,
  PURGED_REPORTER_ID,
  type DeflectionRecord,
  type EventRecord,
  type StatsRecord,
  type Store,
  type TicketFilter,
  type TicketRecord,
} from '../store';

/** A place that outlives a store: each `open()` sees what the previous store wrote. */
export interface PersistentLocation {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

export interface StoreContractOptions {
  /** Enables the close-then-reopen test. */
  persistent?: () => Promise<PersistentLocation>;
}

/** Strings that break naive SQL, LIKE patterns, JSON or placeholders if anything builds SQL. */
const NASTY = [
  "'; DROP TABLE tickets; --",
  '" OR 1=1 --',
  "\\'",
  '%_%',
  '$1 $2 ?',
  ':name @name',
  'back\\slash\\',
  'tab\tnew\nline\r',
  '\u2028\u2029',
  '😀 中文，标点！',
  'NULL',
  '</script>',
] as const;

const DAY_MS = 86_400_000;

/**
 * The behaviour every `Store` implementation must have. Call it from a test file with a
 * function that opens a fresh, empty, migrated store each time.
 *
 * @example describeStoreContract('sqlite (memory)', async () => createSqliteStore({ memory: true }));
 */
export function describeStoreContract(name: string, open: () => Promise<Store>, options: StoreContractOptions = {}): void {
  describe(`Store contract: ${name}`, () => {
    describeAlertContract(open);
    describeSubscriptionContract(open);
    describeOutboxContract(open);
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    async function create(overrides: Partial<TicketRecord> = {}, extraEvents: EventRecord[] = []): Promise<TicketRecord> {
      const ticket = ticketRecord(overrides);
      const result = await store.createTicket(ticket, [...openingEvents(ticket), ...extraEvents]);
      expect(result).toEqual({ created: true, ticketId: ticket.id });
      return ticket;
    }

    async function allTickets(filter: TicketFilter = {}): Promise<TicketRecord[]> {
      const tickets: TicketRecord[] = [];
      for await (const ticket of store.iterateTickets(filter)) tickets.push(ticket);
      return tickets;
    }

    describe('health', () => {
      it('answers ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('migrates twice without changing anything', async () => {
        const ticket = await create();
        await store.migrate();
        await store.migrate();
        expect(await store.getTicket(ticket.id)).toEqual(ticket);
        await create();
        expect(await allTickets()).toHaveLength(2);
      });
    });

    describe('createTicket', () => {
      it('stores the ticket and its first events exactly as given', async () => {
        const ticket = await create({
          category: 'payment',
          contact: { phone: '13800138000' },
          attachments: ['a1', 'a2'],
          answers: { category: 'payment', subtypes: ['x', 'y'], amount: 199.5, nested: { deep: [1, null, true] } },
          team: 'risk',
        });
        expect(await store.getTicket(ticket.id)).toEqual(ticket);
        const typedIn = await create({ reporterId: 'channel:phone:x', channel: 'phone', team: null });
        expect(await store.getTicket(typedIn.id)).toEqual(typedIn);
        const events = await store.listEvents(ticket.id, { includeInternal: true });
        expect(events.map((event) => event.type)).toEqual(['submitted', 'acknowledged']);
      });

      it('returns null for an unknown ticket', async () => {
        expect(await store.getTicket('nope')).toBeNull();
      });

      it('answers a repeated client id from the same reporter with the first ticket', async () => {
        const first = await create();
        const again = ticketRecord({ clientId: first.clientId, reporterId: first.reporterId });
        expect(await store.createTicket(again, openingEvents(again))).toEqual({ created: false, ticketId: first.id });
        // A retry of the very same record (same ticket id) is a duplicate too, not an error.
        expect(await store.createTicket(first, openingEvents(first))).toEqual({ created: false, ticketId: first.id });
        expect(await store.getTicket(again.id)).toBeNull();
        expect(await store.listEvents(first.id, { includeInternal: true })).toHaveLength(2);
        expect(await allTickets()).toHaveLength(1);
      });

      it('refuses a client id that belongs to another reporter', async () => {
        const first = await create({ reporterId: 'reporter-a' });
        const other = ticketRecord({ clientId: first.clientId, reporterId: 'reporter-b' });
        await expect(store.createTicket(other, openingEvents(other))).rejects.toBeInstanceOf(ClientIdConflictError);
        expect(await allTickets()).toEqual([first]);
      });

      it('finds a ticket and its reporter by client id, verbatim', async () => {
        const first = await create({ reporterId: 'reporter-a' });
        expect(await store.findTicketIdByClientId(first.clientId)).toEqual({ ticketId: first.id, reporterId: 'reporter-a' });
        expect(await store.findTicketIdByClientId(testId('client'))).toBeNull();
        expect(await store.findTicketIdByClientId(first.clientId.toUpperCase())).toBeNull();
        for (const nasty of NASTY) expect(await store.findTicketIdByClientId(nasty), nasty).toBeNull();
        const odd = await create({ clientId: NASTY[0], reporterId: 'reporter-b' });
        expect(await store.findTicketIdByClientId(NASTY[0])).toEqual({ ticketId: odd.id, reporterId: 'reporter-b' });
      });

      it('creates exactly once under 20 concurrent calls with one client id', async () => {
        const clientId = testId('client');
        const attempts = Array.from({ length: 20 }, () => ticketRecord({ clientId }));
        const results = await Promise.all(attempts.map((ticket) => store.createTicket(ticket, openingEvents(ticket))));
        expect(results.filter((result) => result.created)).toHaveLength(1);
        const winner = results.find((result) => result.created)?.ticketId;
        expect(results.every((result) => result.ticketId === winner)).toBe(true);
        expect((await allTickets()).map((ticket) => ticket.id)).toEqual([winner]);
        expect(await store.listEvents(winner as string, { includeInternal: true })).toHaveLength(2);
      });

      it('keeps concurrent creates of different tickets independent', async () => {
        const tickets = Array.from({ length: 30 }, (_, index) => ticketRecord({ reporterId: `r${index % 3}` }));
        const conflicting = ticketRecord({ clientId: tickets[0]?.clientId, reporterId: 'intruder' });
        const outcomes = await Promise.allSettled([
          ...tickets.map((ticket) => store.createTicket(ticket, openingEvents(ticket))),
          store.createTicket(conflicting, openingEvents(conflicting)),
        ]);
        expect(outcomes.slice(0, 30).every((outcome) => outcome.status === 'fulfilled')).toBe(true);
        expect(outcomes[30]).toMatchObject({ status: 'rejected', reason: expect.any(ClientIdConflictError) });
        expect(await allTickets()).toHaveLength(30);
      });

      it('refuses a ticket or event whose timestamp is not a date with a RangeError, and only that ticket', async () => {
        const tickets = Array.from({ length: 6 }, () => ticketRecord());
        const badTicket = ticketRecord({ resolvedAt: 'not a date' });
        const badEvent = ticketRecord();
        const badEvents = openingEvents(badEvent);
        badEvents[1] = { ...badEvents[1]!, at: '2026-13-45T99:00:00Z' };
        const outcomes = await Promise.allSettled([
          ...tickets.slice(0, 3).map((ticket) => store.createTicket(ticket, openingEvents(ticket))),
          store.createTicket(badTicket, openingEvents(badTicket)),
          store.createTicket(badEvent, badEvents),
          ...tickets.slice(3).map((ticket) => store.createTicket(ticket, openingEvents(ticket))),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
        for (const outcome of outcomes.slice(3, 5)) {
          expect(outcome).toMatchObject({ reason: expect.any(RangeError) });
          expect(outcome).toMatchObject({ reason: { message: 'Invalid time value' } });
        }
        expect(await store.getTicket(badTicket.id)).toBeNull();
        expect(await store.getTicket(badEvent.id)).toBeNull();
        expect(await allTickets()).toHaveLength(6);
        const range = { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
        expect(await store.stats(range, '2026-03-05T00:00:00.000Z')).toEqual(expectedStats(tickets, [], range, '2026-03-05T00:00:00.000Z'));
      });
    });

    describe('updateTicket', () => {
      it('applies the change and appends the events in one step', async () => {
        const ticket = await create();
        const updated = await store.updateTicket(
          ticket.id,
          {
            status: 'in_progress',
            priority: 'high',
            category: 'payment',
            assignee: 'alice',
            firstRespondedAt: '2026-03-01T08:30:00.000Z',
            updatedAt: '2026-03-01T08:30:00.000Z',
          },
          [statusEvent(ticket.id, 'submitted', 'in_progress', '2026-03-01T08:30:00.000Z')],
        );
        const expected = {
          ...ticket,
          status: 'in_progress',
          priority: 'high',
          category: 'payment',
          assignee: 'alice',
          firstRespondedAt: '2026-03-01T08:30:00.000Z',
          updatedAt: '2026-03-01T08:30:00.000Z',
        };
        expect(updated).toEqual(expected);
        expect(await store.getTicket(ticket.id)).toEqual(expected);
        const events = await store.listEvents(ticket.id, { includeInternal: true });
        expect(events.map((event) => event.type)).toEqual(['submitted', 'acknowledged', 'status_changed']);
      });

      it('sets nullable fields to null and leaves unmentioned fields alone', async () => {
        const ticket = await create({ assignee: 'alice', category: 'payment', ratingComment: 'x', team: 'risk', channel: 'email' });
        const updated = await store.updateTicket(ticket.id, { assignee: null, category: null, team: null, updatedAt: ticket.updatedAt }, []);
        expect(updated).toEqual({ ...ticket, assignee: null, category: null, team: null });
      });

      it('moves a ticket to another team, and the team filter follows', async () => {
        const ticket = await create({ team: 'support' });
        expect((await store.updateTicket(ticket.id, { team: 'risk', updatedAt: ticket.updatedAt }, []))?.team).toBe('risk');
        expect((await store.listTickets({ team: 'risk' }, { limit: 10 })).items.map((item) => item.id)).toEqual([ticket.id]);
        expect((await store.listTickets({ team: 'support' }, { limit: 10 })).items).toEqual([]);
        expect((await store.updateTicket(ticket.id, { priority: 'high', updatedAt: ticket.updatedAt }, []))?.team).toBe('risk');
      });

      it('refuses a change when the status moved meanwhile (no lost update)', async () => {
        const ticket = await create({ status: 'acknowledged' });
        const move = (to: 'in_progress' | 'rejected') =>
          store.updateTicket(ticket.id, { status: to, updatedAt: '2026-03-01T09:00:00.000Z' }, [statusEvent(ticket.id, 'acknowledged', to)], 'acknowledged');
        const [first, second] = await Promise.all([move('in_progress'), move('rejected')]);
        expect([first, second].filter((result) => result !== null)).toHaveLength(1);
        const winner = (first ?? second) as TicketRecord;
        expect(await store.getTicket(ticket.id)).toEqual(winner);
        const events = await store.listEvents(ticket.id, { includeInternal: true });
        expect(events.filter((event) => event.type === 'status_changed')).toHaveLength(1);

        const stale = await store.updateTicket(ticket.id, { status: 'resolved', updatedAt: ticket.updatedAt }, [], 'acknowledged');
        expect(stale).toBeNull();
        expect((await store.getTicket(ticket.id))?.status).toBe(winner.status);
      });

      it('returns null for an unknown ticket', async () => {
        expect(await store.updateTicket('nope', { status: 'closed', updatedAt: '2026-03-01T09:00:00.000Z' }, [])).toBeNull();
      });

      it('counts unread replies atomically and resets them', async () => {
        const ticket = await create();
        const at = ticket.createdAt;
        await Promise.all([1, 2, 3].map(() => store.updateTicket(ticket.id, { unread: 'increment', updatedAt: at }, [])));
        expect((await store.getTicket(ticket.id))?.unread).toBe(3);
        expect((await store.updateTicket(ticket.id, { unread: 0, updatedAt: at }, []))?.unread).toBe(0);
      });

      it('increments the reopen count', async () => {
        const ticket = await create({ status: 'resolved', resolvedAt: '2026-03-01T10:00:00.000Z' });
        const change = { status: 'reopened', resolvedAt: null, reopenCount: 'increment', updatedAt: ticket.updatedAt } as const;
        expect((await store.updateTicket(ticket.id, change, [], 'resolved'))?.reopenCount).toBe(1);
        await store.updateTicket(ticket.id, { status: 'resolved', resolvedAt: '2026-03-02T10:00:00.000Z', updatedAt: ticket.updatedAt }, []);
        expect((await store.updateTicket(ticket.id, change, [], 'resolved'))?.reopenCount).toBe(2);
      });
    });

    describe('listEvents', () => {
      it('lists oldest first, keeps insertion order within one instant, and hides internal events', async () => {
        const ticket = await create();
        const later = '2026-03-01T09:00:00.000Z';
        const earlier = '2026-03-01T08:30:00.000Z';
        await store.updateTicket(ticket.id, { updatedAt: later }, [
          { ...noteEvent(ticket.id, later), id: testId('e'), type: 'message', internal: false, payload: { body: 'b' } },
          noteEvent(ticket.id, later),
          { ...noteEvent(ticket.id, later), id: testId('e'), type: 'message', internal: false, payload: { body: 'c' } },
        ]);
        await store.updateTicket(ticket.id, { updatedAt: later }, [
          { ...noteEvent(ticket.id, earlier), id: testId('e'), type: 'message', internal: false, payload: { body: 'a' } },
        ]);
        const all = await store.listEvents(ticket.id, { includeInternal: true });
        expect(all.map((event) => [event.type, event.payload.body ?? null])).toEqual([
          ['submitted', null],
          ['acknowledged', null],
          ['message', 'a'],
          ['message', 'b'],
          ['note', 'internal'],
          ['message', 'c'],
        ]);
        const visible = await store.listEvents(ticket.id, { includeInternal: false });
        expect(visible.map((event) => event.payload.body ?? null)).toEqual([null, null, 'a', 'b', 'c']);
        expect(visible.every((event) => !event.internal)).toBe(true);
      });
    });

    describe('listTickets', () => {
      async function seedVaried(): Promise<TicketRecord[]> {
        const statuses = ['submitted', 'acknowledged', 'in_progress', 'resolved', 'closed', 'reopened', 'rejected'] as const;
        const priorities = ['high', 'medium', 'low'] as const;
        const categories = ['payment', 'crash', null, 'account'] as const;
        const texts = ['支付失败 扣款 199 元', '打开就闪退', '100% 满意', 'a_b c', "it's \"quoted\" back\\slash", '扣款未到账'];
        const tickets: TicketRecord[] = [];
        for (let index = 0; index < 42; index += 1) {
          const createdAt = new Date(Date.parse('2026-03-01T00:00:00.000Z') + (index % 14) * 3_600_000 * 7).toISOString();
          const status = statuses[index % statuses.length] as (typeof statuses)[number];
          tickets.push(
            ticketRecord({
              id: `t${((index * 17) % 42).toString().padStart(2, '0')}-${testId('v')}`,
              reporterId: index % 3 === 0 ? 'reporter-b' : 'reporter-a',
              status,
              priority: priorities[index % 3] as (typeof priorities)[number],
              category: categories[index % 4] as (typeof categories)[number],
              assignee: index % 5 === 0 ? 'alice' : index % 5 === 1 ? 'bob' : null,
              team: index % 3 === 1 ? 'risk' : index % 3 === 2 ? 'support' : null,
              channel: index % 7 === 3 ? 'phone' : index % 11 === 4 ? 'email' : 'app',
              searchText: texts[index % texts.length] as string,
              createdAt,
              firstResponseDueAt: new Date(Date.parse(createdAt) + 3_600_000).toISOString(),
              resolutionDueAt: new Date(Date.parse(createdAt) + DAY_MS).toISOString(),
              firstRespondedAt: index % 4 === 0 ? new Date(Date.parse(createdAt) + 60_000).toISOString() : null,
              resolvedAt: status === 'resolved' || status === 'closed' ? new Date(Date.parse(createdAt) + 7_200_000).toISOString() : null,
            }),
          );
        }
        await Promise.all(tickets.map((ticket) => store.createTicket(ticket, openingEvents(ticket))));
        return tickets;
      }

      const filters: Record<keyof TicketFilter, TicketFilter> = {
        reporterId: { reporterId: 'reporter-b' },
        status: { status: 'in_progress' },
        priority: { priority: 'high' },
        category: { category: 'payment' },
        assignee: { assignee: 'alice' },
        team: { team: 'risk' },
        teams: { teams: ['risk', 'support'] },
        channel: { channel: 'phone' },
        overdueAt: { overdueAt: '2026-03-02T12:00:00.000Z' },
        text: { text: '扣款' },
        from: { from: '2026-03-02T00:00:00.000Z' },
        to: { to: '2026-03-03T06:00:00.000Z' },
      };

      it('applies every filter alone and in every pair, newest first', async () => {
        const tickets = await seedVaried();
        const cases: TicketFilter[] = [{}, ...Object.values(filters)];
        const keys = Object.keys(filters) as (keyof TicketFilter)[];
        for (const [i, a] of keys.entries()) for (const b of keys.slice(i + 1)) cases.push({ ...filters[a], ...filters[b] });
        cases.push({ ...filters.reporterId, ...filters.status, ...filters.from, ...filters.to, ...filters.text });
        // The values with a statement of their own: no team, and the app channel (NULL in the stores).
        const variants: TicketFilter[] = [{ team: null }, { channel: 'app' }, { team: null, channel: 'app' }, { team: null, ...filters.status }, { channel: 'app', ...filters.team }];
        cases.push(...variants, { teams: [] }, { teams: ['risk'] }, { teams: ['nobody'] });
        for (const filter of cases) {
          const expected = expectedList(tickets, filter).map((ticket) => ticket.id);
          const page = await store.listTickets(filter, { limit: 100 });
          expect(page.items.map((ticket) => ticket.id), JSON.stringify(filter)).toEqual(expected);
          expect(page.nextCursor).toBeNull();
        }
        // The seed is rich enough that every single filter selects some but not all rows.
        for (const filter of [...Object.values(filters), ...variants]) {
          const count = expectedList(tickets, filter).length;
          expect(count, JSON.stringify(filter)).toBeGreaterThan(0);
          expect(count, JSON.stringify(filter)).toBeLessThan(tickets.length);
        }
      });

      it('matches text literally: Chinese substrings and LIKE metacharacters', async () => {
        const texts = ['100% 满意', '100 满意', 'a_b', 'axb', 'back\\slash', "it's", 'say "hi"', '支付失败，扣款成功', 'abc'];
        const byText = new Map<string, string>();
        for (const searchText of texts) byText.set(searchText, (await create({ searchText })).id);
        const cases: [string, string[]][] = [
          ['%', ['100% 满意']],
          ['100%', ['100% 满意']],
          ['_', ['a_b']],
          ['a_b', ['a_b']],
          ['\\', ['back\\slash']],
          ["'", ["it's"]],
          ['"', ['say "hi"']],
          ['扣款', ['支付失败，扣款成功']],
          ['失败，扣', ['支付失败，扣款成功']],
          ['%%', []],
          ['*', []],
        ];
        for (const [text, matches] of cases) {
          const page = await store.listTickets({ text }, { limit: 50 });
          expect(page.items.map((ticket) => ticket.searchText).sort(), text).toEqual([...matches].sort());
        }
        expect(byText.size).toBe(texts.length);
      });

      it('walks every row exactly once in order through cursors, with ties on createdAt', async () => {
        const instants = ['2026-03-01T08:00:00.000Z', '2026-03-01T09:00:00.000Z', '2026-03-02T08:00:00.000Z'];
        const tickets = Array.from({ length: 23 }, (_, index) =>
          ticketRecord({ id: `p${((index * 7) % 23).toString().padStart(2, '0')}`, createdAt: instants[index % 3] as string }),
        );
        await Promise.all(tickets.map((ticket) => store.createTicket(ticket, openingEvents(ticket))));
        const expected = expectedList(tickets, {}).map((ticket) => ticket.id);
        for (const limit of [1, 4, 5, 23, 24]) {
          const seen: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const page = await store.listTickets({}, cursor === undefined ? { limit } : { limit, cursor });
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((ticket) => ticket.id));
            cursor = page.nextCursor ?? undefined;
            pages += 1;
          } while (cursor !== undefined && pages < 100);
          expect(seen, `limit ${limit}`).toEqual(expected);
          expect(pages).toBe(Math.max(1, Math.ceil(23 / limit)));
        }
        // Cursors combine with filters.
        const firstPage = await store.listTickets({ from: instants[1] }, { limit: 3 });
        const rest = await store.listTickets({ from: instants[1] }, { limit: 50, cursor: firstPage.nextCursor as string });
        expect([...firstPage.items, ...rest.items].map((ticket) => ticket.id)).toEqual(
          expectedList(tickets, { from: instants[1] }).map((ticket) => ticket.id),
        );
      });

      it('rejects cursors it did not make', async () => {
        await create();
        const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
        const garbage = [
          '',
          '!!!',
          'abc',
          'a'.repeat(2000),
          encoded(null),
          encoded([1, 2]),
          encoded(['not a date', 'x']),
          encoded(['2026-03-01T08:00:00Z', 'x']),
          encoded(['2026-03-01T08:00:00.000Z', '']),
          encoded(['2026-03-01T08:00:00.000Z', 'x', 'extra']),
          `${encodeCursor({ createdAt: '2026-03-01T08:00:00.000Z', id: 'x' })}'--`,
        ];
        for (const cursor of garbage) {
          await expect(store.listTickets({}, { limit: 10, cursor }), cursor.slice(0, 40)).rejects.toBeInstanceOf(InvalidCursorError);
        }
      });

      it('iterates every matching ticket newest first, across chunk boundaries', async () => {
        const base = Date.parse('2026-03-01T00:00:00.000Z');
        const tickets = Array.from({ length: 1100 }, (_, index) =>
          ticketRecord({ createdAt: new Date(base + Math.floor(index / 3) * 60_000).toISOString(), reporterId: index % 2 ? 'a' : 'b' }),
        );
        await Promise.all(tickets.map((ticket) => store.createTicket(ticket, [])));
        expect((await allTickets()).map((ticket) => ticket.id)).toEqual(expectedList(tickets, {}).map((ticket) => ticket.id));
        expect((await allTickets({ reporterId: 'a' })).map((ticket) => ticket.id)).toEqual(
          expectedList(tickets, { reporterId: 'a' }).map((ticket) => ticket.id),
        );
        const oldest: string[] = [];
        for await (const ticket of store.iterateTickets({ reporterId: 'b' }, 'oldest')) oldest.push(ticket.id);
        expect(oldest).toEqual(expectedList(tickets, { reporterId: 'b' }).map((ticket) => ticket.id).reverse());
      });
    });

    describe('stats', () => {
      const now = '2026-03-05T00:00:00.000Z';

      async function seedKnown(): Promise<void> {
        const at = (day: number, time: string) => `2026-03-0${day}T${time}Z`;
        const known: Partial<TicketRecord>[] = [
          // A: answered and resolved in time, rated 5, closed.
          { createdAt: at(1, '08:00:00.000'), category: 'payment', priority: 'high', status: 'closed', firstResponseDueAt: at(1, '08:30:00.000'),
            firstRespondedAt: at(1, '08:10:00.000'), resolvedAt: at(1, '10:00:00.000'), ratingScore: 5, keywords: ['扣款', '支付失败'] },
          // B: answered late, reopened once, resolved again, rated 2.
          { createdAt: at(1, '09:00:00.000'), category: 'payment', priority: 'high', status: 'resolved', firstResponseDueAt: at(1, '09:30:00.000'),
            firstRespondedAt: at(1, '10:00:00.000'), resolvedAt: at(1, '13:00:00.000'), ratingScore: 2, reopenCount: 1, keywords: ['扣款'] },
          // C: answered in time, still in progress.
          { createdAt: at(2, '12:00:00.000'), category: 'crash', priority: 'medium', status: 'in_progress', firstResponseDueAt: at(2, '16:00:00.000'),
            firstRespondedAt: at(2, '12:20:00.000'), keywords: ['闪退'] },
          // D: never answered, overdue at `now`.
          { createdAt: at(2, '13:00:00.000'), category: null, priority: 'low', status: 'submitted', firstResponseDueAt: at(3, '13:00:00.000'), keywords: [] },
          // E: the last minute of the range's last day, answered after midnight, in time.
          { createdAt: at(3, '23:59:45.000'), category: 'crash', priority: 'medium', status: 'acknowledged', firstResponseDueAt: at(4, '03:59:45.000'),
            firstRespondedAt: at(4, '00:29:45.000'), keywords: ['闪退', '卡顿'] },
          // H: resolved without a reply, after the first-response due time (late), rated 4.
          { createdAt: at(3, '10:00:00.000'), category: 'account', priority: 'medium', status: 'resolved', firstResponseDueAt: at(3, '14:00:00.000'),
            resolvedAt: at(3, '15:00:00.000'), ratingScore: 4, keywords: [] },
          // Outside [03-01, 03-04): exactly at the exclusive end, and just before the start.
          { createdAt: at(4, '00:00:00.000'), category: 'crash', keywords: ['闪退'] },
          { createdAt: '2026-02-28T23:59:59.999Z', category: 'payment', keywords: ['扣款'] },
        ];
        for (const overrides of known) await create(overrides);
        const deflection = (at: string): DeflectionRecord => ({ id: testId('d'), reporterId: 'r', articleId: 'refund-help', category: 'payment', at });
        await store.recordDeflection(deflection(at(1, '07:00:00.000')));
        await store.recordDeflection(deflection(at(3, '23:00:00.000')));
        await store.recordDeflection(deflection(at(4, '00:00:00.000')));
      }

      it('measures known data exactly', async () => {
        await seedKnown();
        const stats = await store.stats({ from: '2026-03-01T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' }, now);
        expect(stats).toEqual<StatsRecord>({
          total: 6,
          open: 3,
          byCategory: [
            { category: 'crash', count: 2 },
            { category: 'payment', count: 2 },
            { category: 'account', count: 1 },
            { category: null, count: 1 },
          ],
          byDay: [
            { day: '2026-03-01', category: 'payment', count: 2 },
            { day: '2026-03-02', category: 'crash', count: 1 },
            { day: '2026-03-02', category: null, count: 1 },
            { day: '2026-03-03', category: 'account', count: 1 },
            { day: '2026-03-03', category: 'crash', count: 1 },
          ],
          byPriority: [
            { priority: 'high', count: 2 },
            { priority: 'medium', count: 3 },
            { priority: 'low', count: 1 },
          ],
          firstResponse: { count: 4, p50Minutes: 20, p90Minutes: 60 },
          resolution: { count: 3, p50Minutes: 240, p90Minutes: 300 },
          slaBreaches: 3,
          ratings: { count: 3, average: 11 / 3, satisfied: 2, distribution: [0, 1, 0, 1, 1] },
          reopened: 1,
          resolvedEver: 3,
          deflections: 2,
          hotKeywords: [
            { keyword: '扣款', count: 2 },
            { keyword: '闪退', count: 2 },
            { keyword: '卡顿', count: 1 },
            { keyword: '支付失败', count: 1 },
          ],
        });
      });

      it('answers an empty range with zeros and nulls', async () => {
        await seedKnown();
        const stats = await store.stats({ from: '2025-01-01T00:00:00.000Z', to: '2025-01-02T00:00:00.000Z' }, now);
        expect(stats).toEqual(expectedStats([], [], { from: '2025-01-01T00:00:00.000Z', to: '2025-01-02T00:00:00.000Z' }, now));
        expect(stats.firstResponse).toEqual({ count: 0, p50Minutes: null, p90Minutes: null });
        expect(stats.ratings.average).toBeNull();
      });

      it('agrees with a reference computation on whole-day, partial-day and sub-day ranges, after updates', async () => {
        const deflections: DeflectionRecord[] = [];
        const base = Date.parse('2026-03-01T00:00:00.000Z');
        const categories = ['payment', 'crash', null, 'account'] as const;
        const keywordPool = ['扣款', '闪退', '卡顿', '登录', '白屏', '退款', '验证码', '广告', '客服', '隐私', '优惠券', 'crash'];
        for (let index = 0; index < 120; index += 1) {
          const createdAt = base + ((index * 7919) % (6 * 24 * 60)) * 60_000;
          const responded = index % 3 !== 0 ? createdAt + ((index * 37) % 400) * 60_000 : null;
          const resolved = index % 4 === 0 ? createdAt + ((index * 53) % 3000) * 60_000 : null;
          await create({
            createdAt: new Date(createdAt).toISOString(),
            category: categories[index % 4] as (typeof categories)[number],
            priority: (['high', 'medium', 'low'] as const)[index % 3],
            status: resolved !== null ? 'resolved' : responded !== null ? 'in_progress' : 'submitted',
            firstResponseDueAt: new Date(createdAt + 240 * 60_000).toISOString(),
            firstRespondedAt: responded === null ? null : new Date(responded).toISOString(),
            resolvedAt: resolved === null ? null : new Date(resolved).toISOString(),
            ratingScore: resolved !== null && index % 8 === 0 ? 1 + (index % 5) : null,
            reopenCount: index % 11 === 0 ? 1 : 0,
            keywords: [keywordPool[index % 12] as string, keywordPool[(index * 5) % 12] as string].filter((k, i, all) => all.indexOf(k) === i),
          });
          if (index % 6 === 0) {
            const deflection = { id: testId('d'), reporterId: 'r', articleId: 'a', category: null, at: new Date(createdAt + 1000).toISOString() };
            deflections.push(deflection);
            await store.recordDeflection(deflection);
          }
        }
        const ranges = [
          { from: '2026-03-01T00:00:00.000Z', to: '2026-03-07T00:00:00.000Z' },
          { from: '2026-03-02T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' },
          { from: '2026-03-01T13:17:00.000Z', to: '2026-03-05T09:00:00.001Z' },
          { from: '2026-03-03T01:00:00.000Z', to: '2026-03-03T23:00:00.000Z' },
          { from: '2026-03-03T20:00:00.000Z', to: '2026-03-04T04:00:00.000Z' },
          { from: '2026-02-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
        ];
        const check = async (label: string) => {
          const tickets = await allTickets();
          for (const range of ranges) {
            for (const at of ['2026-03-03T12:00:00.000Z', now]) {
              expect(await store.stats(range, at), `${label} ${JSON.stringify(range)} at ${at}`).toEqual(
                expectedStats(tickets, deflections, range, at),
              );
            }
          }
        };
        await check('as created');

        // Updates move tickets between roll-up groups and change what they contribute.
        const tickets = await allTickets();
        for (const [index, ticket] of tickets.entries()) {
          if (index % 5 === 0) {
            await store.updateTicket(ticket.id, { category: index % 2 ? 'crash' : null, priority: 'high', updatedAt: ticket.updatedAt }, []);
          } else if (index % 5 === 1 && ticket.resolvedAt === null) {
            const resolvedAt = new Date(Date.parse(ticket.createdAt) + 90 * 60_000).toISOString();
            await store.updateTicket(ticket.id, { status: 'resolved', resolvedAt, updatedAt: resolvedAt }, []);
          } else if (index % 5 === 2 && ticket.resolvedAt !== null) {
            await store.updateTicket(ticket.id, { status: 'reopened', resolvedAt: null, reopenCount: 'increment', updatedAt: ticket.updatedAt }, []);
          } else if (index % 5 === 3) {
            const firstRespondedAt = new Date(Date.parse(ticket.createdAt) + 5 * 60_000).toISOString();
            await store.updateTicket(ticket.id, { firstRespondedAt, ratingScore: 5, updatedAt: ticket.updatedAt }, []);
          } else {
            await store.updateTicket(ticket.id, { unread: 'increment', updatedAt: ticket.updatedAt }, []);
          }
        }
        await check('after updates');
        expect((await store.stats(ranges[0] as (typeof ranges)[number], now)).hotKeywords).toHaveLength(HOT_KEYWORDS_LIMIT);
      });

      it('counts concurrent creates once each, not their repeats or failures', async () => {
        const days = ['2026-03-01', '2026-03-02', '2026-03-03'];
        const make = (index: number) =>
          ticketRecord({
            reporterId: `r${index % 4}`,
            createdAt: `${days[index % 3]}T${String(8 + (index % 12)).padStart(2, '0')}:00:00.000Z`,
            category: (['payment', 'crash', null] as const)[index % 3],
            priority: (['high', 'medium', 'low'] as const)[index % 2],
            // A repeated keyword counts once, as a ticket has it once.
            keywords: index % 5 === 0 ? ['扣款', '扣款', '闪退'] : [['扣款', '卡顿', '登录'][index % 3] as string],
          });
        const earlier = Array.from({ length: 10 }, (_, index) => make(index));
        await Promise.all(earlier.map((ticket) => store.createTicket(ticket, openingEvents(ticket))));
        const fresh = Array.from({ length: 30 }, (_, index) => make(index + 10));
        // Repeats of earlier tickets and of tickets in the same turn, a client-id conflict and a bad timestamp.
        const repeats = [earlier[0]!, earlier[3]!, fresh[2]!, fresh[7]!].map((ticket) => ticketRecord({ ...make(0), clientId: ticket.clientId, reporterId: ticket.reporterId }));
        const conflicting = ticketRecord({ ...make(1), clientId: fresh[4]!.clientId, reporterId: 'intruder' });
        const invalid = ticketRecord({ ...make(2), firstRespondedAt: 'yesterday' });
        const outcomes = await Promise.allSettled(
          [...fresh.slice(0, 15), ...repeats, conflicting, invalid, ...fresh.slice(15)].map((ticket) => store.createTicket(ticket, openingEvents(ticket))),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(2);
        const tickets = await allTickets();
        expect(tickets).toHaveLength(40);
        for (const range of [
          { from: '2026-03-01T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' },
          { from: '2026-03-01T12:00:00.000Z', to: '2026-03-03T12:00:00.000Z' },
        ]) {
          expect(await store.stats(range, now), JSON.stringify(range)).toEqual(expectedStats(tickets, [], range, now));
        }
      });
    });

    describe('attachments', () => {
      it('round-trips bytes exactly and links them to a ticket', async () => {
        const bytes = new Uint8Array(70_000);
        for (let index = 0; index < bytes.length; index += 1) bytes[index] = (index * 7 + (index >> 8)) & 0xff;
        const record = { id: testId('att'), reporterId: "r'1", contentType: 'image/png', size: bytes.length, createdAt: '2026-03-01T08:00:00.000Z', ticketId: null } as const;
        const small = { ...record, id: testId('att'), contentType: 'image/webp', size: 3 } as const;
        await store.putAttachment(record, bytes);
        await store.putAttachment(small, new Uint8Array([0, 255, 0]));

        const got = await store.getAttachment(record.id);
        expect(got?.record).toEqual(record);
        expect(Buffer.compare(Buffer.from(got?.bytes ?? []), Buffer.from(bytes))).toBe(0);
        expect([...((await store.getAttachment(small.id))?.bytes ?? [])]).toEqual([0, 255, 0]);
        expect(await store.getAttachment('nope')).toBeNull();
        expect(await store.getAttachment('../../etc/passwd')).toBeNull();

        const ticket = await create({ attachments: [record.id, small.id] });
        await store.linkAttachments([record.id, small.id], ticket.id);
        await store.linkAttachments([], ticket.id);
        const records = await store.getAttachmentRecords([small.id, 'unknown', record.id, small.id]);
        expect(records).toEqual([
          { ...small, ticketId: ticket.id },
          { ...record, ticketId: ticket.id },
        ]);
        expect(await store.getAttachmentRecords([])).toEqual([]);
      });

      it('counts uploads no ticket refers to, and purges the old ones only', async () => {
        const upload = async (reporterId: string, size: number, createdAt: string) => {
          const record = { id: testId('att'), reporterId, contentType: 'image/png', size, createdAt, ticketId: null } as const;
          await store.putAttachment(record, new Uint8Array(size));
          return record.id;
        };
        const old = await upload('r1', 10, '2026-03-01T08:00:00.000Z');
        const linked = await upload('r1', 5, '2026-03-01T08:00:00.000Z');
        const others = await upload('r2', 7, '2026-03-01T08:00:00.000Z');
        const fresh = await upload('r1', 3, '2026-03-01T12:00:00.000Z');
        await store.linkAttachments([linked], (await create()).id);
        expect(await store.unattachedBytes('r1')).toEqual({ reporter: 13, total: 20 });
        expect(await store.unattachedBytes('nobody')).toEqual({ reporter: 0, total: 20 });

        expect(await store.purgeUnattachedAttachments('2026-03-01T10:00:00.000Z')).toBe(2);
        expect((await store.getAttachmentRecords([old, linked, others, fresh])).map((record) => record.id)).toEqual([linked, fresh]);
        expect(await store.getAttachment(old)).toBeNull();
        expect(await store.unattachedBytes('r1')).toEqual({ reporter: 3, total: 3 });
        expect(await store.purgeUnattachedAttachments('2026-03-01T10:00:00.000Z')).toBe(0);
      });

      it('purges the personal data of finished tickets last changed before the cutoff, once, however many run it', async () => {
        const finished = { updatedAt: '2026-03-02T08:00:00.000Z', resolvedAt: '2026-03-02T08:00:00.000Z', contact: { phone: '13900001111' } };
        const resolved = await create({ status: 'resolved', ...finished });
        const rejected = await create({ status: 'rejected', ...finished });
        const open = await create({ status: 'in_progress', updatedAt: finished.updatedAt, contact: { phone: '13900002222' } });
        const recent = await create({ status: 'closed', ...finished, updatedAt: '2026-03-20T08:00:00.000Z' });
        const photo = { id: testId('att'), reporterId: resolved.reporterId, contentType: 'image/png', size: 4, createdAt: resolved.createdAt, ticketId: null } as const;
        await store.putAttachment(photo, new Uint8Array(4));
        await store.linkAttachments([photo.id], resolved.id);

        const runs = await Promise.all([1, 2, 3].map(() => store.purgeTicketPersonalData('2026-03-10T00:00:00.000Z', '2026-03-31T00:00:00.000Z')));
        expect(runs.flat().sort()).toEqual([resolved.id, rejected.id].sort());
        const after = await store.getTicket(resolved.id);
        expect(after).toMatchObject({ status: 'resolved', priority: resolved.priority, category: resolved.category, keywords: resolved.keywords, summary: '', answers: {}, contact: null, attachments: [], reporterId: PURGED_REPORTER_ID });
        expect(after?.context).toEqual({ platform: 'weapp', sdkVersion: '0.1.0' });
        expect(await store.getAttachment(photo.id)).toBeNull();
        expect((await store.getTicket(open.id))?.contact).toEqual({ phone: '13900002222' });
        expect((await store.getTicket(recent.id))?.summary).toBe(recent.summary);
        expect(await store.purgeTicketPersonalData('2026-03-10T00:00:00.000Z', '2026-03-31T00:00:00.000Z')).toEqual([]);
      });
    });

    describe('operator tokens and deflections', () => {
      it('finds an operator token by its hash only', async () => {
        const token = { id: testId('op'), name: "Ops '; --", tokenHash: 'a'.repeat(64), createdAt: '2026-03-01T08:00:00.000Z' };
        await store.addOperatorToken(token);
        expect(await store.findOperatorToken(token.tokenHash)).toEqual({ ...token, revokedAt: null });
        expect(await store.findOperatorToken('b'.repeat(64))).toBeNull();
        expect(await store.findOperatorToken("' OR '1'='1")).toBeNull();
      });

      const day = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' };
      const countDeflections = async () => (await store.stats(day, day.to)).deflections;
      const deflection = (overrides: Partial<DeflectionRecord> = {}): DeflectionRecord => ({
        id: testId('d'),
        reporterId: 'r',
        articleId: 'refund-help',
        category: 'payment',
        at: '2026-03-01T08:00:00.000Z',
        ...overrides,
      });

      it('records a deflection once per reporter and client id: a resend writes nothing', async () => {
        const clientId = '0192f1e2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
        await store.recordDeflection(deflection({ clientId }));
        await store.recordDeflection(deflection({ clientId, articleId: 'other', at: '2026-03-01T09:00:00.000Z' }));
        expect(await countDeflections()).toBe(1);
      });

      it('keeps a client id to its reporter: the same id from another reporter is a deflection of its own', async () => {
        const clientId = '0192f1e2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
        await store.recordDeflection(deflection({ clientId, reporterId: 'r1' }));
        await store.recordDeflection(deflection({ clientId, reporterId: 'r2' }));
        await store.recordDeflection(deflection({ clientId, reporterId: 'r2' }));
        expect(await countDeflections()).toBe(2);
      });

      it('records each deflection without a client id (older clients)', async () => {
        await store.recordDeflection(deflection());
        await store.recordDeflection(deflection());
        await store.recordDeflection(deflection({ clientId: '01JD3X5V2K8Q9R7T6Y5W4Z3A2B' }));
        expect(await countDeflections()).toBe(3);
      });

      it('records exactly once under 20 concurrent calls with one client id', async () => {
        const clientId = '0192f1e2-7b3c-7d4e-8f90-a1b2c3d4e5f6';
        const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => store.recordDeflection(deflection({ clientId }))));
        expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
        expect(await countDeflections()).toBe(1);
      });
    });

    describe('console: tokens, change feed, settings', () => {
      it('lists operator tokens and stops a revoked one from authenticating', async () => {
        const first = { id: testId('op'), name: '客服小王', tokenHash: 'c'.repeat(64), createdAt: '2026-03-01T08:00:00.000Z' };
        const second = { id: testId('op'), name: '客服小李', tokenHash: 'd'.repeat(64), createdAt: '2026-03-02T08:00:00.000Z' };
        await store.addOperatorToken(second);
        await store.addOperatorToken(first);
        expect((await store.listOperatorTokens()).map((token) => token.name)).toEqual(['客服小王', '客服小李']);
        const revoked = await store.revokeOperatorToken(first.id, '2026-03-03T08:00:00.000Z');
        expect(revoked).toEqual({ ...first, revokedAt: '2026-03-03T08:00:00.000Z' });
        // A second revoke keeps the first time.
        expect((await store.revokeOperatorToken(first.id, '2026-03-04T08:00:00.000Z'))?.revokedAt).toBe('2026-03-03T08:00:00.000Z');
        expect(await store.findOperatorToken(first.tokenHash)).toBeNull();
        expect(await store.findOperatorToken(second.tokenHash)).toMatchObject({ name: '客服小李', revokedAt: null });
        expect(await store.revokeOperatorToken('op_unknown', '2026-03-03T08:00:00.000Z')).toBeNull();
        expect((await store.listOperatorTokens()).map((token) => token.revokedAt)).toEqual(['2026-03-03T08:00:00.000Z', null]);
      });

      it('feeds every event of every ticket in write order after a position', async () => {
        expect(await store.listChanges(await store.latestChange(), 10)).toEqual([]);
        const a = await create();
        const start = await store.latestChange();
        const b = await create({ createdAt: '2026-03-01T07:00:00.000Z' });
        const note: EventRecord = { id: testId('ev'), ticketId: a.id, at: '2026-03-01T09:00:00.000Z', actorType: 'operator', actorName: '客服小王', type: 'note', payload: { body: 'x' }, internal: true };
        await store.updateTicket(a.id, { updatedAt: a.updatedAt }, [note]);
        const changes = await store.listChanges(start, 10);
        expect(changes.map((change) => [change.ticketId, change.type])).toEqual([
          [b.id, 'submitted'],
          [b.id, 'acknowledged'],
          [a.id, 'note'],
        ]);
        expect(changes.at(-1)).toMatchObject({ at: '2026-03-01T09:00:00.000Z', actorType: 'operator', actorName: '客服小王' });
        expect(changes.every((change) => /^[0-9.]+$/.test(change.cursor))).toBe(true);
        expect(await store.listChanges(changes[0]!.cursor, 1)).toEqual([changes[1]]);
        expect(await store.listChanges(changes.at(-1)!.cursor, 10)).toEqual([]);
        expect(await store.listChanges(await store.latestChange(), 10)).toEqual([]);
        for (const bad of ['', 'x', '1.2.3', '-1', '99999999999999999999999']) await expect(store.listChanges(bad, 10)).rejects.toThrow(InvalidCursorError);
      });

      it('never hands out a position that a write still in flight would sort before', async () => {
        const start = await store.latestChange();
        // Writes racing each other (and, on PostgreSQL, committing in any order).
        const tickets = await Promise.all(Array.from({ length: 30 }, () => create()));
        const seen: string[] = [];
        let cursor = start;
        for (let round = 0; round < 50 && seen.length < tickets.length * 2; round++) {
          const page = await store.listChanges(cursor, 7);
          seen.push(...page.map((change) => `${change.ticketId}:${change.type}`));
          if (page.length > 0) cursor = page.at(-1)!.cursor;
        }
        expect(seen.sort()).toEqual(tickets.flatMap((ticket) => [`${ticket.id}:acknowledged`, `${ticket.id}:submitted`]).sort());
      });

      it('saves settings only over the version read, exactly once under concurrent saves, and keeps form versions', async () => {
        expect(await store.getSettings()).toBeNull();
        const form = (version: number) => ({ id: 'feedback', version, definition: { id: 'feedback', version, title: "'; --" } });
        const settings = (version: number) => ({ version, body: { sla: { v: version }, note: NASTY[0] }, updatedAt: '2026-03-01T08:00:00.000Z', updatedBy: '客服小王' });
        expect(await store.saveSettings(settings(2), null)).toBe(false); // nothing saved yet: only version 1 may be
        const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.saveSettings(settings(1), form(2))));
        expect(outcomes.filter(Boolean)).toHaveLength(1);
        expect(await store.getSettings()).toEqual(settings(1));
        expect(await store.saveSettings(settings(1), null)).toBe(false);
        expect(await store.saveSettings(settings(3), null)).toBe(false);
        expect(await store.saveSettings({ ...settings(2), updatedBy: null }, form(3))).toBe(true);
        expect(await store.getSettings()).toEqual({ ...settings(2), updatedBy: null });
        expect(await store.getFormVersion('feedback', 2)).toEqual(form(2).definition);
        expect(await store.getFormVersion('feedback', 3)).toEqual(form(3).definition);
        expect(await store.getFormVersion('feedback', 4)).toBeNull();
        expect(await store.getFormVersion('other', 2)).toBeNull();
      });
    });

    describe('SQL metacharacters', () => {
      it('stores and returns every text field verbatim', async () => {
        for (const [index, nasty] of NASTY.entries()) {
          const ticket = await create({
            id: `nasty-${index}-${testId('n')}`,
            clientId: `${nasty}-${index}`,
            reporterId: nasty,
            category: nasty,
            subtypes: [nasty, 'plain'],
            summary: nasty,
            searchText: `x${nasty}y`,
            keywords: [nasty],
            formId: nasty,
            answers: { [nasty]: nasty, list: [nasty], description: nasty },
            context: { platform: 'weapp', sdkVersion: nasty, pagePath: nasty, system: { [nasty]: nasty } },
            contact: { phone: nasty, wechat: nasty },
            assignee: nasty,
            attachments: [nasty],
            ratingComment: nasty,
          });
          expect(await store.getTicket(ticket.id)).toEqual(ticket);
          expect((await store.listTickets({ text: nasty }, { limit: 50 })).items.map((t) => t.id)).toEqual([ticket.id]);
          for (const filter of [{ reporterId: nasty }, { category: nasty }, { assignee: nasty }]) {
            expect((await store.listTickets(filter, { limit: 50 })).items.map((t) => t.id), JSON.stringify(filter)).toEqual([ticket.id]);
          }
          const event: EventRecord = { ...noteEvent(ticket.id, ticket.createdAt), actorName: nasty, payload: { body: nasty, [nasty]: [nasty] } };
          const updated = await store.updateTicket(ticket.id, { assignee: `${nasty}!`, ratingComment: nasty, updatedAt: ticket.updatedAt }, [event]);
          expect(updated?.assignee).toBe(`${nasty}!`);
          expect((await store.listEvents(ticket.id, { includeInternal: true })).at(-1)).toEqual(event);
          const token = { id: testId('op'), name: nasty, tokenHash: `${nasty}#${index}`, createdAt: ticket.createdAt };
          await store.addOperatorToken(token);
          expect(await store.findOperatorToken(token.tokenHash)).toEqual({ ...token, revokedAt: null });
        }
        expect(await allTickets()).toHaveLength(NASTY.length);
      });
    });

    if (options.persistent) {
      const openLocation = options.persistent;
      it('keeps everything across close and reopen', async () => {
        const location = await openLocation();
        try {
          const first = await location.open();
          const ticket = ticketRecord({ category: 'payment', keywords: ['扣款'] });
          await first.createTicket(ticket, openingEvents(ticket));
          const bytes = new Uint8Array([1, 2, 3, 0, 255]);
          const attachment = { id: testId('att'), reporterId: 'r', contentType: 'image/jpeg', size: 5, createdAt: ticket.createdAt, ticketId: null } as const;
          await first.putAttachment(attachment, bytes);
          const statsBefore = await first.stats({ from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }, ticket.createdAt);
          await first.close();

          const second = await location.open();
          try {
            await second.migrate();
            expect(await second.getTicket(ticket.id)).toEqual(ticket);
            expect(await second.listEvents(ticket.id, { includeInternal: true })).toHaveLength(2);
            expect([...((await second.getAttachment(attachment.id))?.bytes ?? [])]).toEqual([...bytes]);
            expect(await second.stats({ from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' }, ticket.createdAt)).toEqual(statsBefore);
            const again = ticketRecord({ clientId: ticket.clientId });
            expect(await second.createTicket(again, [])).toEqual({ created: false, ticketId: ticket.id });
          } finally {
            await second.close();
          }
        } finally {
          await location.dispose();
        }
      });
    }
  });
}

function statusEvent(ticketId: string, from: string, to: string, at = '2026-03-01T09:00:00.000Z'): EventRecord {
  return { id: testId('e'), ticketId, at, actorType: 'operator', actorName: 'alice', type: 'status_changed', payload: { from, to }, internal: false };
}

function noteEvent(ticketId: string, at: string): EventRecord {
  return { id: testId('e'), ticketId, at, actorType: 'operator', actorName: 'alice', type: 'note', payload: { body: 'internal' }, internal: true };
}

/** What `listTickets` must return, computed the obvious way. */
function expectedList(tickets: readonly TicketRecord[], filter: TicketFilter): TicketRecord[] {
  return tickets
    .filter(
      (ticket) =>
        (filter.reporterId === undefined || ticket.reporterId === filter.reporterId) &&
        (filter.status === undefined || ticket.status === filter.status) &&
        (filter.priority === undefined || ticket.priority === filter.priority) &&
        (filter.category === undefined || ticket.category === filter.category) &&
        (filter.assignee === undefined || ticket.assignee === filter.assignee) &&
        (filter.team === undefined || ticket.team === filter.team) &&
        (filter.teams === undefined || (ticket.team !== null && filter.teams.includes(ticket.team))) &&
        (filter.channel === undefined || ticket.channel === filter.channel) &&
        (filter.text === undefined || ticket.searchText.includes(filter.text)) &&
        (filter.from === undefined || ticket.createdAt >= filter.from) &&
        (filter.to === undefined || ticket.createdAt < filter.to) &&
        (filter.overdueAt === undefined || isOverdue(ticket, filter.overdueAt)),
    )
    .sort((a, b) => (a.createdAt === b.createdAt ? compareText(b.id, a.id) : a.createdAt < b.createdAt ? 1 : -1));
}

function isOverdue(ticket: TicketRecord, at: string): boolean {
  if (!isOpen(ticket.status) || ticket.resolvedAt !== null) return false;
  return (ticket.firstRespondedAt === null && ticket.firstResponseDueAt < at) || ticket.resolutionDueAt < at;
}

/** What `stats` must return, computed the obvious way (the specification, executable). */
function expectedStats(
  all: readonly TicketRecord[],
  deflections: readonly DeflectionRecord[],
  range: { from: string; to: string },
  now: string,
): StatsRecord {
  const tickets = all.filter((ticket) => ticket.createdAt >= range.from && ticket.createdAt < range.to);
  const count = <K>(key: (ticket: TicketRecord) => K) => {
    const counts = new Map<string, { key: K; count: number }>();
    for (const ticket of tickets) {
      const k = key(ticket);
      const id = JSON.stringify(k);
      counts.set(id, { key: k, count: (counts.get(id)?.count ?? 0) + 1 });
    }
    return [...counts.values()];
  };
  const firstDone = (ticket: TicketRecord) =>
    ticket.firstRespondedAt === null
      ? ticket.resolvedAt
      : ticket.resolvedAt === null || ticket.firstRespondedAt <= ticket.resolvedAt
        ? ticket.firstRespondedAt
        : ticket.resolvedAt;
  const percentiles = (values: number[]) => {
    values.sort((a, b) => a - b);
    const at = (p: number) => {
      const offset = percentileOffset(p, values.length);
      return offset === null ? null : (values[offset] as number);
    };
    return { count: values.length, p50Minutes: at(50), p90Minutes: at(90) };
  };
  const rated = tickets.filter((ticket) => ticket.ratingScore !== null);
  const keywordCounts = new Map<string, number>();
  for (const ticket of tickets) for (const keyword of new Set(ticket.keywords)) keywordCounts.set(keyword, (keywordCounts.get(keyword) ?? 0) + 1);
  return {
    total: tickets.length,
    open: tickets.filter((ticket) => isOpen(ticket.status)).length,
    byCategory: count((ticket) => ticket.category)
      .map(({ key, count }) => ({ category: key, count }))
      .sort((a, b) => b.count - a.count || compareText(a.category, b.category)),
    byDay: count((ticket) => [ticket.createdAt.slice(0, 10), ticket.category] as const)
      .map(({ key, count }) => ({ day: key[0], category: key[1], count }))
      .sort((a, b) => (a.day === b.day ? compareText(a.category, b.category) : a.day < b.day ? -1 : 1)),
    byPriority: (['high', 'medium', 'low'] as const)
      .map((priority) => ({ priority, count: tickets.filter((ticket) => ticket.priority === priority).length }))
      .filter((row) => row.count > 0),
    firstResponse: percentiles(
      tickets.flatMap((ticket) => (ticket.firstRespondedAt === null ? [] : [minutesBetween(ticket.createdAt, ticket.firstRespondedAt) as number])),
    ),
    resolution: percentiles(tickets.flatMap((ticket) => (ticket.resolvedAt === null ? [] : [minutesBetween(ticket.createdAt, ticket.resolvedAt) as number]))),
    slaBreaches: tickets.filter((ticket) => {
      const done = firstDone(ticket);
      return done === null ? ticket.firstResponseDueAt < now : done > ticket.firstResponseDueAt;
    }).length,
    ratings: {
      count: rated.length,
      average: rated.length === 0 ? null : rated.reduce((sum, ticket) => sum + (ticket.ratingScore as number), 0) / rated.length,
      satisfied: rated.filter((ticket) => (ticket.ratingScore as number) >= 4).length,
      distribution: [1, 2, 3, 4, 5].map((score) => rated.filter((ticket) => ticket.ratingScore === score).length),
    },
    reopened: tickets.filter((ticket) => ticket.reopenCount > 0).length,
    // The store remembers a resolution even after a reopen cleared resolvedAt.
    resolvedEver: tickets.filter((ticket) => ticket.resolvedAt !== null || ticket.reopenCount > 0).length,
    deflections: deflections.filter((deflection) => deflection.at >= range.from && deflection.at < range.to).length,
    hotKeywords: [...keywordCounts]
      .map(([keyword, count]) => ({ keyword, count }))
      .sort((a, b) => b.count - a.count || compareText(a.keyword, b.keyword))
      .slice(0, HOT_KEYWORDS_LIMIT),
  };
}

/**
 * What `stats` must return for `tickets` and `deflections`, computed the obvious way: for
 * store-specific tests (a migrated database) to compare with.
 */
export const referenceStats = expectedStats;

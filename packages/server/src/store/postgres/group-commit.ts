import type pg from 'pg';
import { canonicalTime } from '../shared/derived';
import { WEBHOOK_DELIVERY_COLUMNS } from '../shared/webhook-rows';
import type { EventRecord, TicketOutbox, TicketRecord, WebhookDeliveryRecord } from '../store';
import { eventArrays, ticketRouteValues, ticketValues } from './rows';
import { deliveriesUnnest, deliveryArrays } from './webhooks';

type CreateResult = { created: boolean; ticketId: string };
/** The store's one-ticket create (`CREATE_TICKET_SQL`, then the client-id lookup when it inserted nothing). */
type CreateOne = (ticket: TicketRecord, events: readonly EventRecord[], outbox?: TicketOutbox) => Promise<CreateResult>;

interface Pending {
  ticket: TicketRecord;
  events: readonly EventRecord[];
  outbox: TicketOutbox | undefined;
  resolve(result: CreateResult): void;
  reject(error: unknown): void;
}

/**
 * The types of the ticket columns in `ticketValues` order, then team and channel
 * (`ticketRouteValues`): each column goes in as one array.
 */
const TICKET_COLUMN_TYPES = [
  'text', 'text', 'text', 'text', 'text', 'text', 'jsonb', 'text', 'text', 'jsonb', 'text', 'integer', 'jsonb', 'jsonb',
  'jsonb', 'jsonb', 'text', 'timestamptz', 'timestamptz', 'timestamptz', 'timestamptz', 'timestamptz', 'timestamptz',
  'timestamptz', 'timestamptz', 'integer', 'text', 'timestamptz', 'integer', 'integer', 'boolean', 'float8', 'float8',
  'text', 'text',
] as const;
const TICKET_COLUMNS = `id, client_id, reporter_id, status, priority, category, subtypes, summary, search_text, keywords, form_id,
  form_version, answers, context, contact, attachments, assignee, submitted_at, created_at, updated_at,
  first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, rating_score,
  rating_comment, rated_at, reopen_count, unread, resolved_ever, first_response_minutes, resolution_minutes, team, channel`;
const EVENTS_AT = TICKET_COLUMN_TYPES.length + 1;
const KEYWORDS_AT = EVENTS_AT + 8;
const DELIVERIES_AT = KEYWORDS_AT + 2;

/**
 * `CREATE_TICKET_SQL` for many tickets in one statement (one round trip, one commit): each
 * ticket column, its events and its keywords as parallel arrays. A ticket whose client id
 * (or id) exists inserts nothing, nor do its events, keywords and outbox rows (each row
 * names its ticket in the last array); the answer lists the ids that were inserted.
 */
export const CREATE_TICKETS_SQL = `WITH input AS (
    SELECT * FROM unnest(${TICKET_COLUMN_TYPES.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})
      WITH ORDINALITY AS t (${TICKET_COLUMNS}, n)),
  ticket AS (
    INSERT INTO tickets (${TICKET_COLUMNS})
    SELECT ${TICKET_COLUMNS} FROM input ORDER BY n
    ON CONFLICT DO NOTHING
    RETURNING id, created_at),
  new_events AS (
    INSERT INTO events (id, ticket_id, at, actor_type, actor_name, type, payload, internal)
    SELECT e.id, e.ticket_id, e.at, e.actor_type, e.actor_name, e.type, e.payload, e.internal
    FROM unnest($${EVENTS_AT}::text[], $${EVENTS_AT + 1}::text[], $${EVENTS_AT + 2}::timestamptz[], $${EVENTS_AT + 3}::text[],
      $${EVENTS_AT + 4}::text[], $${EVENTS_AT + 5}::text[], $${EVENTS_AT + 6}::jsonb[], $${EVENTS_AT + 7}::boolean[])
      WITH ORDINALITY AS e (id, ticket_id, at, actor_type, actor_name, type, payload, internal, n)
    WHERE e.ticket_id IN (SELECT id FROM ticket)
    ORDER BY e.n),
  new_keywords AS (
    INSERT INTO ticket_keywords (ticket_id, keyword, created_at)
    SELECT ticket.id, k.keyword, ticket.created_at
    FROM unnest($${KEYWORDS_AT}::text[], $${KEYWORDS_AT + 1}::text[]) AS k (ticket_id, keyword) JOIN ticket ON ticket.id = k.ticket_id),
  new_deliveries AS (
    INSERT INTO webhook_deliveries (${WEBHOOK_DELIVERY_COLUMNS})
    SELECT ${WEBHOOK_DELIVERY_COLUMNS} FROM ${deliveriesUnnest(DELIVERIES_AT, `$${DELIVERIES_AT + 12}::text[]`)}
      AS d (${WEBHOOK_DELIVERY_COLUMNS}, owner)
    WHERE d.owner IN (SELECT id FROM ticket))
  SELECT id FROM ticket`;

/** A ticket's values: its columns (`ticketValues`, `ticketRouteValues`), its events, its keywords once each, its outbox rows. */
type Converted = { pending: Pending; columns: unknown[]; events: readonly EventRecord[]; keywords: string[]; deliveries: WebhookDeliveryRecord[] };

/** The statement's values for `group`: ticket columns, events, keywords, outbox rows and their tickets, each as arrays. */
function groupValues(group: readonly Converted[]): unknown[][] {
  const columns: unknown[][] = TICKET_COLUMN_TYPES.map(() => []);
  const keywordTickets: string[] = [];
  const keywords: string[] = [];
  for (const item of group) {
    item.columns.forEach((value, index) => columns[index]!.push(value));
    for (const keyword of item.keywords) {
      keywordTickets.push(item.pending.ticket.id);
      keywords.push(keyword);
    }
  }
  const deliveries = group.flatMap((item) => item.deliveries);
  const owners = group.flatMap((item) => item.deliveries.map(() => item.pending.ticket.id));
  return [...columns, ...eventArrays(group.flatMap((item) => item.events)), keywordTickets, keywords, ...deliveryArrays(deliveries), owners];
}

/**
 * Group commit for PostgreSQL: the creates requested in one turn of the event loop (a
 * batch's submissions, concurrent requests) go to the database as ONE statement, so a batch
 * of ten costs one round trip and one commit instead of ten. Each ticket still gets its
 * own answer: one the statement did not insert (a repeat, a conflict) is answered by
 * `createOne`'s lookup; should the statement fail (an outbox row with a taken id too), every
 * ticket of the group is written on its own with `createOne`, so only the failing ones fail.
 *
 * @example
 * const groupCommit = startPostgresGroupCommit(pool, createOne);
 * await Promise.all(tickets.map((ticket) => groupCommit.create(ticket, openingEvents(ticket)))); // one statement
 */
export function startPostgresGroupCommit(pool: pg.Pool, createOne: CreateOne): { create: CreateOne } {
  let queued: Pending[] = [];

  async function write(group: Pending[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [Pending];
      return createOne(only.ticket, only.events, only.outbox).then(only.resolve, only.reject);
    }
    // Converted one by one first: a record that cannot be (an invalid timestamp) fails alone.
    const converted: Converted[] = [];
    for (const pending of group) {
      try {
        const { ticket, events, outbox } = pending;
        const columns = [...ticketValues(ticket), ...ticketRouteValues(ticket)];
        for (const event of events) canonicalTime(event.at);
        converted.push({ pending, columns, events, keywords: [...new Set(ticket.keywords)], deliveries: outbox ? outbox(ticket) : [] });
      } catch (error) {
        pending.reject(error);
      }
    }
    if (converted.length === 0) return;
    let inserted: Set<string>;
    try {
      const result = await pool.query<{ id: string }>({ name: 'fankui_create_tickets', text: CREATE_TICKETS_SQL, values: groupValues(converted) });
      inserted = new Set(result.rows.map((row) => row.id));
    } catch {
      inserted = new Set();
    }
    // Not inserted: a repeat or a conflict (createOne inserts nothing again and answers it),
    // or the whole statement failed (createOne writes it alone).
    await Promise.all(
      converted.map(({ pending }) =>
        inserted.has(pending.ticket.id)
          ? pending.resolve({ created: true, ticketId: pending.ticket.id })
          : createOne(pending.ticket, pending.events, pending.outbox).then(
              // Its own id: the group statement did insert it (its answer was lost).
              (result) => pending.resolve(result.ticketId === pending.ticket.id ? { created: true, ticketId: result.ticketId } : result),
              pending.reject,
            ),
      ),
    );
  }

  return {
    create(ticket, events, outbox) {
      return new Promise((resolve, reject) => {
        if (queued.length === 0) {
          setImmediate(() => {
            const group = queued;
            queued = [];
            void write(group);
          });
        }
        queued.push({ ticket, events, outbox, resolve, reject });
      });
    },
  };
}

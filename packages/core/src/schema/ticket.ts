import { z } from 'zod';
import { LIMITS } from '../limits';
import { Answers, ContactInfo } from './form';
import { ActorTypeSchema, ClientId, Comment, LongText, PrioritySchema, ServerId, ShortText, Slug, TicketStatusSchema, Timestamp } from './primitives';

export const Actor = z
  .object({
    type: ActorTypeSchema,
    /** Display name of an operator ("客服小王"); never the reporter's identity. */
    name: ShortText.optional(),
  })
  .meta({ id: 'Actor' });

const eventBase = {
  id: ServerId,
  at: Timestamp,
  actor: Actor,
};

/** One entry of a ticket's timeline. Operator-only kinds never reach the reporter. */
export const TimelineEvent = z
  .discriminatedUnion('type', [
    z.object({ ...eventBase, type: z.literal('submitted') }),
    z.object({
      ...eventBase,
      type: z.literal('acknowledged'),
      priority: PrioritySchema,
      firstResponseDueAt: Timestamp,
      message: z.string(),
    }),
    z.object({ ...eventBase, type: z.literal('status_changed'), from: TicketStatusSchema, to: TicketStatusSchema, reason: z.string().optional() }),
    z.object({ ...eventBase, type: z.literal('message'), body: z.string(), attachments: z.array(ServerId).default([]) }),
    z.object({ ...eventBase, type: z.literal('rating'), score: z.int().min(1).max(5), comment: z.string().optional() }),
    z.object({ ...eventBase, type: z.literal('reopened'), reason: z.string() }),
    z.object({ ...eventBase, type: z.literal('priority_changed'), from: PrioritySchema, to: PrioritySchema }),
    z.object({ ...eventBase, type: z.literal('category_changed'), from: z.string().nullable(), to: z.string() }),
    z.object({ ...eventBase, type: z.literal('assigned'), assignee: z.string().nullable() }),
    z.object({ ...eventBase, type: z.literal('note'), body: z.string() }),
    // Operator-only: an operator saw a ticket's personal data unmasked.
    z.object({ ...eventBase, type: z.literal('revealed'), kinds: z.array(z.string()), reason: z.string().optional() }),
    // Operator-only: on the duplicate `into` names the ticket it joined; on that ticket `from` names the duplicate.
    z.object({ ...eventBase, type: z.literal('merged'), into: ServerId.optional(), from: ServerId.optional(), reason: z.string().optional() }),
    // Operator-only: the feedback was adopted (采纳), e.g. a suggestion taken up; webhooks send `ticket.adopted`.
    z.object({ ...eventBase, type: z.literal('adopted'), note: z.string().optional() }),
    // Operator-only: the ticket moved to another team (null: no team).
    z.object({ ...eventBase, type: z.literal('team_changed'), from: z.string().nullable(), to: z.string().nullable() }),
  ])
  .meta({ id: 'TimelineEvent' });

export const Rating = z
  .object({ score: z.int().min(1).max(5), comment: z.string().optional(), at: Timestamp })
  .meta({ id: 'Rating' });

/** A ticket as its reporter sees it in "我的反馈". */
export const TicketSummary = z
  .object({
    id: ServerId,
    /** The submission's client id, so a client can match a ticket to what it queued. */
    clientId: ClientId,
    status: TicketStatusSchema,
    priority: PrioritySchema,
    category: z.string().nullable(),
    /** The beginning of the description, for list rows. */
    summary: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    firstResponseDueAt: Timestamp,
    /** Operator replies the reporter has not seen yet. */
    unread: z.int().nonnegative(),
    /** Whether the reporter may rate now (resolved and not yet rated since). */
    canRate: z.boolean(),
    /** Whether "问题未解决" is offered now. */
    canReopen: z.boolean(),
  })
  .meta({ id: 'TicketSummary' });

/** `GET /v1/tickets/:id`: everything the reporter may see, timeline included. */
export const TicketDetail = TicketSummary.extend({
  form: z.object({ id: z.string(), version: z.int() }),
  answers: Answers,
  contact: ContactInfo.optional(),
  attachments: z.array(ServerId),
  resolvedAt: Timestamp.nullable(),
  rating: Rating.nullable(),
  timeline: z.array(TimelineEvent),
}).meta({ id: 'TicketDetail' });

export const TicketList = z
  .object({ items: z.array(TicketSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'TicketList' });

export const TicketListQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMaxSize).default(20),
});

/** `POST /v1/tickets/:id/messages`: the reporter adds information. */
export const MessageCreate = z
  .strictObject({ body: LongText, attachments: z.array(ServerId).max(LIMITS.attachmentsMaxCount).default([]) })
  .meta({ id: 'MessageCreate' });

/** `POST /v1/tickets/:id/rating`: once per resolution. */
export const RatingCreate = z
  .strictObject({ score: z.int().min(1).max(5), comment: Comment.optional() })
  .meta({ id: 'RatingCreate' });

/** `POST /v1/tickets/:id/reopen`: "问题未解决", with the reason. */
export const ReopenRequest = z.strictObject({ reason: Comment }).meta({ id: 'ReopenRequest' });

export const TicketIdParams = z.strictObject({ id: ServerId });

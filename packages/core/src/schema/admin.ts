import { z } from 'zod';
import { LIMITS } from '../limits';
import { PII_KINDS } from '../redact/redact';
import { Answers, ContactInfo } from './form';
import { Comment, LongText, PlatformSchema, PrioritySchema, ServerId, ShortText, Slug, TicketStatusSchema, Timestamp, text } from './primitives';
import { SubmissionContext } from './submission';
import { Actor, TicketDetail, TicketSummary } from './ticket';
import { TeamFilter, TeamId } from './teams';

const SlaStateSchema = z.enum(['met', 'breached', 'pending', 'at_risk']);

/**
 * How a ticket reached support: `app` through the SDK, the others typed in by an operator
 * from a phone call, an e-mail, a WeChat conversation or anything else.
 */
export const TicketChannelSchema = z.enum(['app', 'phone', 'email', 'wechat', 'other']).meta({ id: 'TicketChannel' });
/** The channels an operator may create a ticket for. */
export const OperatorChannelSchema = TicketChannelSchema.exclude(['app']);

/** The kinds of personal data core's redaction masks (phone, id_card, bank_card, email). */
export const PiiKindSchema = z.enum(PII_KINDS as unknown as ['phone', 'id_card', 'bank_card', 'email']).meta({ id: 'PiiKind' });

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Query of `GET /v1/admin/tickets`. Query strings arrive as text, hence the coercions. */
export const AdminTicketListQuery = z.strictObject({
  status: TicketStatusSchema.optional(),
  priority: PrioritySchema.optional(),
  category: Slug.optional(),
  assignee: ShortText.optional(),
  /** A team's id; `none`: tickets without a team; `mine`: those of the signed-in operator's teams. */
  team: TeamFilter.optional(),
  channel: TicketChannelSchema.optional(),
  /** `true`: only tickets assigned to the signed-in operator (their display name). */
  mine: flag.optional(),
  overdue: flag.optional(),
  q: text().trim().min(1).max(LIMITS.shortTextMaxLength).optional(),
  /** createdAt range: `from` inclusive, `to` exclusive. */
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  /** By creation time: `newest` first (default) or `oldest` first. */
  sort: z.enum(['newest', 'oldest']).default('newest'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMaxSize).default(50),
});

/**
 * A row of the operator console's ticket list. `summary` has phone, ID-card, bank-card
 * numbers and e-mail addresses masked (core's `redactPii`).
 */
export const AdminTicketSummary = TicketSummary.omit({ unread: true, canRate: true, canReopen: true })
  .extend({
    channel: TicketChannelSchema,
    platform: PlatformSchema,
    appVersion: z.string().nullable(),
    assignee: z.string().nullable(),
    /**
     * The team handling it (`RoutingSettings`); null: no team. Optional on the wire, so a
     * backend without teams (the conformance kit's admin stage) stays conformant.
     */
    team: z.string().nullable().optional(),
    firstRespondedAt: Timestamp.nullable(),
    resolvedAt: Timestamp.nullable(),
    resolutionDueAt: Timestamp,
    sla: z.object({ firstResponse: SlaStateSchema, resolution: SlaStateSchema, overdue: z.boolean() }),
  })
  .meta({ id: 'AdminTicketSummary' });

export const AdminTicketList = z
  .object({ items: z.array(AdminTicketSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminTicketList' });

/**
 * Everything about one ticket, internal notes included. Personal data in free text
 * (answers, messages, notes, reasons, comments) is masked unless `redacted` is false,
 * which only `POST …/reveal` answers (and records on the timeline). Contact details the
 * reporter gave with consent are shown as given.
 */
export const AdminTicketDetail = AdminTicketSummary.extend({
  form: TicketDetail.shape.form,
  answers: TicketDetail.shape.answers,
  contact: ContactInfo.optional(),
  context: SubmissionContext,
  attachments: TicketDetail.shape.attachments,
  rating: TicketDetail.shape.rating,
  timeline: TicketDetail.shape.timeline,
  reporter: z.string().meta({ description: 'Opaque reporter reference (a hash prefix); never the secret' }),
  /** True when personal data in this view is masked. */
  redacted: z.boolean(),
  /** The kinds of personal data found (and masked unless revealed): what a reveal would show. */
  pii: z.array(PiiKindSchema),
  /** Set when an operator merged this ticket into another as its duplicate. */
  duplicateOf: ServerId.nullable(),
}).meta({ id: 'AdminTicketDetail' });

/**
 * `POST /v1/admin/tickets`: a complaint taken by phone, e-mail or WeChat, typed in by an
 * operator. The answers are checked against the active form like a submission's; triage
 * sets the priority unless given. Nobody can sign in as its reporter.
 */
export const AdminTicketCreate = z
  .strictObject({
    channel: OperatorChannelSchema,
    answers: Answers,
    contact: ContactInfo.optional(),
    priority: PrioritySchema.optional(),
    assignee: ShortText.min(1).optional(),
    /** The team to handle it; the routing rules decide when absent, as for tickets from the app. */
    team: TeamId.optional(),
    /** The reporter's device and app when known; `platform: 'other'` otherwise. */
    context: SubmissionContext.optional(),
  })
  .meta({ id: 'AdminTicketCreate' });

/** `POST /v1/admin/tickets/:id/reveal`: why the operator needs the unmasked values (recorded). */
export const AdminReveal = z.strictObject({ reason: Comment.optional() }).meta({ id: 'AdminReveal' });

/**
 * `POST /v1/admin/tickets/:id/merge`: the ticket in the path is a duplicate of `into`. The
 * duplicate is resolved with a public reason and both timelines record the merge.
 */
export const AdminMerge = z
  .strictObject({ into: ServerId, reason: Comment.optional() })
  .meta({ id: 'AdminMerge' });

/** `POST /v1/admin/tickets/:id/adopt`: the feedback was adopted (采纳), with an optional internal note. */
export const AdminAdopt = z.strictObject({ note: Comment.optional() }).meta({ id: 'AdminAdopt' });

/** `GET /v1/admin/tickets/:id/related`. */
export const AdminRelatedQuery = z.strictObject({
  /** How far back to look from the ticket's creation, in days. */
  days: z.coerce.number().int().min(1).max(90).default(14),
  limit: z.coerce.number().int().min(1).max(20).default(10),
});

/** Tickets of the same category with similar text, most similar first. */
export const AdminRelatedTickets = z
  .object({
    items: z.array(
      AdminTicketSummary.extend({
        /** Text similarity in 0..1 (shared character pairs of the normalised text). */
        similarity: z.number().min(0).max(1),
      }),
    ),
  })
  .meta({ id: 'AdminRelatedTickets' });

/**
 * `GET /v1/admin/changes`: the change feed (long poll). Without `after` it answers at once
 * with no items and the cursor of "now"; with `after` it answers as soon as anything
 * happened since that cursor, or after `wait` seconds with no items and the same cursor.
 */
export const AdminChangesQuery = z.strictObject({
  after: z.string().regex(/^\d{1,19}(?:\.\d{1,19})?$/, 'must be a cursor from a previous answer').optional(),
  wait: z.coerce.number().int().min(0).max(30).default(25),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMaxSize).default(100),
});

/** One thing that happened to a ticket: a timeline event (internal ones included). */
export const AdminChange = z
  .object({
    ticketId: ServerId,
    /** `created` for a new ticket's first event, else the event's type. */
    kind: z.string(),
    at: Timestamp,
    actor: Actor,
  })
  .meta({ id: 'AdminChange' });

export const AdminChanges = z
  .object({
    items: z.array(AdminChange),
    /** Pass as `after` next time. */
    cursor: z.string(),
    /** True when more changes are waiting (the page was full): ask again at once. */
    more: z.boolean(),
  })
  .meta({ id: 'AdminChanges' });

/** `PATCH /v1/admin/tickets/:id`: the lifecycle is enforced on `status`. */
export const AdminTicketPatch = z
  .strictObject({
    status: TicketStatusSchema.optional(),
    priority: PrioritySchema.optional(),
    category: Slug.optional(),
    assignee: ShortText.min(1).nullable().optional(),
    /** Reassign to another team (null: none); recorded on the internal timeline. */
    team: TeamId.nullable().optional(),
    reason: text().trim().min(1).max(LIMITS.commentMaxLength).optional(),
  })
  .refine((patch) => Object.keys(patch).some((key) => key !== 'reason'), { message: 'nothing to change' })
  .meta({ id: 'AdminTicketPatch' });

/** `POST /v1/admin/tickets/:id/replies`: shown on the reporter's timeline. */
export const AdminReply = z
  .strictObject({ body: LongText, attachments: z.array(ServerId).max(LIMITS.attachmentsMaxCount).default([]) })
  .meta({ id: 'AdminReply' });

/** `POST /v1/admin/tickets/:id/notes`: internal, never shown to the reporter. */
export const AdminNote = z.strictObject({ body: LongText }).meta({ id: 'AdminNote' });

export const AdminStatsQuery = z.strictObject({
  from: Timestamp.optional(),
  to: Timestamp.optional(),
});

const percentiles = z.object({
  count: z.int().nonnegative(),
  p50Minutes: z.number().nullable(),
  p90Minutes: z.number().nullable(),
});

/** `GET /v1/admin/stats`. Rates are fractions in 0..1, null when there is nothing to divide. */
export const AdminStats = z
  .object({
    from: Timestamp,
    to: Timestamp,
    total: z.int().nonnegative(),
    open: z.int().nonnegative(),
    byCategory: z.array(z.object({ category: z.string().nullable(), count: z.int() })),
    byDay: z.array(z.object({ day: z.string(), category: z.string().nullable(), count: z.int() })),
    byPriority: z.array(z.object({ priority: PrioritySchema, count: z.int() })),
    firstResponse: percentiles,
    resolution: percentiles,
    slaBreachRate: z.number().nullable(),
    csat: z.object({
      count: z.int(),
      average: z.number().nullable(),
      satisfiedRate: z.number().nullable(),
      /** Ratings per score: `distribution[0]` counts 1 star, `distribution[4]` 5 stars. */
      distribution: z.array(z.int().nonnegative()).length(5),
    }),
    reopenRate: z.number().nullable(),
    deflections: z.int().nonnegative(),
    hotKeywords: z.array(z.object({ keyword: z.string(), count: z.int() })),
  })
  .meta({ id: 'AdminStats' });

/** The list's filters and order, every page at once. */
export const AdminExportQuery = AdminTicketListQuery.omit({ cursor: true, limit: true });

import { z } from 'zod';
import { LIMITS } from '../limits';
import { ContactInfo } from './form';
import { LongText, PrioritySchema, ServerId, ShortText, Slug, TicketStatusSchema, Timestamp, text } from './primitives';
import { TicketDetail, TicketSummary } from './ticket';

const SlaStateSchema = z.enum(['met', 'breached', 'pending', 'at_risk']);

/** Query of `GET /v1/admin/tickets`. Query strings arrive as text, hence the coercions. */
export const AdminTicketListQuery = z.strictObject({
  status: TicketStatusSchema.optional(),
  priority: PrioritySchema.optional(),
  category: Slug.optional(),
  assignee: ShortText.optional(),
  overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  q: text().trim().min(1).max(LIMITS.shortTextMaxLength).optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMaxSize).default(50),
});

/** A row of the operator console's ticket list. */
export const AdminTicketSummary = TicketSummary.omit({ unread: true, canRate: true, canReopen: true })
  .extend({
    assignee: z.string().nullable(),
    firstRespondedAt: Timestamp.nullable(),
    resolvedAt: Timestamp.nullable(),
    resolutionDueAt: Timestamp,
    sla: z.object({ firstResponse: SlaStateSchema, resolution: SlaStateSchema, overdue: z.boolean() }),
  })
  .meta({ id: 'AdminTicketSummary' });

export const AdminTicketList = z
  .object({ items: z.array(AdminTicketSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'AdminTicketList' });

/** Everything about one ticket, internal notes included. */
export const AdminTicketDetail = AdminTicketSummary.extend({
  form: TicketDetail.shape.form,
  answers: TicketDetail.shape.answers,
  contact: ContactInfo.optional(),
  attachments: TicketDetail.shape.attachments,
  rating: TicketDetail.shape.rating,
  timeline: TicketDetail.shape.timeline,
  reporter: z.string().meta({ description: 'Opaque reporter reference (a hash prefix); never the secret' }),
}).meta({ id: 'AdminTicketDetail' });

/** `PATCH /v1/admin/tickets/:id`: the lifecycle is enforced on `status`. */
export const AdminTicketPatch = z
  .strictObject({
    status: TicketStatusSchema.optional(),
    priority: PrioritySchema.optional(),
    category: Slug.optional(),
    assignee: ShortText.min(1).nullable().optional(),
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
    csat: z.object({ count: z.int(), average: z.number().nullable(), satisfiedRate: z.number().nullable() }),
    reopenRate: z.number().nullable(),
    deflections: z.int().nonnegative(),
    hotKeywords: z.array(z.object({ keyword: z.string(), count: z.int() })),
  })
  .meta({ id: 'AdminStats' });

export const AdminExportQuery = AdminTicketListQuery.omit({ cursor: true, limit: true });

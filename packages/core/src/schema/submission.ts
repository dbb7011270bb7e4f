import { z } from 'zod';
import { LIMITS } from '../limits';
import { REJECTION_CODES } from '../model';
import { ValidationIssue } from './errors';
import { Answers, ContactInfo } from './form';
import { ClientId, NetworkTypeSchema, PlatformSchema, PrioritySchema, ServerId, ShortText, Slug, Timestamp, safeRecord, text } from './primitives';

/** Where and on what a submission was made; helps operators reproduce a problem. */
export const SubmissionContext = z
  .strictObject({
    platform: PlatformSchema,
    sdkVersion: text().min(1).max(32),
    appVersion: text().max(32).optional(),
    pagePath: ShortText.optional(),
    networkType: NetworkTypeSchema.optional(),
    locale: text().max(16).optional(),
    /** Free-form device facts (brand, model, system, base library version, screen…). */
    system: safeRecord(
      text().min(1).max(LIMITS.idMaxLength),
      z.union([ShortText, z.number(), z.boolean()]),
      LIMITS.contextMaxEntries,
    ).optional(),
  })
  .meta({ id: 'SubmissionContext' });

/**
 * What the reporter agreed to. Contact details are only kept with `contact: true`; device
 * context beyond `platform`, `sdkVersion` and `locale` only with `context: true` (absent:
 * no, so submissions queued by older clients still parse and keep nothing more).
 */
export const Consent = z
  .strictObject({
    contact: z.boolean(),
    context: z.boolean().optional(),
  })
  .meta({ id: 'Consent' });

/** One piece of feedback as the client queued it. `id` is its idempotency key. */
export const Submission = z
  .strictObject({
    id: ClientId,
    createdAt: Timestamp,
    form: z.strictObject({ id: Slug, version: z.int().positive() }),
    answers: Answers,
    context: SubmissionContext,
    consent: Consent,
    contact: ContactInfo.optional(),
    attachments: z.array(ServerId).max(LIMITS.attachmentsMaxCount).default([]),
    /** The subscribe-message template ids the reporter accepted in the submit tap (wx.requestSubscribeMessage). */
    subscriptions: z.array(text().min(1).max(128)).max(3).optional(),
    /** A `wx.login` code: the server exchanges it for the reporter's openid, only to send those messages. */
    wxLoginCode: text().min(1).max(128).optional(),
  })
  .meta({ id: 'Submission' });

/**
 * How far ahead of the server's clock a submission's `createdAt` may lie: a device clock some
 * hours off is fine, a year 9999 that would sort first forever is not. There is no past
 * bound: an item may wait offline for long, and a phone whose clock reset to 1970 after a
 * flat battery still sends what its user typed (refusing it would lose that feedback).
 */
export const CREATED_AT_BOUNDS = {
  maxAheadMs: 24 * 60 * 60 * 1000,
} as const;

/**
 * Checks a submission's `createdAt` against `now`: null when it is plausible, otherwise the
 * issue a backend answers with (as a per-item `invalid_submission` rejection).
 *
 * @example createdAtIssue('9999-12-31T00:00:00Z', new Date()) // { path: 'createdAt', code: 'created_at_out_of_range', message: … }
 */
export function createdAtIssue(createdAt: string, now: Date): z.infer<typeof ValidationIssue> | null {
  const latest = now.getTime() + CREATED_AT_BOUNDS.maxAheadMs;
  if (Date.parse(createdAt) <= latest) return null;
  return {
    path: 'createdAt',
    code: 'created_at_out_of_range',
    message: `must not lie more than 24 hours after the server's clock (${new Date(latest).toISOString()})`,
  };
}

/** `POST /v1/submissions` body. Each item is validated on its own (see `parseSubmissionBatch`). */
export const SubmissionBatch = z
  .strictObject({
    submissions: z.array(Submission).min(1).max(LIMITS.batchMaxItems),
  })
  .meta({ id: 'SubmissionBatch' });

/** The envelope as the server reads it first: items stay unknown until checked one by one. */
export const SubmissionBatchEnvelope = z.strictObject({
  submissions: z.array(z.unknown()).min(1).max(LIMITS.batchMaxItems),
});

/** The SLA promise made when a ticket is acknowledged, so the client can show it at once. */
export const Acknowledgement = z
  .strictObject({
    priority: PrioritySchema,
    firstResponseDueAt: Timestamp,
    message: z.string().max(LIMITS.shortTextMaxLength),
  })
  .meta({ id: 'Acknowledgement' });

export const RejectionReason = z
  .object({
    code: z.enum(REJECTION_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  })
  .meta({ id: 'RejectionReason' });

/** One result per submitted item, in request order. */
export const SubmissionResult = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('accepted'), id: ClientId, ticketId: ServerId, ack: Acknowledgement }),
    z.object({ status: z.literal('duplicate'), id: ClientId, ticketId: ServerId }),
    z.object({
      status: z.literal('rejected'),
      /** The item's id when it was readable, null otherwise (match by position then). */
      id: z.string().max(LIMITS.idMaxLength).nullable(),
      reason: RejectionReason,
    }),
  ])
  .meta({ id: 'SubmissionResult' });

export const SubmissionBatchResponse = z
  .object({ results: z.array(SubmissionResult) })
  .meta({ id: 'SubmissionBatchResponse' });

/** `POST /v1/attachments` answer. */
export const AttachmentCreated = z
  .object({
    id: ServerId,
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    size: z.int().positive(),
  })
  .meta({ id: 'AttachmentCreated' });

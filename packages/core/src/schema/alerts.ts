import { z } from 'zod';
import { LIMITS } from '../limits';
import { Timestamp, text } from './primitives';

/**
 * Spike alerts and the known-issue notice. The server watches how many tickets each category
 * (and each triage keyword) gets in a sliding window; when one exceeds its baseline by the
 * configured factor it opens ONE alert for it (never one per ticket). While the alert is open
 * an operator may publish a short notice that apps show above the form; closing the alert
 * withdraws it.
 */

/** Longest known-issue notice, in characters: one or two lines above a phone form. */
export const NOTICE_MAX_LENGTH = 120;
/** Notices `GET /v1/config` carries at most (one per open alert). */
export const MAX_NOTICES = 10;

/** What an alert watches: a form category (`payment`) or a triage keyword (`扣款`). */
export const AlertKindSchema = z.enum(['category', 'keyword']).meta({ id: 'AlertKind' });
/** `open` until an operator closes it; a second alert for the same subject opens only after that. */
export const AlertStatusSchema = z.enum(['open', 'closed']).meta({ id: 'AlertStatus' });

/** A published known-issue notice, as operators see it. */
export const AlertNotice = z
  .object({ text: z.string(), publishedAt: Timestamp, publishedBy: z.string().nullable() })
  .meta({ id: 'AlertNotice' });

/** One spike alert: `GET /v1/admin/alerts`. */
export const AdminAlert = z
  .object({
    id: z.string(),
    kind: AlertKindSchema,
    /** The category value or the keyword. */
    subject: z.string(),
    status: AlertStatusSchema,
    /** Tickets of the subject in the window that raised the alert. */
    count: z.int().nonnegative(),
    /** The average per window over the preceding windows, then. */
    baseline: z.number().nonnegative(),
    windowMinutes: z.int().positive(),
    openedAt: Timestamp,
    closedAt: Timestamp.nullable(),
    closedBy: z.string().nullable(),
    /** The known-issue notice apps show while the alert is open; null when none is published. */
    notice: AlertNotice.nullable(),
  })
  .meta({ id: 'AdminAlert' });

export const AdminAlertList = z.object({ items: z.array(AdminAlert) }).meta({ id: 'AdminAlertList' });

/** Query of `GET /v1/admin/alerts`: newest first. */
export const AdminAlertQuery = z.strictObject({
  status: AlertStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMaxSize).default(50),
});

export const AlertIdParams = z.strictObject({ id: text().min(1).max(LIMITS.idMaxLength) });

/** `POST /v1/admin/alerts/{id}/notice`: publish (or replace) the alert's known-issue notice. */
export const AlertNoticePublish = z
  .strictObject({ text: text().trim().min(1).max(NOTICE_MAX_LENGTH) })
  .meta({ id: 'AlertNoticePublish' });

/**
 * A known-issue notice as apps receive it in `GET /v1/config`: shown above the form when
 * `category` is the one chosen, or always when `category` is null (a keyword's alert).
 * `id` is the alert's: "我知道了" records a deflection with it as `articleId`.
 */
export const KnownIssueNotice = z
  .strictObject({
    id: z.string().min(1).max(LIMITS.idMaxLength),
    category: z.string().max(LIMITS.idMaxLength).nullable(),
    text: z.string().min(1).max(NOTICE_MAX_LENGTH),
  })
  .meta({ id: 'KnownIssueNotice' });

/**
 * The domain's closed vocabularies as plain data. The zod schemas build their enums from
 * these arrays, and zod-free code (lifecycle, triage, clients) uses them directly, so each
 * list exists once.
 */

/** Ticket states; see the lifecycle in `lifecycle/lifecycle.ts`. */
export const TICKET_STATUSES = [
  'submitted',
  'acknowledged',
  'in_progress',
  'resolved',
  'closed',
  'reopened',
  'rejected',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Ordered from most to least urgent. */
export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Who caused a timeline event or a transition. */
export const ACTOR_TYPES = ['reporter', 'operator', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Where a submission came from. */
export const PLATFORMS = ['weapp', 'h5', 'web', 'alipay', 'tt', 'swan', 'qq', 'node', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** What `wx.getNetworkType` and the Network Information API report, normalised. */
export const NETWORK_TYPES = ['wifi', '2g', '3g', '4g', '5g', 'ethernet', 'none', 'unknown'] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

/** The kinds of field a form definition may hold. */
export const FIELD_KINDS = ['select', 'multiselect', 'radio', 'text', 'textarea', 'rating', 'images', 'contact'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** How a `text` field's value must look; `validateAnswers` enforces it. */
export const TEXT_FORMATS = ['plain', 'amount', 'date', 'datetime', 'phone', 'email'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

/** Ways a reporter can be reached; a `contact` field offers some of them. */
export const CONTACT_CHANNELS = ['phone', 'email', 'wechat'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Reasons a single submission in a batch is rejected (final: the client drops it). */
export const REJECTION_CODES = [
  'invalid_submission',
  'unknown_form',
  'invalid_answers',
  'attachment_not_found',
  'forbidden',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** Codes of the uniform error body `{ error: { code, message, details? } }`. */
export const ERROR_CODES = [
  'invalid_json',
  'invalid_body',
  'invalid_query',
  'body_too_large',
  'unsupported_media_type',
  /** An upload whose image structure cannot be followed, or that declares more than `LIMITS.imageMaxPixels` (422). */
  'invalid_image',
  'unauthorized',
  'not_found',
  'method_not_allowed',
  'rate_limited',
  'conflict',
  'illegal_transition',
  'actor_not_allowed',
  'internal',
  /** The store is not answering (database down or locked); see `Retry-After`. */
  'unavailable',
] as const;
/**
 * Codes only the server answers with, which devices handle by the HTTP status alone (429:
 * back off): types only, so devices carry no bytes for them (the wire schema lists them).
 */
export type ServerErrorCode = 'upload_quota_exceeded';
export type ErrorCode = (typeof ERROR_CODES)[number] | ServerErrorCode;

/** Timeline event kinds. `note`, `priority_changed`, `category_changed` and `assigned` are operator-only. */
export const TIMELINE_EVENT_TYPES = [
  'submitted',
  'acknowledged',
  'status_changed',
  'message',
  'rating',
  'reopened',
  'priority_changed',
  'category_changed',
  'assigned',
  'note',
] as const;
/**
 * Operator-only kinds that exist only on the server and in the console (a reveal of personal
 * data, a merge of duplicates, a suggestion adopted, a team reassignment): the server never sends them to a reporter, so devices need
 * neither their names nor their bytes, and they are types only.
 */
export type OperatorEventType = 'revealed' | 'merged' | 'adopted' | 'team_changed';
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number] | OperatorEventType;
export const INTERNAL_EVENT_TYPES: readonly TimelineEventType[] = ['priority_changed', 'category_changed', 'assigned', 'note'];

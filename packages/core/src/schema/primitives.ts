import { z } from 'zod';
import { FORBIDDEN_KEYS, LIMITS } from '../limits';
import { ACTOR_TYPES, NETWORK_TYPES, PLATFORMS, PRIORITIES, TICKET_STATUSES } from '../model';

/** Identifiers chosen by integrators: form ids, field ids, option values, category ids. */
export const Slug = z
  .string()
  .min(1)
  .max(LIMITS.idMaxLength)
  .regex(/^[a-z][a-z0-9_-]*$/, 'must start with a lowercase letter and hold only a-z, 0-9, _ and -')
  .refine((value) => !FORBIDDEN_KEYS.includes(value), { message: 'is a reserved name', params: { code: 'forbidden_key' } });

/**
 * A client-generated idempotency key: a UUID (any version, v7 recommended) or a ULID.
 * Both are case-insensitive by their specs: a backend compares keys in lower case
 * (`canonicalClientId`), while its answers name each item as the client sent it.
 */
export const ClientId = z
  .string()
  .regex(
    /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9A-HJKMNP-TV-Z]{26})$/i,
    'must be a UUID or a ULID',
  )
  .meta({ description: 'Client-generated idempotency key: UUID (v7 recommended) or ULID. Case-insensitive: a backend compares it in lower case', example: '0192f1e2-7b3c-7d4e-8f90-a1b2c3d4e5f6' });

/**
 * The one form a backend stores and compares a `ClientId` in.
 *
 * @example canonicalClientId('01M8TCX3SGBK1P1FB1X7MRJ3TG') // '01m8tcx3sgbk1p1fb1x7mrj3tg'
 */
export const canonicalClientId = (id: string): string => id.toLowerCase();

/** Server-generated identifiers (tickets, events, attachments). Opaque to clients. */
export const ServerId = z
  .string()
  .min(1)
  .max(LIMITS.idMaxLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'must hold only letters, digits, _ and -');

/** An instant as ISO 8601 with a timezone (`Z` or an offset). */
export const Timestamp = z.iso.datetime({ offset: true }).meta({ example: '2026-11-23T08:30:00.000Z' });

export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export const PrioritySchema = z.enum(PRIORITIES);
export const ActorTypeSchema = z.enum(ACTOR_TYPES);
export const PlatformSchema = z.enum(PLATFORMS);
export const NetworkTypeSchema = z.enum(NETWORK_TYPES);

/**
 * Any text from the wire. NUL (U+0000) is refused: PostgreSQL cannot store it in text or
 * jsonb, and no person types it.
 */
export const text = () => z.string().regex(/^[^\u0000]*$/, 'must not contain NUL (U+0000) characters');

/** Text shown to end users, in zh-CN (required) and en-US (optional, falls back to zh-CN). */
export const LocalizedText = z.strictObject({
  'zh-CN': text().min(1).max(LIMITS.shortTextMaxLength),
  'en-US': text().min(1).max(LIMITS.shortTextMaxLength).optional(),
});

/** Free text typed by a person. */
export const LongText = text().trim().min(1).max(LIMITS.longTextMaxLength);
/** A short comment (rating comment, reopen reason). */
export const Comment = text().trim().min(1).max(LIMITS.commentMaxLength);
/** Any other short string. */
export const ShortText = text().max(LIMITS.shortTextMaxLength);

/**
 * A string-keyed map from the wire. JSON.parse creates an own `__proto__` key that zod's
 * record would silently drop; this refuses it (and `constructor`, `prototype`) with the
 * `forbidden_key` code instead, and caps the number of entries.
 */
export function safeRecord<K extends z.core.$ZodType<string, string>, V extends z.core.$ZodType>(
  key: K,
  value: V,
  maxEntries: number,
) {
  return z.preprocess(
    (input, ctx) => {
      if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
        for (const forbidden of FORBIDDEN_KEYS) {
          if (Object.prototype.hasOwnProperty.call(input, forbidden)) {
            ctx.issues.push({
              code: 'custom',
              message: `key "${forbidden}" is not allowed`,
              input,
              path: [forbidden],
              params: { code: 'forbidden_key' },
            });
          }
        }
      }
      return input;
    },
    z
      .record(key, value)
      .refine((record) => Object.keys(record).length <= maxEntries, {
        message: `must have at most ${maxEntries} entries`,
        params: { code: 'too_many_entries' },
      }),
  );
}

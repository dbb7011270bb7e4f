import { z } from 'zod';
import { ServerId, Timestamp } from './primitives';
import { SubmissionContext } from './submission';
import { TicketDetail } from './ticket';

/**
 * A stored image as a reporter's export lists it: what it is and where to download it
 * (`GET /v1/attachments/{id}` with the same credentials), never the bytes themselves.
 */
export const ExportedAttachment = z
  .object({
    id: ServerId,
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    size: z.int().positive(),
    createdAt: Timestamp,
    /** The ticket it belongs to; null for an upload no submission used yet. */
    ticketId: ServerId.nullable(),
    /** Absolute path of the download, relative to the API's origin: `/v1/attachments/{id}`. */
    url: z.string(),
  })
  .meta({ id: 'ExportedAttachment' });

/**
 * One of the reporter's tickets in their export: what `GET /v1/tickets/{id}` shows (timeline
 * as they see it, contact, rating), plus the device context that was kept with it.
 */
export const ExportedTicket = TicketDetail.extend({
  context: SubmissionContext,
}).meta({ id: 'ExportedTicket' });

/** A self-help answer the reporter marked "已解决" (`POST /v1/deflections`). */
export const ExportedDeflection = z
  .object({ articleId: z.string(), category: z.string().nullable(), at: Timestamp })
  .meta({ id: 'ExportedDeflection' });

/**
 * `GET /v1/me/export`: everything the server holds of the calling reporter (PIPL's right
 * of access and portability), and nothing of anyone else. Internal operator notes are not
 * the reporter's data and are left out, as on their timelines.
 */
export const ReporterExport = z
  .object({
    exportedAt: Timestamp,
    tickets: z.array(ExportedTicket),
    attachments: z.array(ExportedAttachment),
    deflections: z.array(ExportedDeflection),
  })
  .meta({ id: 'ReporterExport' });

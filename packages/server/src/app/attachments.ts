import { LIMITS, type AttachmentCreated } from '@fankui/core';
import type { z } from 'zod';
import type { ServerId } from '@fankui/core/schema';
import type { ServerConfig } from '../config';
import { HttpError, notFound } from '../errors';
import type { Store } from '../store/store';
import { newId } from '../ids';
import { stripImageMetadata } from '../domain/image-metadata';
import { sniffImageType } from '../domain/images';
import type { AppContext, RouteHandlers } from './context';
import { readBodyBytes } from './middleware/body';

/** Room for multipart boundaries and part headers around the image. */
const MULTIPART_OVERHEAD = 16 * 1024;

const unsupported = () =>
  new HttpError(415, 'unsupported_media_type', 'Only JPEG, PNG and WebP images are accepted, checked by their content');

const unreadable = () =>
  new HttpError(422, 'invalid_image', 'The image cannot be read to its end (truncated, or bytes where none belong), so its metadata cannot be removed');

const tooLarge = (width: number, height: number) =>
  new HttpError(422, 'invalid_image', `The image declares ${width}×${height} pixels; at most ${LIMITS.imageMaxPixels} are accepted`, {
    maxPixels: LIMITS.imageMaxPixels,
  });

/**
 * The uploaded bytes: the raw body for `image/*`, or the `file` part of a multipart form
 * (what `wx.uploadFile` and browsers' FormData send). Anything else is 415.
 */
async function uploadedBytes(c: AppContext, maxBytes: number): Promise<Uint8Array> {
  const contentType = c.req.header('content-type') ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType.startsWith('image/')) return readBodyBytes(c, maxBytes);
  if (mediaType !== 'multipart/form-data') throw unsupported();
  const body = await readBodyBytes(c, maxBytes + MULTIPART_OVERHEAD);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'Content-Type': contentType } }).formData();
  } catch {
    throw new HttpError(400, 'invalid_body', 'The multipart body cannot be read');
  }
  const file = form.get('file');
  if (file === null || typeof file === 'string') throw new HttpError(400, 'invalid_body', 'Put the image in a multipart part named "file"');
  if (file.size > maxBytes) throw new HttpError(413, 'body_too_large', `The image is larger than ${maxBytes} bytes`, { maxBytes });
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * How long a client over the upload quota should wait: room comes back when its uploads are
 * submitted (at once) or purged (after the grace period), so an hour is a fair first retry.
 */
const QUOTA_RETRY_AFTER_SECONDS = 3_600;

/**
 * Refuses an upload that would put more than the configured bytes in uploads no ticket refers
 * to yet, for this reporter or for everyone: 429 `upload_quota_exceeded`. Checked before the
 * upload is stored, so concurrent uploads of one reporter can pass it together (at most by
 * what is in flight at once, which the per-reporter rate limit bounds).
 */
async function checkUploadQuota(store: Store, limits: ServerConfig['uploads'], reporterId: string, size: number): Promise<void> {
  const waiting = await store.unattachedBytes(reporterId);
  const scope =
    waiting.reporter + size > limits.reporterUnattachedBytes ? 'reporter' : waiting.total + size > limits.totalUnattachedBytes ? 'total' : null;
  if (scope === null) return;
  const limit = scope === 'reporter' ? limits.reporterUnattachedBytes : limits.totalUnattachedBytes;
  throw new HttpError(
    429,
    'upload_quota_exceeded',
    scope === 'reporter'
      ? `Your uploads not yet part of a submission reach ${limit} bytes: submit them, or wait until they expire, before uploading more`
      : 'The server holds as many uploads waiting for a submission as it allows; try again later',
    { scope, limitBytes: limit },
    { 'Retry-After': String(QUOTA_RETRY_AFTER_SECONDS) },
  );
}

/** `POST /v1/attachments` and `GET /v1/attachments/{id}`. */
export function attachmentRoutes(): RouteHandlers {
  return {
    uploadAttachment: {
      body: 'raw',
      async handle(c, _input, { domain, config }) {
        const bytes = await uploadedBytes(c, config.limits.attachmentBytes);
        if (bytes.byteLength === 0) throw new HttpError(400, 'invalid_body', 'The upload is empty');
        // The declared type and file name are the sender's claim; the bytes decide.
        const contentType = sniffImageType(bytes);
        if (!contentType) throw unsupported();
        // EXIF and friends can hold where the photo was taken: only the image is kept, and an
        // image that cannot be followed to its end is refused rather than stored unexamined.
        const image = stripImageMetadata(bytes, contentType);
        if (!image.parsed) throw unreadable();
        const { width, height } = image.dimensions;
        // Refused before anyone decodes it: a few bytes can declare gigabytes of pixels.
        if (width * height > LIMITS.imageMaxPixels) throw tooLarge(width, height);
        const stripped = image.bytes;
        await checkUploadQuota(domain.store, config.uploads, c.get('reporterId'), stripped.byteLength);
        const record = { id: newId('at'), reporterId: c.get('reporterId'), contentType, size: stripped.byteLength, createdAt: domain.now().toISOString(), ticketId: null };
        await domain.store.putAttachment(record, stripped);
        const created: AttachmentCreated = { id: record.id, contentType, size: record.size };
        return c.json(created, 201);
      },
    },
    getAttachment: {
      async handle(c, { params }, { domain }) {
        const { id } = params as { id: z.output<typeof ServerId> };
        const found = await domain.store.getAttachment(id);
        const reporterId = c.get('reporterId');
        // Operators see every attachment; a reporter only their own, and anyone else's is "not found".
        if (!found || (c.get('operator') === undefined && found.record.reporterId !== reporterId)) throw notFound('attachment');
        return c.body(found.bytes as Uint8Array<ArrayBuffer>, 200, {
          'Content-Type': found.record.contentType,
          'Content-Length': String(found.bytes.byteLength),
          'Content-Disposition': 'inline',
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'private, max-age=86400',
        });
      },
    },
  };
}

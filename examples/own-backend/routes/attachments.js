import express, { Router } from 'express';
import { LIMITS } from '@fankui/core';
import { ServerId } from '@fankui/core/schema';
import { validParams } from '../body.js';
import { HttpError, notFound } from '../errors.js';
import { newId } from '../domain.js';

/** Room for the multipart boundary and part headers around the image. */
const MULTIPART_OVERHEAD = 16 * 1024;

const unsupported = () => new HttpError(415, 'unsupported_media_type', 'Only JPEG, PNG and WebP images are accepted, checked by their content');

/**
 * `POST /v1/attachments`: one image, as the raw body (`Content-Type: image/…`) or as the
 * multipart part `file` (what `wx.uploadFile` sends). The declared type and file name are
 * the sender's claim; the magic bytes decide. The upload belongs to its reporter: only
 * they can put it on a submission or a message, and read it back.
 *
 * `GET /v1/attachments/:id`: the image, to its reporter only; anyone else gets 404.
 *
 * @param {import('../app.js').Services} services
 */
export function attachmentRoutes({ store, now, reporter }) {
  const router = Router();
  const upload = [
    express.raw({ type: 'image/*', limit: LIMITS.attachmentMaxBytes }),
    express.raw({ type: 'multipart/form-data', limit: LIMITS.attachmentMaxBytes + MULTIPART_OVERHEAD }),
  ];

  router.post('/v1/attachments', reporter, upload, async (req, res) => {
    if (!Buffer.isBuffer(req.body)) throw unsupported();
    const bytes = req.is('multipart/form-data') ? await filePart(req) : new Uint8Array(req.body);
    if (bytes.byteLength === 0) throw new HttpError(400, 'invalid_body', 'The upload is empty');
    if (bytes.byteLength > LIMITS.attachmentMaxBytes) {
      throw new HttpError(413, 'body_too_large', `The image is larger than ${LIMITS.attachmentMaxBytes} bytes`, { maxBytes: LIMITS.attachmentMaxBytes });
    }
    const contentType = sniffImageType(bytes);
    if (!contentType) throw unsupported();
    // A production backend would also strip EXIF here: photos can carry where they were taken.
    /** @type {import('../store.js').AttachmentRecord} */
    const record = { id: newId('at'), reporterId: res.locals.reporterId, contentType, size: bytes.byteLength, createdAt: now().toISOString(), ticketId: null };
    await store.putAttachment(record, bytes);
    res.status(201).json({ id: record.id, contentType, size: record.size });
  });

  router.get('/v1/attachments/:id', reporter, async (req, res) => {
    const id = validParams(ServerId, req.params.id);
    const found = await store.getAttachment(id);
    if (!found || found.record.reporterId !== res.locals.reporterId) throw notFound('attachment');
    res.set({
      'Content-Type': found.record.contentType,
      'Content-Disposition': 'inline',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=86400',
    });
    res.send(Buffer.from(found.bytes));
  });

  return router;
}

/** The `file` part of a multipart body, parsed by the platform's own FormData reader. */
async function filePart(req) {
  let form;
  try {
    form = await new Response(req.body, { headers: { 'Content-Type': req.get('content-type') } }).formData();
  } catch {
    throw new HttpError(400, 'invalid_body', 'The multipart body cannot be read');
  }
  const file = form.get('file');
  if (file === null || typeof file === 'string') throw new HttpError(400, 'invalid_body', 'Put the image in a multipart part named "file"');
  return new Uint8Array(await file.arrayBuffer());
}

const startsWith = (bytes, signature, offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

/** JPEG, PNG or WebP by their first bytes; null for anything else. */
export function sniffImageType(bytes) {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // "RIFF", four bytes of size, then "WEBP".
  if (bytes.length >= 16 && startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

import { createHash } from 'node:crypto';
import { Router } from 'express';

/**
 * `GET /v1/config`: the active form and SLA promises, so categories can change without an
 * app release. The body and its STRONG ETag (a hash of the exact bytes) are computed once;
 * clients send `If-None-Match` on every start and usually get a 304 without a body.
 *
 * @param {import('../app.js').Services} services
 */
export function configRoutes({ config }) {
  const body = JSON.stringify({ form: config.form, sla: config.sla });
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  const router = Router();
  router.get('/v1/config', (req, res) => {
    res.set({ ETag: etag, 'Cache-Control': 'no-cache' });
    if (etagMatches(req.get('if-none-match'), etag)) return res.status(304).end();
    res.type('application/json; charset=utf-8').send(body);
  });
  return router;
}

/** `If-None-Match` compares weakly (RFC 9110): `W/"x"` matches `"x"`, and `*` matches anything. */
function etagMatches(header, etag) {
  if (!header) return false;
  const opaque = (tag) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

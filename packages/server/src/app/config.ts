import { createHash } from 'node:crypto';
import type { RemoteConfig } from '@fankui/core';
import type { ServerConfig } from '../config';
import type { RouteHandlers } from './context';

/** Whether an `If-None-Match` header matches `etag`, by the weak comparison RFC 9110 asks for. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * `GET /v1/config`: the active form and SLA promises. The body and its strong ETag (a hash
 * of the exact bytes) are computed once; clients revalidate on every start
 * (`Cache-Control: no-cache`) and usually get a 304 without a body.
 */
export function configRoutes(config: ServerConfig): RouteHandlers {
  const remote: RemoteConfig = { form: config.form, sla: config.sla };
  const body = JSON.stringify(remote);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
  return {
    getConfig: {
      handle(c) {
        if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
        return c.body(body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
      },
    },
  };
}

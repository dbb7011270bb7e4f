import type { RouteHandlers } from './context';

/** Whether an `If-None-Match` header matches `etag`, by the weak comparison RFC 9110 asks for. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * `GET /v1/config`: the active form, SLA promises and self-help FAQ, as operators last saved
 * them (else the config file's), and the known-issue notices of open alerts. The body and its strong ETag (a hash of the exact bytes)
 * are computed once per saved version; clients revalidate on every start
 * (`Cache-Control: no-cache`) and usually get a 304 without a body.
 */
export function configRoutes(): RouteHandlers {
  return {
    getConfig: {
      async handle(c, _input, { domain }) {
        const { remote: settings } = await domain.settings.current();
        const remote = domain.notices.withNotices(settings, await domain.notices.current());
        const headers = { ETag: remote.etag, 'Cache-Control': 'no-cache' };
        if (etagMatches(c.req.header('if-none-match'), remote.etag)) return c.body(null, 304, headers);
        return c.body(remote.body, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
      },
    },
  };
}

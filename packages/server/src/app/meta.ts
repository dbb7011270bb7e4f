import { buildOpenApiDocument } from '@fankui/core/schema';
import { HttpError } from '../errors';
import type { RouteHandlers } from './context';

/** The protocol document's version: protocol v1 as built by this server. */
export const OPENAPI_INFO_VERSION = '1.0.0';

/** Health, readiness and the OpenAPI document. */
export function metaRoutes(): RouteHandlers {
  // Built once: the route table cannot change while the process runs.
  const openapi = JSON.stringify(buildOpenApiDocument({ version: OPENAPI_INFO_VERSION }));
  return {
    health: { handle: (c) => c.json({ status: 'ok' }) },
    ready: {
      async handle(c, _input, { domain }) {
        try {
          await domain.store.ping();
        } catch {
          throw new HttpError(503, 'internal', 'The store is not answering');
        }
        return c.json({ status: 'ready' });
      },
    },
    openapi: {
      handle: (c) => c.body(openapi, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' }),
    },
  };
}

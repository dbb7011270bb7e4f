import { buildOpenApiDocument, type ApiIndex } from '@fankui/core/schema';
import type { z } from 'zod';
import type { RouteHandlers } from './context';
import { storeUnavailable } from './middleware/errors';

/** The protocol document's version: protocol v1 as built by this server. */
export const OPENAPI_INFO_VERSION = '1.0.0';

/**
 * `GET /`: the links a person (or a tool) needs when they open the server's address. Paths,
 * not absolute URLs: the server cannot know the name it is reached by behind a proxy.
 */
const API_INDEX: z.output<typeof ApiIndex> = {
  name: 'fankui-server',
  protocol: 'v1',
  links: { health: '/healthz', ready: '/readyz', openapi: '/v1/openapi.json', config: '/v1/config' },
  docs: { protocol: 'docs/protocol/README.md', server: 'docs/server.md' },
};

/** The API root, health, readiness and the OpenAPI document. */
export function metaRoutes(): RouteHandlers {
  // Built once: the route table cannot change while the process runs.
  const openapi = JSON.stringify(buildOpenApiDocument({ version: OPENAPI_INFO_VERSION }));
  return {
    index: { handle: (c) => c.json(API_INDEX) },
    health: { handle: (c) => c.json({ status: 'ok' }) },
    ready: {
      async handle(c, _input, { domain, config }) {
        try {
          await domain.store.ping();
        } catch {
          // Whatever the cause, a store that does not answer the ping is not ready.
          throw storeUnavailable(config.storeRetryAfterSeconds);
        }
        return c.json({ status: 'ready' });
      },
    },
    openapi: {
      handle: (c) => c.body(openapi, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' }),
    },
  };
}

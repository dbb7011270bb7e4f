import { z } from 'zod';

/** `GET /healthz`, `GET /readyz`. */
export const HealthStatus = z.object({ status: z.string() }).meta({ id: 'HealthStatus' });

/**
 * `GET /`: where to go from the API root, so a person who opens the server's address finds
 * their way instead of a 404. `links` are paths on this server (they stay right behind a
 * proxy that serves it under another host name); `docs` names the written documentation,
 * which lives in the Fankui repository, not on the server. More links (an operator console)
 * may be added; clients must ignore the ones they do not know.
 */
export const ApiIndex = z
  .object({
    name: z.string().meta({ description: 'What answers: `fankui-server`, or another backend of the protocol' }),
    protocol: z.literal('v1'),
    links: z.object({
      health: z.string().meta({ description: 'Liveness, `/healthz`' }),
      ready: z.string().meta({ description: 'Readiness, `/readyz`' }),
      openapi: z.string().meta({ description: 'The OpenAPI 3.1 document of the protocol' }),
      config: z.string().meta({ description: 'The active form and SLA promises' }),
    }),
    docs: z.object({
      protocol: z.string().meta({ description: 'The protocol, in prose (a path in the Fankui repository)' }),
      server: z.string().meta({ description: 'The reference server: CLI, configuration, operator routes' }),
    }),
  })
  .meta({ id: 'ApiIndex' });

import { ROUTES, toValidationIssues, type RouteSpec } from '@fankui/core/schema';
import type { Hono } from 'hono';
import type { z } from 'zod';
import { HttpError, invalidBody, notFound } from '../errors';
import type { AppContext, AppEnv, RouteHandlers, RouteInput, Services } from './context';
import { authenticate } from './middleware/auth';
import { clientIp } from './middleware/client-ip';
import { readJsonBody } from './middleware/body';

/** `/v1/tickets/{id}` (OpenAPI) → `/v1/tickets/:id` (Hono). */
export const toHonoPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

/**
 * Registers every route of core's `ROUTES` table, and nothing else, with its handler. A
 * route without a handler, or a handler without a route, fails app creation: the server
 * and the OpenAPI document cannot drift apart.
 *
 * Per request, in order: per-IP rate limit (routes that may answer 429), authentication as
 * the route demands, per-reporter rate limit, then params (invalid → 404: such an id names
 * nothing), query (→ 400 `invalid_query`) and body (→ 400 `invalid_body`) validated with the
 * route's schemas, then the handler.
 */
export function registerRoutes(app: Hono<AppEnv>, services: Services, handlers: RouteHandlers): void {
  const known = new Set(ROUTES.map((route) => route.operationId));
  const orphans = Object.keys(handlers).filter((id) => !known.has(id));
  if (orphans.length > 0) throw new Error(`Handlers for routes that are not in ROUTES: ${orphans.join(', ')}`);
  for (const route of ROUTES) {
    const handler = handlers[route.operationId];
    if (!handler) throw new Error(`No handler for route ${route.operationId} (${route.method.toUpperCase()} ${route.path})`);
    const limited = route.responses[429] !== undefined;
    app.on(route.method.toUpperCase(), toHonoPath(route.path), async (c) => {
      c.set('route', route.path);
      if (limited) services.limiter.check('ip', clientIp(c, services.config.trustProxy));
      await authenticate(c, route.auth, services);
      const reporterId = c.get('reporterId');
      if (limited && reporterId !== undefined) services.limiter.check('reporter', reporterId);
      const input = await readInput(c, route, handler.body ?? 'schema', handler.maxBodyBytes?.(services.config) ?? services.config.limits.jsonBytes);
      return handler.handle(c, input, services, route);
    });
  }
}

async function readInput(c: AppContext, route: RouteSpec, bodyMode: 'schema' | 'json' | 'raw', maxBodyBytes: number): Promise<RouteInput> {
  const input: RouteInput = { params: undefined, query: undefined, body: undefined };
  if (route.params) {
    const parsed = route.params.safeParse(c.req.param());
    if (!parsed.success) throw notFound('resource');
    input.params = parsed.data;
  }
  if (route.query) {
    const parsed = route.query.safeParse(c.req.query());
    if (!parsed.success) throw new HttpError(400, 'invalid_query', 'The query string is invalid', toValidationIssues(parsed.error));
    input.query = parsed.data;
  }
  if (route.body && bodyMode !== 'raw') {
    const json = await readJsonBody(c, maxBodyBytes);
    if (bodyMode === 'json' || 'contentTypes' in route.body) input.body = json;
    else {
      const parsed = (route.body as z.ZodType).safeParse(json);
      if (!parsed.success) throw invalidBody(toValidationIssues(parsed.error));
      input.body = parsed.data;
    }
  }
  return input;
}

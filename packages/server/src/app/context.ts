import type { RouteSpec } from '@fankui/core/schema';
import type { Context } from 'hono';
import type { Operator } from '../auth';
import type { ServerConfig } from '../config';
import type { Domain } from '../domain/context';
import type { Logger } from '../logger';
import type { RateLimiter } from './middleware/rate-limit';

/** Per-request values the middleware sets for the handlers. */
export type AppEnv = {
  Variables: {
    requestId: string;
    /** The matched route's template (`/v1/tickets/{id}`), for logs; unset when nothing matched. */
    route: string;
    /** Set on reporter routes: `sha256(secret)` or `user:<sub>`. */
    reporterId: string;
    /** The openid a signed user token carried (subscribe messages only; never answered). */
    openid: string;
    /** Set on operator routes. */
    operator: Operator;
    /** The stable code of an error answer, for the request log. */
    errorCode: string;
  };
};

export type AppContext = Context<AppEnv>;

/** Everything a route handler may use; built once per app. */
export interface Services {
  domain: Domain;
  config: ServerConfig;
  logger: Logger;
  authenticateOperator: (token: string) => Promise<Operator | null>;
  limiter: RateLimiter;
}

/** A request's path parameters, query and body after validation with the route's schemas. */
export interface RouteInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

/**
 * The code behind one route of `ROUTES`, keyed by its `operationId`. The app validates
 * params, query and JSON body with the route's schemas before calling `handle`, unless
 * `body` says the handler reads the body itself.
 */
export interface RouteHandler {
  /**
   * `schema` (default): the JSON body validated with `route.body`;
   * `json`: parsed JSON, unvalidated (the handler validates item by item);
   * `raw`: nothing read (uploads).
   */
  body?: 'schema' | 'json' | 'raw';
  /** Body cap; defaults to `config.limits.jsonBytes`. */
  maxBodyBytes?: (config: ServerConfig) => number;
  handle(c: AppContext, input: RouteInput, services: Services, route: RouteSpec): Promise<Response> | Response;
}

export type RouteHandlers = Readonly<Record<string, RouteHandler>>;

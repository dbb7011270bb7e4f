import { Hono } from 'hono';
import { hashToken, operatorAuthenticator, type OperatorCredential } from '../auth';
import { parseConfig, type ServerConfig, type ServerConfigInput } from '../config';
import { createDomain } from '../domain/context';
import { withWebhookOutbox } from '../domain/webhooks';
import { createSubscribeService, subscribeEnabled, withSubscribeMessages } from '../domain/wechat/subscriptions';
import { createJsonLogger, type Logger } from '../logger';
import type { Store } from '../store/store';
import { adminRoutes } from './admin';
import { alertRoutes } from './alerts';
import { attachmentRoutes } from './attachments';
import { changesRoutes } from './changes';
import { configRoutes } from './config';
import { consoleRoutes } from './console';
import type { AppEnv, Services } from './context';
import { metaRoutes } from './meta';
import { privacyRoutes } from './privacy';
import { cors } from './middleware/cors';
import { onError, onNotFound } from './middleware/errors';
import { requestLogger } from './middleware/logging';
import { RateLimiter } from './middleware/rate-limit';
import { requestId } from './middleware/request-id';
import { securityHeaders } from './middleware/security-headers';
import { settingsRoutes } from './settings';
import { registerRoutes } from './register';
import { submissionRoutes } from './submissions';
import { ticketRoutes } from './tickets';
import { webhookRoutes } from './webhooks';

export interface AppOptions {
  /** An opened (and migrated) store; the caller closes it. */
  store: Store;
  /** Parsed or partial configuration; defaults fill the rest. */
  config?: ServerConfig | ServerConfigInput;
  /** Where request and error logs go; JSON lines on stdout by default (`logFile` is for `startServer`, which owns the file). */
  logger?: Logger;
  /** The clock (tests move it to make SLAs breach). */
  now?: () => Date;
  /** Aborted when the server begins to shut down: waiting requests (long polls) answer at once. */
  shutdown?: AbortSignal;
  /** Called when ticket writes queued webhook deliveries or subscribe messages (`startServer` wakes its sender). */
  webhooksQueued?: () => void;
}

/** Configured operator tokens as name + hash; plain ones are hashed here and then forgotten. */
export function operatorCredentials(config: ServerConfig): OperatorCredential[] {
  return config.operatorTokens.map((entry) => {
    if (typeof entry === 'string') return { name: 'operator', tokenHash: hashToken(entry) };
    return 'token' in entry ? { name: entry.name, tokenHash: hashToken(entry.token) } : { name: entry.name, tokenHash: entry.sha256 };
  });
}

/**
 * The HTTP app of protocol v1: a Hono app with the routes of core's `ROUTES` table and the
 * middleware around them (request ids, JSON logs, security headers, CORS, uniform errors).
 * It holds no socket: serve it with `startServer`, `@hono/node-server`, or call
 * `app.request()` directly.
 *
 * @example
 * const store = createSqliteStore({ memory: true });
 * const app = createApp({ store, config: { operatorTokens: ['a-long-operator-token'] } });
 * const res = await app.request('/healthz'); // 200 { status: 'ok' }
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const config = parseConfig(options.config ?? {});
  const logger = options.logger ?? createJsonLogger({ level: config.logLevel });
  const now = options.now ?? (() => new Date());
  // With webhooks configured, ticket writes also fill the outbox.
  const queued = options.webhooksQueued ?? (() => {});
  let store = config.webhooks.endpoints.length > 0 ? withWebhookOutbox(options.store, config, now, queued) : options.store;
  // With subscribe messages on, replies and status moves also queue them (same outbox, same sender).
  const subscribe = subscribeEnabled(config);
  if (subscribe) store = withSubscribeMessages(store, config, now, queued, logger);
  const domain = createDomain({ store, config, now, subscribe: subscribe ? createSubscribeService(options.store, config, now, logger) : undefined });
  const services: Services = {
    domain,
    config,
    logger,
    authenticateOperator: operatorAuthenticator(operatorCredentials(config), (hash) => options.store.findOperatorToken(hash)),
    limiter: new RateLimiter(config.rateLimit, () => now().getTime()),
  };

  const app = new Hono<AppEnv>();
  app.use('*', requestId(), requestLogger(logger), securityHeaders(), cors(config.corsOrigins));
  app.onError(onError(logger, { retryAfterSeconds: config.storeRetryAfterSeconds }));
  app.notFound(onNotFound());
  consoleRoutes(app);
  registerRoutes(app, services, {
    ...metaRoutes(),
    ...configRoutes(),
    ...submissionRoutes(),
    ...attachmentRoutes(),
    ...ticketRoutes(),
    ...privacyRoutes(),
    ...adminRoutes(),
    ...changesRoutes(options.shutdown),
    ...settingsRoutes(operatorCredentials(config)),
    ...webhookRoutes(),
    ...alertRoutes(),
  });
  return app;
}

import express from 'express';
import { DEFAULT_FORM, DEFAULT_SLA_POLICY } from '@fankui/core';
import { RemoteConfig } from '@fankui/core/schema';
import { reporterIdFromSecret, requireReporter } from './auth.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { rateLimit } from './rate-limit.js';
import { attachmentRoutes } from './routes/attachments.js';
import { configRoutes } from './routes/config.js';
import { submissionRoutes } from './routes/submissions.js';
import { ticketRoutes } from './routes/tickets.js';

/**
 * What every route module gets, built once here.
 *
 * @typedef {object} Services
 * @property {import('./store.js').Store} store
 * @property {{ form: import('@fankui/core').FormDefinition, sla: import('@fankui/core').SlaPolicy }} config the active form and SLA promises
 * @property {() => Date} now
 * @property {import('express').RequestHandler[]} reporter sets `res.locals.reporterId` (or answers 401), then applies the rate limit (429)
 */

/**
 * The Express app speaking protocol v1's reporter routes:
 * `POST /v1/submissions`, `POST /v1/deflections`, `POST /v1/attachments`,
 * `GET /v1/attachments/:id`, `GET /v1/config`, `GET /v1/tickets`, `GET /v1/tickets/:id`,
 * `POST /v1/tickets/:id/messages`, `…/rating`, `…/reopen`, and `/healthz`.
 *
 * @param {object} options
 * @param {import('./store.js').Store} options.store where tickets live (`createMemoryStore`, or your database)
 * @param {(token: string, req: import('express').Request) => string | null | Promise<string | null>} [options.identify]
 *   bearer token → reporter id (null: 401). Default: the SHA-256 of the client's reporter secret.
 * @param {import('@fankui/core').FormDefinition} [options.form] the form to serve and accept (default: core's 反馈与投诉 form)
 * @param {import('@fankui/core').SlaPolicy} [options.sla] first-response and resolution promises, in minutes per priority
 * @param {{ burst: number, perSecond: number } | false} [options.rateLimit] per reporter (default 120 at once, 20/s); false to leave it to your gateway
 * @param {() => Date} [options.now]
 * @returns {import('express').Express}
 *
 * @example
 * const app = createApp({ store: await createMemoryStore({ dir: './fankui-data' }) });
 * app.listen(8788);
 */
export function createApp(options) {
  const { store, identify = reporterIdFromSecret, now = () => new Date() } = options;
  // Checked once with core's schema, so a bad form fails at start, not at the first submission.
  const config = RemoteConfig.parse({ form: options.form ?? DEFAULT_FORM, sla: options.sla ?? DEFAULT_SLA_POLICY });
  const limit = options.rateLimit ?? { burst: 120, perSecond: 20 };
  const reporter = [requireReporter(identify), ...(limit ? [rateLimit(limit)] : [])];
  /** @type {Services} */
  const services = { store, config, now, reporter };

  const app = express();
  app.disable('x-powered-by');
  // /v1/config sets its own strong ETag; Express's automatic weak ones would be wrong elsewhere.
  app.set('etag', false);
  app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
  app.use(configRoutes(services));
  app.use(submissionRoutes(services));
  app.use(attachmentRoutes(services));
  app.use(ticketRoutes(services));
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

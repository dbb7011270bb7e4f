import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from './app/app';
import { startMonitors } from './domain/monitor';
import { startPurgeTimer } from './domain/purge';
import { startWebhookSender } from './domain/webhooks';
import { subscribeEnabled, subscribeTransport } from './domain/wechat/subscriptions';
import { parseConfig, type ServerConfig, type ServerConfigInput } from './config';
import { createServerLogger, type Logger, type ServerLogger } from './logger';
import { createSqliteStore } from './store/sqlite';
import type { Store } from './store/store';

export interface StartServerOptions {
  /** Use this store instead of opening the configured one. The server closes it on `close()`. */
  store?: Store;
  /** Where logs go; by default the configured one (stdout, or `logFile`), closed on `close()`. */
  logger?: Logger;
  now?: () => Date;
}

/** A listening server. */
export interface RunningServer {
  /** `http://host:port`, with the real port when 0 was configured. */
  url: string;
  port: number;
  store: Store;
  /**
   * Graceful shutdown: stops accepting connections, lets in-flight requests finish (up to
   * `shutdownTimeoutMs`, then cuts what is left), then closes the store so every accepted
   * write is on disk. Safe to call more than once.
   */
  close(): Promise<void>;
}

/**
 * Opens the configured store: PostgreSQL when `databaseUrl` is set (loaded only then, so
 * the embedded setup never loads `pg`), else SQLite in `dataDir`. Migrations run on open.
 *
 * @example const store = await openStore(loadConfig());
 */
export async function openStore(config: ServerConfig): Promise<Store> {
  let store: Store;
  if (config.databaseUrl) {
    const { createPostgresStore } = await import('./store/postgres');
    store = createPostgresStore({ connectionString: config.databaseUrl });
  } else {
    store = createSqliteStore({ dataDir: config.dataDir, synchronous: config.synchronous, walCapBytes: config.walCapBytes });
  }
  await store.migrate();
  return store;
}

/**
 * Starts the reference server on the configured host and port (port 0 picks a free one).
 *
 * @example
 * const server = await startServer({ port: 0, dataDir: './data' });
 * console.log(server.url); // http://127.0.0.1:54321
 * await server.close();
 */
export async function startServer(configInput: ServerConfig | ServerConfigInput = {}, options: StartServerOptions = {}): Promise<RunningServer> {
  const config = parseConfig(configInput);
  // The server closes only a logger it opened (a log file), never one it was given.
  const given = options.logger;
  const logger: ServerLogger = given ? { log: (...entry) => given.log(...entry), close() {} } : createServerLogger(config);
  const store =
    options.store ??
    (await openStore(config).catch((error: unknown) => {
      logger.close();
      throw error;
    }));
  // Aborted when shutdown begins: long polls (the change feed) answer at once instead of holding it up.
  const shutdown = new AbortController();
  const clock = options.now ?? (() => new Date());
  const webhooks = startWebhookSender(store, config, clock, logger, subscribeEnabled(config) ? subscribeTransport(store, config, clock) : undefined);
  const app = createApp({ store, config, logger, shutdown: shutdown.signal, webhooksQueued: webhooks.wake, ...(options.now ? { now: options.now } : {}) });
  const purgeTimer = startPurgeTimer(store, config, options.now ?? (() => new Date()), logger);
  // Spike alerts and SLA breaches; their webhooks wake this process's sender.
  const monitors = startMonitors(store, config, options.now ?? (() => new Date()), logger, webhooks.wake);

  let server: Server;
  const port = await new Promise<number>((resolve, reject) => {
    server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
    server.once('error', reject);
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
  }).catch(async (error: unknown) => {
    await purgeTimer.stop();
    await monitors.stop();
    await webhooks.stop();
    if (!options.store) await store.close();
    logger.close();
    throw error;
  });
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.log('info', 'listening', { url, store: store.kind });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      shutdown.abort();
      await drain(server, config.shutdownTimeoutMs);
      await purgeTimer.stop();
      await monitors.stop();
      await webhooks.stop();
      await store.close();
      logger.log('info', 'stopped', { url });
      logger.close();
    })());
  return { url, port, store, close };
}

/**
 * Stops accepting, then waits for open connections to finish their request. Idle
 * keep-alive connections are closed as they become idle; after `timeoutMs` the rest are cut.
 */
function drain(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const poll = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearInterval(poll);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

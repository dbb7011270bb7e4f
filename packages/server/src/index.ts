/**
 * `@fankui/server` — the reference backend of protocol v1: the HTTP app, the server that
 * runs it, its configuration, the stores, and the user-token helper for integrators.
 *
 * @example
 * import { startServer } from '@fankui/server';
 * const server = await startServer({ port: 8787, dataDir: './.fankui-data' });
 * process.on('SIGTERM', () => server.close());
 */
export { createApp, type AppOptions } from './app/app';
export type { AppEnv } from './app/context';
export { startServer, openStore, type RunningServer, type StartServerOptions } from './server';
export { loadConfig, parseConfig, ServerConfigSchema, ConfigError, ENV_VARS, type ServerConfig, type ServerConfigInput, type ConfigIssue, type LoadConfigOptions } from './config';
export { signUserToken, verifyUserToken, hashToken, type UserTokenClaims, type UserTokenResult } from './auth';
export { createJsonLogger, createServerLogger, silentLogger, type Logger, type ServerLogger, type LogLevel, type LogFields } from './logger';
export { HttpError } from './errors';
export { createSqliteStore, type SqliteStore, type SqliteStoreOptions } from './store/sqlite';
export { createPostgresStore } from './store/postgres';
export type * from './store/store';
export { ClientIdConflictError } from './store/store';

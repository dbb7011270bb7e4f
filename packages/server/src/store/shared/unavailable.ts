/**
 * Whether a store error means "the database is not answering right now" rather than "this
 * request or the data is wrong": the answer is then 503 `unavailable` with `Retry-After`,
 * so clients back off and retry, instead of a 500 that reads like a bug.
 *
 * Both drivers are recognised by the codes they attach, so neither needs loading here.
 * Anything not listed (a constraint violation, a bad statement) stays a 500.
 *
 * @example if (isStoreUnavailable(error)) throw new HttpError(503, 'unavailable', '…');
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code)) return true;
    // PostgreSQL SQLSTATE: class 08 is "connection exception".
    if (/^08[0-9A-Z]{3}$/.test(code) || POSTGRES_CODES.has(code)) return true;
    // better-sqlite3: SQLITE_BUSY, SQLITE_BUSY_TIMEOUT, SQLITE_IOERR_WRITE, …
    if (SQLITE_PREFIXES.some((prefix) => code === prefix || code.startsWith(`${prefix}_`))) return true;
  }
  // node-postgres reports a lost socket and a pool that cannot connect in time without a code.
  return typeof message === 'string' && POSTGRES_CLIENT_MESSAGES.some((pattern) => pattern.test(message));
}

/** Network errors of the socket to the database server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** SQLSTATEs of a server that is shutting down, starting up or full of connections. */
const POSTGRES_CODES = new Set([
  '57P01', // admin_shutdown (also pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '53300', // too_many_connections
]);

/** SQLite result codes that pass once the other writer or the disk lets go. */
const SQLITE_PREFIXES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL'];

const POSTGRES_CLIENT_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
];

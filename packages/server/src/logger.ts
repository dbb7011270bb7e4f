import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Structured logs: one JSON object per line. Callers pass facts (ids, routes, statuses,
 * durations), never request bodies, tokens or contact details; the request logger is the
 * only place that logs per request and it is written to that rule.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * A logger writing JSON lines (`{"time","level","msg",…fields}`) to `write`, dropping
 * entries below `level`. `write` also gets each line's level, to route errors elsewhere.
 *
 * @example
 * const lines: string[] = [];
 * const logger = createJsonLogger({ level: 'info', write: (line) => lines.push(line) });
 * logger.log('info', 'request', { status: 200 });
 */
export function createJsonLogger(options: { level?: LogLevel | 'silent'; write?: (line: string, level: LogLevel) => void } = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    log(level, msg, fields = {}) {
      if (ORDER[level] < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }), level);
    },
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { log() {} };

/** A logger that may hold a file open; `close()` releases it (a no-op for stdout). */
export interface ServerLogger extends Logger {
  close(): void;
}

/**
 * The logger a server configuration asks for: JSON lines at `logLevel` on `out` (stdout),
 * or, with `logFile`, appended to that file (and its folder created) while error lines also
 * go to `err` (stderr), so a terminal still shows what failed. File writes are synchronous,
 * as Node's own stdout is when it is redirected to a file: a line is on disk before the
 * process can crash and lose it.
 *
 * @example
 * const logger = createServerLogger({ logLevel: 'info', logFile: '.fankui-data/server.log' });
 * logger.log('info', 'listening', { url: 'http://127.0.0.1:8787' });
 * logger.close();
 */
export function createServerLogger(
  config: { logLevel: LogLevel | 'silent'; logFile: string | null },
  io: { out?: NodeJS.WritableStream; err?: NodeJS.WritableStream } = {},
): ServerLogger {
  const out = io.out ?? process.stdout;
  if (!config.logFile || config.logLevel === 'silent') {
    const logger = createJsonLogger({ level: config.logLevel, write: (line) => out.write(`${line}\n`) });
    return { log: logger.log, close() {} };
  }
  const err = io.err ?? process.stderr;
  mkdirSync(dirname(config.logFile), { recursive: true });
  let fd: number | null = openSync(config.logFile, 'a', 0o640);
  const logger = createJsonLogger({
    level: config.logLevel,
    write: (line, level) => {
      if (fd !== null) writeSync(fd, `${line}\n`);
      if (level === 'error') err.write(`${line}\n`);
    },
  });
  return {
    log: logger.log,
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

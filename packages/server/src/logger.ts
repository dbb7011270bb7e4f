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
 * entries below `level`.
 *
 * @example
 * const lines: string[] = [];
 * const logger = createJsonLogger({ level: 'info', write: (line) => lines.push(line) });
 * logger.log('info', 'request', { status: 200 });
 */
export function createJsonLogger(options: { level?: LogLevel | 'silent'; write?: (line: string) => void } = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  return {
    log(level, msg, fields = {}) {
      if (ORDER[level] < threshold) return;
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
    },
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { log() {} };

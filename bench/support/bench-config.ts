/**
 * What bench/server.ts and the servers it starts (support/target.ts) agree on: the target
 * kinds, the IPC messages and the configuration of the real server under test.
 */
import type { ServerConfigInput } from '../../packages/server/src/index';

export type TargetSpec =
  | { kind: 'ceiling' }
  | { kind: 'durable-sqlite'; dataDir: string }
  | { kind: 'durable-postgres'; databaseUrl: string }
  | { kind: 'sqlite'; dataDir: string; synchronous: 'normal' | 'full'; tempStoreFile?: boolean }
  | { kind: 'postgres'; databaseUrl: string }
  | { kind: 'stats'; dataDir: string; generate: number | null; events: boolean };

export type TargetMessage =
  | { type: 'ready'; url: string; details: Record<string, unknown> }
  | { type: 'stopped'; details: Record<string, unknown> }
  /** The server process's CPU time so far (process.cpuUsage()), answering `{ type: 'cpu' }`. */
  | { type: 'cpu'; microseconds: number }
  | { type: 'failed'; message: string };

/** The operator token the benchmark configures (a benchmark secret, not a real one). */
export const BENCH_OPERATOR_TOKEN = 'bench-operator-token-0123456789abcdef';

/**
 * The real server's configuration under test: defaults, except no request logs and rate
 * limits raised far above what the benchmark sends (the limiter still runs on every
 * request; all traffic comes from 127.0.0.1 and the defaults allow 600 requests at once
 * and 1,200 a minute per address, 60/120 per reporter).
 */
export const BENCH_CONFIG: ServerConfigInput = {
  host: '127.0.0.1',
  port: 0,
  logLevel: 'silent',
  operatorTokens: [{ name: '压测客服', token: BENCH_OPERATOR_TOKEN }],
  rateLimit: {
    enabled: true,
    perReporter: { burst: 1_000_000, perMinute: 100_000_000 },
    perIp: { burst: 1_000_000, perMinute: 100_000_000 },
  },
};

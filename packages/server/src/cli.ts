import { createWriteStream, readFileSync, realpathSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '@fankui/core';
import { AdminExportQuery, toValidationIssues } from '@fankui/core/schema';
import { Command, CommanderError, Option } from 'commander';
import { hashToken, newOperatorToken } from './auth';
import { ConfigError, loadConfig, type ServerConfig } from './config';
import { createDomain } from './domain/context';
import { csvLines } from './domain/csv';
import { purge } from './domain/purge';
import { newId } from './ids';
import { createServerLogger } from './logger';
import { seedDemo, DEMO_REPORTER_SECRET } from './seed';
import { openStore, startServer } from './server';

/** Exit codes: 0 success, 1 failure at run time, 2 bad configuration or usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Numbers stay text when they are not numbers, so the config schema names the bad flag. */
const numberFlag = (value: string): number | string => (/^\d+$/.test(value) ? Number(value) : value);

interface StoreFlags {
  config?: string;
  dataDir?: string;
  databaseUrl?: string;
  databaseUrlFile?: string;
  synchronous?: string;
  walCapBytes?: number | string;
}

function withStoreOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'JSON config file (also FANKUI_CONFIG)')
    .option('-d, --data-dir <dir>', 'directory of the embedded store (default ./.fankui-data)')
    .option('--database-url <url>', 'use PostgreSQL: postgres://user:pass@host:5432/db (shows the password in the process list: prefer FANKUI_DATABASE_URL or --database-url-file)')
    .option('--database-url-file <file>', 'read the PostgreSQL URL from this file, trimmed (a Docker/Kubernetes secret; also FANKUI_DATABASE_URL_FILE)')
    .addOption(new Option('--synchronous <mode>', 'SQLite durability: normal (default) or full'))
    .option('--wal-cap-bytes <bytes>', 'SQLite: force a checkpoint that completes once the WAL file passes this size (default 268435456 = 256 MiB; 0: no cap)', numberFlag);
}

function configFrom(
  flags: StoreFlags & { port?: number | string; host?: string; logFile?: string; retentionDays?: number | string; wechatAppId?: string; wechatAppSecretFile?: string; wechatApiBaseUrl?: string },
  env: Record<string, string | undefined>,
): ServerConfig {
  // Only settings: a command's other flags (--out, --name, …) are not config keys.
  const { dataDir, databaseUrl, databaseUrlFile, synchronous, walCapBytes, port, host, logFile, retentionDays, wechatAppId, wechatAppSecretFile, wechatApiBaseUrl } = flags;
  return loadConfig({
    file: flags.config,
    env,
    flags: { dataDir, databaseUrl, databaseUrlFile, synchronous, walCapBytes, port, host, logFile, retentionDays, 'wechat.appId': wechatAppId, wechatAppSecretFile, 'wechat.apiBaseUrl': wechatApiBaseUrl },
  });
}

/**
 * The `fankui-server` program. `env` and `out` are parameters so tests can run it in process.
 *
 * @example await buildProgram({ env: process.env }).parseAsync(['node', 'fankui-server', 'migrate']);
 */
export function buildProgram(io: { env: Record<string, string | undefined>; out?: NodeJS.WritableStream; err?: NodeJS.WritableStream }): Command {
  const out = io.out ?? process.stdout;
  const err = io.err ?? process.stderr;
  const program = new Command('fankui-server')
    .description('Fankui reference server: ingests feedback, serves "我的反馈" and the operator API')
    .version(version())
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => out.write(text), writeErr: (text) => err.write(text) })
    .exitOverride();

  withStoreOptions(
    program
      .command('start', { isDefault: true })
      .description('start the server (the default command)')
      .option('-p, --port <port>', 'port to listen on (default 8787; 0 picks a free one)', numberFlag)
      .option('-H, --host <host>', 'address to bind (default 127.0.0.1; 0.0.0.0 for all interfaces)')
      .option('--log-file <file>', 'append the JSON logs to this file instead of stdout; errors also go to stderr')
      .option('--seed-demo', 'add a few days of demo tickets in every state on start')
      .option('--wechat-app-id <appid>', 'the mini-program AppID, for subscribe messages (also FANKUI_WECHAT_APP_ID)')
      .option('--wechat-app-secret-file <file>', 'read the AppSecret from this file, trimmed (also FANKUI_WECHAT_APP_SECRET_FILE or FANKUI_WECHAT_APP_SECRET; never a flag)')
      .option('--wechat-api-base-url <url>', 'WeChat server API base URL (default https://api.weixin.qq.com)'),
  ).action(async (flags: StoreFlags & { port?: number | string; host?: string; logFile?: string; seedDemo?: boolean; wechatAppId?: string; wechatAppSecretFile?: string; wechatApiBaseUrl?: string }) => {
    const config = configFrom(flags, io.env);
    const logger = createServerLogger(config, { out, err });
    const server = await startServer(config, { logger });
    if (flags.seedDemo) {
      const ids = await seedDemo(createDomain({ store: server.store, config, now: () => new Date() }));
      logger.log('info', 'demo tickets added', { count: ids.length, reporterSecret: DEMO_REPORTER_SECRET });
    }
    const stop = (signal: string) => {
      logger.log('info', 'shutting down', { signal });
      // A second signal means "now": skip the graceful wait.
      process.once(signal, () => process.exit(EXIT.failure));
      server.close().then(
        () => process.exit(EXIT.ok),
        () => process.exit(EXIT.failure),
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });

  withStoreOptions(program.command('migrate').description('create or upgrade the store schema, then exit')).action(async (flags: StoreFlags) => {
    const store = await openStore(configFrom(flags, io.env));
    await store.close();
    err.write(`migrated the ${store.kind} store\n`);
  });

  withStoreOptions(
    program
      .command('create-operator-token')
      .description('create an operator token; prints it once (only its hash is stored)')
      .requiredOption('-n, --name <name>', 'who the token is for, shown on their replies (e.g. 客服小王)'),
  ).action(async (flags: StoreFlags & { name: string }) => {
    const name = flags.name.trim();
    if (!name || name.length > LIMITS.shortTextMaxLength) throw new ConfigError([{ key: 'name', source: 'command line', message: `must be 1–${LIMITS.shortTextMaxLength} characters` }]);
    const store = await openStore(configFrom(flags, io.env));
    try {
      const token = newOperatorToken();
      await store.addOperatorToken({ id: newId('op'), name, tokenHash: hashToken(token), createdAt: new Date().toISOString() });
      out.write(`${token}\n`);
      err.write(`Operator token for "${name}" created. Copy it now: it is not stored and cannot be shown again.\n`);
    } finally {
      await store.close();
    }
  });

  withStoreOptions(
    program
      .command('export')
      .description('export tickets as CSV (UTF-8 with BOM, personal data redacted)')
      .option('-o, --out <file>', 'write to a file instead of stdout')
      .option('--status <status>', 'only tickets in this status')
      .option('--priority <priority>', 'only high, medium or low')
      .option('--category <category>', 'only this category')
      .option('--from <time>', 'created at or after (ISO 8601)')
      .option('--to <time>', 'created before (ISO 8601)'),
  ).action(async (flags: StoreFlags & { out?: string; status?: string; priority?: string; category?: string; from?: string; to?: string }) => {
    const { status, priority, category, from, to } = flags;
    const query = AdminExportQuery.safeParse(Object.fromEntries(Object.entries({ status, priority, category, from, to }).filter(([, value]) => value !== undefined)));
    if (!query.success) {
      throw new ConfigError(toValidationIssues(query.error).map((issue) => ({ key: `--${issue.path}`, source: 'command line', message: issue.message })));
    }
    const store = await openStore(configFrom(flags, io.env));
    try {
      const lines = Readable.from(csvLines(store.iterateTickets(query.data)));
      if (flags.out) await pipeline(lines, createWriteStream(flags.out));
      else await pipeline(lines, out, { end: false });
    } finally {
      await store.close();
    }
  });

  withStoreOptions(
    program
      .command('purge')
      .description('delete uploads no submission referred to within uploads.graceHours and, with a retention, the personal data of tickets resolved, closed or rejected longer ago; prints what it removed as JSON')
      .option('--retention-days <days>', 'days a finished ticket keeps its personal data (overrides retentionDays; 0 keeps it)', numberFlag),
  ).action(async (flags: StoreFlags & { retentionDays?: number | string }) => {
    const config = configFrom(flags, io.env);
    const store = await openStore(config);
    try {
      const { unattachedAttachments, tickets } = await purge(store, config, new Date());
      out.write(`${JSON.stringify({ unattachedAttachments, tickets: tickets === null ? null : tickets.length })}\n`);
      if (tickets === null) err.write('Retention is off (retentionDays 0): no ticket was purged.\n');
    } finally {
      await store.close();
    }
  });

  return program;
}

/**
 * Runs the CLI and resolves with the exit code (the `start` command resolves once listening
 * and keeps the process alive). Configuration and usage errors print a clear message and
 * give 2.
 *
 * @example process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const program = buildProgram({ env });
  try {
    await program.parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`fankui-server: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Run directly (`node --import tsx src/cli.ts`); the bin calls `main` itself. No top-level
// await: the library build also emits CommonJS.
if (isEntryPoint()) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

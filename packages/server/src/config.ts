import { readFileSync } from 'node:fs';
import { DEFAULT_FORM, DEFAULT_SLA_POLICY, FankuiError, LIMITS } from '@fankui/core';
import { FormDefinition, SlaPromises, WebhookEventSchema } from '@fankui/core/schema';
import { z } from 'zod';
import { DEFAULT_WAL_CAP_BYTES } from './store/sqlite';

const RateBucket = z.strictObject({
  /** Requests allowed at once before the rate applies. */
  burst: z.int().positive(),
  /** Sustained requests per minute. */
  perMinute: z.number().positive(),
});

const OperatorTokenConfig = z.union([
  z.string().min(16, 'an operator token needs at least 16 characters'),
  z.strictObject({ name: z.string().min(1).max(LIMITS.shortTextMaxLength), token: z.string().min(16) }),
  z.strictObject({ name: z.string().min(1).max(LIMITS.shortTextMaxLength), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters') }),
]);

/** One receiver of webhooks: where, the secret the signature is made with, and which events. */
const WebhookEndpointConfig = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  secret: z.string().min(16, 'a webhook secret needs at least 16 characters'),
  /** The events this endpoint receives; all of them when left out. */
  events: z.array(WebhookEventSchema).min(1).optional(),
});

/** What a subscribe-message keyword (`thing1`, `time3`, …) is filled with. */
export const SUBSCRIBE_FIELDS = ['summary', 'reply', 'status', 'time', 'ticket'] as const;

/**
 * One subscribe-message template: its id and, per keyword of the template as WeChat's admin
 * console lists it, what fills it. The keyword's type (the letters before its number) decides
 * how the text is cut to WeChat's rules (`thing` 20 characters, `phrase` 5, …).
 */
const SubscribeTemplateConfig = z.strictObject({
  id: z.string().min(1).max(128),
  data: z
    .record(z.string().regex(/^[a-z_]+\d+$/, 'must be a template keyword such as thing1 or time3'), z.enum(SUBSCRIBE_FIELDS))
    .refine((data) => Object.keys(data).length > 0, 'name at least one keyword'),
});

const CorsOrigin = z.union([z.literal('*'), z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be "*" or an origin like https://console.example.com')]);

/**
 * The whole server configuration with its defaults. It is parsed once, at start; after that
 * every part of the server trusts it. Sources, later ones winning: these defaults, a JSON
 * config file, `FANKUI_*` environment variables (see {@link ENV_VARS}), CLI flags.
 */
export const ServerConfigSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.int().min(0).max(65_535).default(8787),
  /** The embedded store's directory (database and attachments); created on first start. */
  dataDir: z.string().min(1).default('./.fankui-data'),
  /** `postgres://…`: use PostgreSQL instead of the embedded store. */
  databaseUrl: z.string().regex(/^postgres(?:ql)?:\/\//, 'must start with postgres:// or postgresql://').nullable().default(null),
  /**
   * `Retry-After` (seconds) of a 503 `unavailable`, answered while the store is not
   * answering (database down, restarting, or locked for longer than the busy timeout).
   */
  storeRetryAfterSeconds: z.int().min(1).max(3_600).default(5),
  /** SQLite durability: `normal` may lose the last commits on power loss (never on a crash); `full` fsyncs every commit. */
  synchronous: z.enum(['normal', 'full']).default('normal'),
  /**
   * SQLite: the WAL file's cap in bytes (default 256 MiB; 0: none). Under sustained writes the
   * background checkpoint never catches up and the WAL grows; past the cap it forces a
   * checkpoint that completes (TRUNCATE), which holds new writes while it copies.
   */
  walCapBytes: z.int().min(0).default(DEFAULT_WAL_CAP_BYTES),
  /** Plain tokens (hashed at start), `{ name, token }` or `{ name, sha256 }`. */
  operatorTokens: z.array(OperatorTokenConfig).default([]),
  /** Shared with the integrator's backend to verify signed user tokens; null disables them. */
  userTokenSecret: z.string().min(32, 'must be at least 32 characters').nullable().default(null),
  corsOrigins: z.array(CorsOrigin).min(1).default(['*']),
  /** Read the client address from `X-Forwarded-For` (only behind a proxy you run). */
  trustProxy: z.boolean().default(false),
  rateLimit: z
    .strictObject({
      enabled: z.boolean().default(true),
      perReporter: RateBucket.default({ burst: 60, perMinute: 120 }),
      // Mobile carriers put many users behind one address (CGNAT), so this one is generous.
      perIp: RateBucket.default({ burst: 600, perMinute: 1_200 }),
    })
    .prefault({}),
  limits: z
    .strictObject({
      jsonBytes: z.int().positive().default(LIMITS.bodyMaxBytes),
      batchBytes: z.int().positive().default(LIMITS.batchMaxBytes),
      attachmentBytes: z.int().positive().default(LIMITS.attachmentMaxBytes),
    })
    .prefault({}),
  /**
   * Uploads wait for the submission that refers to them. Until then they count against a
   * quota per reporter and one for everyone (fresh reporter ids cost nothing to make; the
   * per-address rate limit is the other guard), and after `graceHours` they are deleted.
   */
  uploads: z
    .strictObject({
      reporterUnattachedBytes: z.int().positive().default(20 * 1024 * 1024),
      totalUnattachedBytes: z.int().positive().default(2 * 1024 * 1024 * 1024),
      graceHours: z.number().positive().default(24),
    })
    .prefault({}),
  /**
   * Days after its last change that a resolved, closed or rejected ticket keeps its personal
   * data; then the purge removes it and keeps an anonymised row. 0: kept for ever.
   */
  retentionDays: z.number().min(0).default(0),
  /** How often the server runs the purge (old unattached uploads, retention); 0: never (use `fankui-server purge`). */
  purgeIntervalSeconds: z.number().min(0).default(3_600),
  /**
   * Webhooks: every endpoint gets each event it subscribed to, signed with its secret, from
   * a durable outbox in the store, retried with exponential backoff and jitter
   * (`retryBaseMs` doubling up to `retryMaxMs`) until `maxAttempts`, then marked failed.
   */
  webhooks: z
    .strictObject({
      endpoints: z.array(WebhookEndpointConfig).default([]),
      maxAttempts: z.int().min(1).max(100).default(12),
      retryBaseMs: z.int().min(1).default(30_000),
      retryMaxMs: z.int().min(1).default(6 * 3_600_000),
      /** How long one attempt may take (connect, send, answer) before it counts as failed. */
      timeoutMs: z.int().min(1).default(10_000),
      /** How often the sender looks for due deliveries (new events are sent at once by the process that wrote them). */
      pollIntervalMs: z.int().min(1).default(5_000),
      /** Days the delivery log keeps delivered and failed deliveries (pending ones stay until done). */
      keepDays: z.number().positive().default(30),
    })
    .prefault({}),
  /**
   * WeChat subscribe messages (订阅消息) to reporters: with `appId`, `appSecret` and at least
   * one template, `/v1/config` lists the templates, the server exchanges a submission's
   * `wxLoginCode` for the openid (code2Session) and sends one message per accepted template
   * when an operator replies (`replied`) or the status moves (`statusChanged`). `page` is
   * the mini-program page the message opens, the ticket id appended.
   */
  wechat: z
    .strictObject({
      appId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the mini-program AppID (wx…)').nullable().default(null),
      /** From the environment or a file, never a command-line flag. */
      appSecret: z.string().min(1).nullable().default(null),
      apiBaseUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).default('https://api.weixin.qq.com'),
      page: z.string().min(1).max(512).default('pages/feedback/detail?id='),
      miniprogramState: z.enum(['developer', 'trial', 'formal']).default('formal'),
      lang: z.enum(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']).default('zh_CN'),
      /** How long one call to WeChat may take. */
      timeoutMs: z.int().min(1).default(10_000),
      templates: z.strictObject({ replied: SubscribeTemplateConfig.optional(), statusChanged: SubscribeTemplateConfig.optional() }).prefault({}),
    })
    .refine((wechat) => (wechat.appId === null) === (wechat.appSecret === null), { message: 'give both appId and appSecret (or neither)', path: ['appSecret'] })
    .prefault({}),
  /**
   * Spike alerts: every `checkIntervalSeconds` (0: never) each server process counts every
   * category's and triage keyword's tickets in the last `windowMinutes` and compares them with
   * the average of the `baselineWindows` windows before; at least `minCount` tickets and
   * `factor` times that average open one alert for it (once, across processes).
   */
  alerts: z
    .strictObject({
      checkIntervalSeconds: z.number().min(0).default(60),
      windowMinutes: z.int().min(1).max(1440).default(30),
      baselineWindows: z.int().min(1).max(2016).default(48),
      factor: z.number().min(1).default(3),
      minCount: z.int().min(1).default(10),
    })
    .prefault({}),
  /**
   * `ticket.sla_breached`: every `checkIntervalSeconds` (0: never) the server looks for
   * first-response and resolution due times that passed unmet, each reported once; due times
   * more than `lookbackHours` old when first seen (after an upgrade, a long outage) are skipped.
   */
  slaBreaches: z
    .strictObject({ checkIntervalSeconds: z.number().min(0).default(60), lookbackHours: z.number().positive().default(24) })
    .prefault({}),
  /** The active form; `GET /v1/config` serves it and submissions are validated against it. */
  form: FormDefinition.default(DEFAULT_FORM),
  sla: SlaPromises.default(DEFAULT_SLA_POLICY),
  /** How long shutdown waits for in-flight requests before cutting connections. */
  shutdownTimeoutMs: z.int().min(0).default(10_000),
  logLevel: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Append the JSON log lines to this file instead of stdout (errors go to stderr as well); null: stdout. */
  logFile: z.string().min(1).nullable().default(null),
});

export type ServerConfig = z.output<typeof ServerConfigSchema>;
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;

type EnvKind = 'string' | 'number' | 'bool' | 'list' | 'nullable';

/** Every environment variable the server reads, with the config key it sets. */
export const ENV_VARS: Readonly<Record<string, { key: string; kind: EnvKind }>> = {
  FANKUI_HOST: { key: 'host', kind: 'string' },
  FANKUI_PORT: { key: 'port', kind: 'number' },
  FANKUI_DATA_DIR: { key: 'dataDir', kind: 'string' },
  FANKUI_DATABASE_URL: { key: 'databaseUrl', kind: 'nullable' },
  FANKUI_STORE_RETRY_AFTER_SECONDS: { key: 'storeRetryAfterSeconds', kind: 'number' },
  FANKUI_SYNCHRONOUS: { key: 'synchronous', kind: 'string' },
  FANKUI_WAL_CAP_BYTES: { key: 'walCapBytes', kind: 'number' },
  FANKUI_OPERATOR_TOKENS: { key: 'operatorTokens', kind: 'list' },
  FANKUI_USER_TOKEN_SECRET: { key: 'userTokenSecret', kind: 'nullable' },
  FANKUI_CORS_ORIGINS: { key: 'corsOrigins', kind: 'list' },
  FANKUI_TRUST_PROXY: { key: 'trustProxy', kind: 'bool' },
  FANKUI_RATE_LIMIT: { key: 'rateLimit.enabled', kind: 'bool' },
  FANKUI_RATE_LIMIT_REPORTER_BURST: { key: 'rateLimit.perReporter.burst', kind: 'number' },
  FANKUI_RATE_LIMIT_REPORTER_PER_MINUTE: { key: 'rateLimit.perReporter.perMinute', kind: 'number' },
  FANKUI_RATE_LIMIT_IP_BURST: { key: 'rateLimit.perIp.burst', kind: 'number' },
  FANKUI_RATE_LIMIT_IP_PER_MINUTE: { key: 'rateLimit.perIp.perMinute', kind: 'number' },
  FANKUI_MAX_JSON_BYTES: { key: 'limits.jsonBytes', kind: 'number' },
  FANKUI_MAX_BATCH_BYTES: { key: 'limits.batchBytes', kind: 'number' },
  FANKUI_MAX_ATTACHMENT_BYTES: { key: 'limits.attachmentBytes', kind: 'number' },
  FANKUI_UPLOAD_QUOTA_REPORTER_BYTES: { key: 'uploads.reporterUnattachedBytes', kind: 'number' },
  FANKUI_UPLOAD_QUOTA_TOTAL_BYTES: { key: 'uploads.totalUnattachedBytes', kind: 'number' },
  FANKUI_UPLOAD_GRACE_HOURS: { key: 'uploads.graceHours', kind: 'number' },
  FANKUI_RETENTION_DAYS: { key: 'retentionDays', kind: 'number' },
  FANKUI_PURGE_INTERVAL_SECONDS: { key: 'purgeIntervalSeconds', kind: 'number' },
  FANKUI_WEBHOOK_MAX_ATTEMPTS: { key: 'webhooks.maxAttempts', kind: 'number' },
  FANKUI_WEBHOOK_TIMEOUT_MS: { key: 'webhooks.timeoutMs', kind: 'number' },
  FANKUI_ALERT_CHECK_INTERVAL_SECONDS: { key: 'alerts.checkIntervalSeconds', kind: 'number' },
  FANKUI_SLA_BREACH_CHECK_INTERVAL_SECONDS: { key: 'slaBreaches.checkIntervalSeconds', kind: 'number' },
  FANKUI_WECHAT_APP_ID: { key: 'wechat.appId', kind: 'nullable' },
  FANKUI_WECHAT_APP_SECRET: { key: 'wechat.appSecret', kind: 'nullable' },
  FANKUI_WECHAT_API_BASE_URL: { key: 'wechat.apiBaseUrl', kind: 'string' },
  FANKUI_WECHAT_PAGE: { key: 'wechat.page', kind: 'string' },
  FANKUI_WECHAT_MINIPROGRAM_STATE: { key: 'wechat.miniprogramState', kind: 'string' },
  FANKUI_SHUTDOWN_TIMEOUT_MS: { key: 'shutdownTimeoutMs', kind: 'number' },
  FANKUI_LOG_LEVEL: { key: 'logLevel', kind: 'string' },
  FANKUI_LOG_FILE: { key: 'logFile', kind: 'nullable' },
};

/** One bad setting: the dotted key, where the value came from, and what is wrong. */
export interface ConfigIssue {
  key: string;
  source: string;
  message: string;
}

/** The configuration cannot be used; `issues` lists every bad key. The CLI exits with 2. */
export class ConfigError extends FankuiError<'invalid_config'> {
  override readonly name = 'ConfigError';

  constructor(readonly issues: ConfigIssue[]) {
    super('invalid_config', `Invalid configuration:\n${issues.map((issue) => `  - ${issue.key} (${issue.source}): ${issue.message}`).join('\n')}`, {
      issues,
    });
  }
}

type Json = Record<string, unknown>;
const isPlainObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads `databaseUrl` from a file (a Docker or Kubernetes secret), so the password is in
 * neither the process list nor the environment. Not a config key: it names where the key
 * comes from.
 */
export const DATABASE_URL_FILE_ENV = 'FANKUI_DATABASE_URL_FILE';
/** Reads `wechat.appSecret` from a file, as {@link DATABASE_URL_FILE_ENV} does the database URL. */
export const WECHAT_APP_SECRET_FILE_ENV = 'FANKUI_WECHAT_APP_SECRET_FILE';

/** Settings that may come from a file instead: the config key, the env var and the flag naming the file. */
const SECRET_FILES = [
  { key: 'databaseUrl', env: DATABASE_URL_FILE_ENV, flag: 'databaseUrlFile', option: '--database-url-file', what: 'the database URL once: either the URL' },
  { key: 'wechat.appSecret', env: WECHAT_APP_SECRET_FILE_ENV, flag: 'wechatAppSecretFile', option: '--wechat-app-secret-file', what: 'the WeChat app secret once: either the secret' },
] as const;

export interface LoadConfigOptions {
  /** A JSON config file; also taken from `FANKUI_CONFIG`. */
  file?: string | undefined;
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Values from CLI flags (dotted keys allowed), highest precedence. `databaseUrlFile`
   * (`--database-url-file`) names a file holding `databaseUrl`, `wechatAppSecretFile`
   * (`--wechat-app-secret-file`) one holding `wechat.appSecret`.
   */
  flags?: Record<string, unknown>;
}

/**
 * Builds the configuration from defaults ← config file ← `FANKUI_*` env vars ← flags, and
 * validates it once. Throws {@link ConfigError} listing every bad key and where it came from.
 *
 * @example
 * const config = loadConfig({ file: 'fankui.json', flags: { port: 9000 } });
 * config.rateLimit.perReporter.burst // 60 unless configured
 */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  const merged: Json = {};
  const sources = new Map<string, string>();
  const file = options.file ?? env.FANKUI_CONFIG;
  if (file) apply(merged, sources, readConfigFile(file), `config file ${file}`);

  const fromEnv: Json = {};
  const envSources = new Map<string, string>();
  for (const [name, { key, kind }] of Object.entries(ENV_VARS)) {
    const raw = env[name];
    if (raw === undefined) continue;
    setPath(fromEnv, key, parseEnvValue(raw, kind));
    envSources.set(key, name);
  }
  for (const [key, value] of flatten(fromEnv)) {
    setPath(merged, key, value);
    sources.set(key, envSources.get(key) ?? 'environment');
  }
  const flagValues: Json = Object.assign({}, options.flags);
  const fileFlags = new Map(SECRET_FILES.map(({ flag }) => [flag, flagValues[flag]]));
  for (const { flag } of SECRET_FILES) delete flagValues[flag];
  const flags: Json = {};
  for (const [key, value] of Object.entries(flagValues)) if (value !== undefined) setPath(flags, key, value);
  apply(merged, sources, flags, 'command line');

  for (const { key, env: envName, flag, option, what } of SECRET_FILES) {
    const flagFile = fileFlags.get(flag);
    const file = flagFile !== undefined ? { path: String(flagFile), via: option } : env[envName] ? { path: env[envName], via: envName } : null;
    if (!file) continue;
    const given = sources.get(key);
    if (given && getPath(merged, key) != null) {
      throw new ConfigError([{ key, source: `${given} and ${file.via}`, message: `give ${what} or a file holding it, not both` }]);
    }
    setPath(merged, key, readSecretFile(key, file.path, file.via));
    sources.set(key, `${file.via} ${file.path}`);
  }
  return parseConfig(merged, sources);
}

/** The whole file, trimmed (secrets are often written with a trailing newline). */
function readSecretFile(key: string, path: string, via: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ key, source: `${via} ${path}`, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
  const value = text.trim();
  if (!value) throw new ConfigError([{ key, source: `${via} ${path}`, message: 'the file is empty' }]);
  return value;
}

function getPath(target: Json, path: string): unknown {
  let node: unknown = target;
  for (const key of path.split('.')) node = isPlainObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  return node;
}

/**
 * Validates a configuration object (defaults filled in). `startServer` and `createApp`
 * call it, so a partial object is enough in code.
 *
 * @example parseConfig({ port: 0 }).host // '127.0.0.1'
 */
export function parseConfig(input: unknown, sources: ReadonlyMap<string, string> = new Map()): ServerConfig {
  const parsed = ServerConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [''];
      return keys.map((extra) => {
        const key = [...issue.path.map(String), ...(extra ? [extra] : [])].join('.') || '(root)';
        return { key, source: sourceOf(key, sources), message: issue.message };
      });
    }).flat(),
  );
}

function sourceOf(key: string, sources: ReadonlyMap<string, string>): string {
  // A deeper key inherits the source of the value that contained it (a whole object from the file).
  for (let probe = key; probe; probe = probe.includes('.') ? probe.slice(0, probe.lastIndexOf('.')) : '') {
    const source = sources.get(probe);
    if (source) return source;
  }
  return 'defaults';
}

function readConfigFile(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ key: '(file)', source: path, message: `cannot read: ${(error as Error).message}` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ key: '(file)', source: path, message: `not valid JSON: ${(error as Error).message}` }]);
  }
  if (!isPlainObject(value)) throw new ConfigError([{ key: '(file)', source: path, message: 'must hold a JSON object' }]);
  return value;
}

function parseEnvValue(raw: string, kind: EnvKind): unknown {
  const value = raw.trim();
  switch (kind) {
    case 'string':
      return value;
    case 'nullable':
      return value === '' ? null : value;
    case 'list':
      return value === '' ? [] : value.split(',').map((item) => item.trim()).filter(Boolean);
    case 'number':
      // Left as text when it is not a number, so the schema reports it with the variable's name.
      return /^-?\d+(?:\.\d+)?$/.test(value) ? Number(value) : value;
    case 'bool':
      if (/^(?:true|1|yes|on)$/i.test(value)) return true;
      if (/^(?:false|0|no|off)$/i.test(value)) return false;
      return value;
  }
}

/** Merges `layer` into `target` (objects deeply, everything else replaced) and records sources. */
function apply(target: Json, sources: Map<string, string>, layer: Json, source: string): void {
  for (const [key, value] of flatten(layer)) {
    setPath(target, key, value);
    sources.set(key, source);
  }
}

/** Leaf values by dotted key; arrays and the form are leaves (replaced whole, never merged). */
function flatten(value: Json, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, item]): [string, unknown][] => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isPlainObject(item) && path !== 'form' && Object.keys(item).length > 0 ? flatten(item, path) : [[path, item]];
  });
}

function setPath(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node[key])) defineOwn(node, key, {});
    node = node[key] as Json;
  }
  defineOwn(node, keys[keys.length - 1]!, value);
}

// A config file is trusted, but a `__proto__` key in it must still be a key, not a prototype.
function defineOwn(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

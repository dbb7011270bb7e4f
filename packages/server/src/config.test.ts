import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FORM, DEFAULT_SLA_POLICY } from '@fankui/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARS, loadConfig, parseConfig } from './config';

const dir = mkdtempSync(join(tmpdir(), 'fankui-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('server configuration', () => {
  it('has safe defaults', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8787, dataDir: './.fankui-data', databaseUrl: null, synchronous: 'normal', corsOrigins: ['*'], trustProxy: false, userTokenSecret: null, operatorTokens: [] });
    expect(config.rateLimit).toEqual({ enabled: true, perReporter: { burst: 60, perMinute: 120 }, perIp: { burst: 600, perMinute: 1200 } });
    expect(config.form).toEqual(DEFAULT_FORM);
    expect(config.sla).toEqual(DEFAULT_SLA_POLICY);
    expect(parseConfig(config)).toEqual(config); // parsing a parsed config changes nothing
  });

  it('caps the SQLite WAL at 256 MiB unless told otherwise (FANKUI_WAL_CAP_BYTES, --wal-cap-bytes; 0: no cap)', () => {
    expect(parseConfig({}).walCapBytes).toBe(256 * 1024 * 1024);
    expect(loadConfig({ env: { FANKUI_WAL_CAP_BYTES: '0' } }).walCapBytes).toBe(0);
    expect(loadConfig({ env: { FANKUI_WAL_CAP_BYTES: '0' }, flags: { walCapBytes: 1_048_576 } }).walCapBytes).toBe(1_048_576);
    expect(issuesOf(() => loadConfig({ env: { FANKUI_WAL_CAP_BYTES: '-1' } })).map((issue) => `${issue.key} ← ${issue.source}`)).toEqual(['walCapBytes ← FANKUI_WAL_CAP_BYTES']);
  });

  it('takes the WeChat app secret from the environment or a file, never with the AppID alone', () => {
    const secretFile = join(dir, 'wechat-secret');
    writeFileSync(secretFile, 'app-secret-from-a-file\n');
    const fromFile = loadConfig({ env: { FANKUI_WECHAT_APP_ID: 'wx0123456789abcdef', FANKUI_WECHAT_APP_SECRET_FILE: secretFile } });
    expect(fromFile.wechat).toMatchObject({ appId: 'wx0123456789abcdef', appSecret: 'app-secret-from-a-file', apiBaseUrl: 'https://api.weixin.qq.com', page: 'pages/feedback/detail?id=' });
    expect(loadConfig({ env: {}, flags: { 'wechat.appId': 'wx0123456789abcdef', wechatAppSecretFile: secretFile } }).wechat.appSecret).toBe('app-secret-from-a-file');
    const both = issuesOf(() => loadConfig({ env: { FANKUI_WECHAT_APP_ID: 'wx1', FANKUI_WECHAT_APP_SECRET: 'in-the-env', FANKUI_WECHAT_APP_SECRET_FILE: secretFile } }));
    expect(both).toEqual([expect.objectContaining({ key: 'wechat.appSecret', source: `FANKUI_WECHAT_APP_SECRET and ${'FANKUI_WECHAT_APP_SECRET_FILE'}` })]);
    expect(both[0]!.message).not.toContain('in-the-env');
    expect(issuesOf(() => loadConfig({ env: { FANKUI_WECHAT_APP_ID: 'wx0123456789abcdef' } })).map((issue) => issue.key)).toEqual(['wechat.appSecret']);
    expect(loadConfig({ env: {} }).wechat).toMatchObject({ appId: null, appSecret: null, templates: {} });
  });

  it('layers defaults ← file ← env ← flags, merging objects', () => {
    const file = join(dir, 'layers.json');
    writeFileSync(file, JSON.stringify({ port: 1000, host: '0.0.0.0', rateLimit: { perIp: { burst: 5, perMinute: 6 } }, operatorTokens: [{ name: 'a', token: 'file-token-123456789' }] }));
    const config = loadConfig({
      file,
      env: { FANKUI_PORT: '2000', FANKUI_RATE_LIMIT_IP_BURST: '7', FANKUI_OPERATOR_TOKENS: 'env-token-1234567890, env-token-abcdefghij', FANKUI_TRUST_PROXY: 'yes', FANKUI_DATABASE_URL: '' },
      flags: { port: 3000 },
    });
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', trustProxy: true, databaseUrl: null });
    expect(config.rateLimit.perIp).toEqual({ burst: 7, perMinute: 6 });
    expect(config.operatorTokens).toEqual(['env-token-1234567890', 'env-token-abcdefghij']);
  });

  it('bounds waiting uploads and keeps personal data by default; both come from the environment', () => {
    const config = parseConfig({});
    expect(config.uploads).toEqual({ reporterUnattachedBytes: 20 * 1024 * 1024, totalUnattachedBytes: 2 * 1024 * 1024 * 1024, graceHours: 24 });
    expect(config).toMatchObject({ retentionDays: 0, purgeIntervalSeconds: 3600 });
    const set = loadConfig({ env: { FANKUI_UPLOAD_QUOTA_REPORTER_BYTES: '1000', FANKUI_UPLOAD_GRACE_HOURS: '2', FANKUI_RETENTION_DAYS: '180', FANKUI_PURGE_INTERVAL_SECONDS: '0' } });
    expect(set.uploads).toMatchObject({ reporterUnattachedBytes: 1000, graceHours: 2 });
    expect(set).toMatchObject({ retentionDays: 180, purgeIntervalSeconds: 0 });
    const issues = issuesOf(() => loadConfig({ env: { FANKUI_UPLOAD_QUOTA_TOTAL_BYTES: '0', FANKUI_RETENTION_DAYS: '-1' } }));
    expect(issues.map((issue) => `${issue.key} ← ${issue.source}`).sort()).toEqual(['retentionDays ← FANKUI_RETENTION_DAYS', 'uploads.totalUnattachedBytes ← FANKUI_UPLOAD_QUOTA_TOTAL_BYTES']);
  });

  it('names every bad key with where it came from', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ prot: 1, corsOrigins: ['console.example.com'], limits: { jsonBytes: 0 } }));
    const issues = issuesOf(() => loadConfig({ file, env: { FANKUI_PORT: 'http', FANKUI_LOG_LEVEL: 'loud' }, flags: { synchronous: 'off' } }));
    expect(issues.map((issue) => `${issue.key} ← ${issue.source}`).sort()).toEqual(
      [`corsOrigins.0 ← config file ${file}`, `limits.jsonBytes ← config file ${file}`, 'logLevel ← FANKUI_LOG_LEVEL', 'port ← FANKUI_PORT', `prot ← config file ${file}`, 'synchronous ← command line'].sort(),
    );
  });

  it('reports unreadable and non-JSON files clearly', () => {
    expect(issuesOf(() => loadConfig({ file: join(dir, 'missing.json'), env: {} }))[0]!.message).toMatch(/^cannot read/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ port: 1 }');
    expect(issuesOf(() => loadConfig({ file: broken, env: {} }))[0]!.message).toMatch(/^not valid JSON/);
  });

  it('validates a custom form with the core schema', () => {
    const issues = issuesOf(() => parseConfig({ form: { ...DEFAULT_FORM, fields: [] } }));
    expect(issues[0]!.key).toBe('form.fields');
  });

  it('maps every env var to a key the schema knows', () => {
    for (const [name, { key }] of Object.entries(ENV_VARS)) {
      expect(name).toMatch(/^FANKUI_[A-Z_]+$/);
      const top = key.split('.')[0]!;
      expect(Object.keys(parseConfig({}))).toContain(top);
    }
  });
});

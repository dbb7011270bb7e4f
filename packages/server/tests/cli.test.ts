import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/app';
import { silentLogger } from '../src/logger';
import { SQLITE_FILE_NAME, createSqliteStore } from '../src/store/sqlite';
import { runCli } from './support/cli';
import { newReporterSecret, paymentSubmission } from './support/harness';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fankui-cli-test-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('fankui-server CLI', () => {
  it('prints help for the program and every command', async () => {
    const results = await Promise.all([
      runCli(['--help']),
      runCli(['start', '--help']),
      runCli(['migrate', '--help']),
      runCli(['create-operator-token', '--help']),
      runCli(['export', '--help']),
    ]);
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const [program, start, migrate, token, exported] = results.map((result) => result.stdout);
    expect(program).toContain('Usage: fankui-server');
    for (const command of ['start', 'migrate', 'create-operator-token', 'export']) expect(program).toContain(command);
    for (const flag of ['--port', '--host', '--data-dir', '--database-url', '--config', '--synchronous', '--wal-cap-bytes', '--seed-demo']) expect(start).toContain(flag);
    expect(migrate).toContain('--database-url');
    expect(token).toContain('--name');
    for (const flag of ['--out', '--status', '--priority', '--from', '--to']) expect(exported).toContain(flag);
  }, 60_000);

  it('lists every bad setting with its source and exits with 2', async () => {
    const dir = tempDir();
    const configFile = join(dir, 'fankui.json');
    writeFileSync(configFile, JSON.stringify({ prot: 8080, rateLimit: { perIp: { burst: -1, perMinute: 10 } } }));
    const result = await runCli(['start', '--config', configFile, '--port', 'eighty', '--data-dir', dir], { FANKUI_SYNCHRONOUS: 'sometimes' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain(`prot (config file ${configFile})`);
    expect(result.stderr).toContain(`rateLimit.perIp.burst (config file ${configFile})`);
    expect(result.stderr).toContain('port (command line)');
    expect(result.stderr).toContain('synchronous (FANKUI_SYNCHRONOUS)');
    expect(existsSync(join(dir, SQLITE_FILE_NAME))).toBe(false); // nothing was started

    const unreadable = await runCli(['migrate', '--config', join(dir, 'missing.json')]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('cannot read');
    const usage = await runCli(['create-operator-token']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '-n, --name <name>'");
  }, 60_000);

  it('migrates a new data directory and exports redacted CSV', async () => {
    const dir = tempDir();
    const migrated = await runCli(['migrate', '--data-dir', dir]);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(existsSync(join(dir, SQLITE_FILE_NAME))).toBe(true);

    const store = createSqliteStore({ dataDir: dir });
    const app = createApp({ store, logger: silentLogger });
    const submission = paymentSubmission({ answers: { category: 'payment', subtypes: ['refund'], description: '退款没到账，请打 13912345678 联系我' } });
    const response = await app.request('/v1/submissions', {
      method: 'POST',
      headers: { authorization: `Bearer ${newReporterSecret()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ submissions: [submission] }),
    });
    expect(response.status).toBe(200);
    await store.close();

    const toStdout = await runCli(['export', '--data-dir', dir]);
    expect(toStdout.code, toStdout.stderr).toBe(0);
    expect(toStdout.stdout.startsWith('\uFEFFid,client_id,')).toBe(true);
    expect(toStdout.stdout).toContain('139****5678');
    expect(toStdout.stdout).not.toContain('13912345678');

    const out = join(dir, 'export.csv');
    const filtered = await runCli(['export', '--data-dir', dir, '--out', out, '--priority', 'low']);
    expect(filtered.code, filtered.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').trimEnd().split('\r\n')).toHaveLength(1); // the header only
    const bad = await runCli(['export', '--data-dir', dir, '--priority', 'urgent']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--priority');
  }, 60_000);

  it('purges uploads past the grace period; says so when retention is off; refuses a bad retention', async () => {
    const dir = tempDir();
    const store = createSqliteStore({ dataDir: dir });
    await store.migrate();
    const upload = (id: string, hoursAgo: number) =>
      store.putAttachment(
        { id, reporterId: 'r', contentType: 'image/png', size: 2, createdAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(), ticketId: null },
        new Uint8Array([1, 2]),
      );
    await upload('at_old', 25);
    await upload('at_new', 1);
    await store.close();

    const run = await runCli(['purge', '--data-dir', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ unattachedAttachments: 1, tickets: null });
    expect(run.stderr).toContain('Retention is off');
    expect(existsSync(join(dir, 'attachments', 'at_old'))).toBe(false);
    expect(existsSync(join(dir, 'attachments', 'at_new'))).toBe(true);

    const shorter = await runCli(['purge', '--data-dir', dir], { FANKUI_UPLOAD_GRACE_HOURS: '0.5' });
    expect(JSON.parse(shorter.stdout)).toEqual({ unattachedAttachments: 1, tickets: null });
    const bad = await runCli(['purge', '--data-dir', dir, '--retention-days', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('retentionDays (command line)');
  }, 60_000);

  it('starts, serves, and stops gracefully on SIGTERM', async () => {
    const dir = tempDir();
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'start', '--port', '0', '--data-dir', dir, '--seed-demo'], { cwd: root });
    const lines: Record<string, unknown>[] = [];
    const listening = new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n')) {
          const line = JSON.parse(buffer.slice(0, end)) as Record<string, unknown>;
          buffer = buffer.slice(end + 1);
          lines.push(line);
          if (line.msg === 'demo tickets added') resolve(String(lines.find((entry) => entry.msg === 'listening')?.url));
        }
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    try {
      const url = await listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const demo = await fetch(`${url}/v1/tickets`, { headers: { authorization: `Bearer ${'de'.repeat(32)}` } });
      expect(((await demo.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES, type ConformanceReport } from '@fankui/conformance';

/**
 * The BUILT `fankui-conformance` (npm run build first) against the BUILT `fankui-server`,
 * as an integrator runs them: exit codes, the text report and the JSON report.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KIT = join(ROOT, 'packages/conformance/bin/fankui-conformance.mjs');
const SERVER = join(ROOT, 'packages/server/bin/fankui-server.mjs');
const OPERATOR_TOKEN = 'cli-test-operator-token-0123456789';

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KIT, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the fankui-conformance CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fankui-conformance-cli-'));
  let server: ChildProcess;
  let endpoint: string;
  beforeAll(async () => {
    server = spawn(process.execPath, [SERVER, 'start', '--port', '0', '--data-dir', join(dir, 'data')], {
      cwd: ROOT,
      env: { ...process.env, FANKUI_OPERATOR_TOKENS: OPERATOR_TOKEN, FANKUI_LOG_LEVEL: 'info' },
    });
    endpoint = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const url = /"msg":"listening".*?"url":"([^"]+)"/.exec(buffered)?.[1];
        if (url) resolve(url);
      });
      server.on('exit', (code) => reject(new Error(`fankui-server exited with ${code}`)));
    });
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes fankui-server with exit code 0, a text report and a JSON report', async () => {
    const json = join(dir, 'report.json');
    const calls = join(dir, 'reporters.txt');
    const tokenCommand = `echo "$FANKUI_REPORTER" >> "${calls}" && node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))"`;
    const result = await run(['--endpoint', endpoint, '--operator-token', OPERATOR_TOKEN, '--reporter-token-command', tokenCommand, '--json', json]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`Fankui protocol v1 conformance: ${endpoint}`);
    expect(result.stdout).toContain('✓ idempotency.resend');
    expect(result.stdout).toContain('✓ lifecycle.rating');
    expect(result.stdout).toMatch(/– idempotency\.form-changed[^\n]*\n\s+skipped: needs a way to publish a new form version/);
    expect(result.stdout).toMatch(/\d+ passed, 0 failed, \d+ skipped of \d+ cases in [\d.]+ s — CONFORMS/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as ConformanceReport;
    expect(report).toMatchObject({ protocol: 'v1', endpoint, ok: true, stages: [...STAGES] });
    expect(report.summary.failed).toBe(0);
    expect(report.summary.passed).toBeGreaterThanOrEqual(17);
    expect(report.results.find((entry) => entry.id === 'tickets.private')).toMatchObject({ outcome: 'pass', stage: 'reporter' });
    // The token command ran once per reporter the kit needed.
    expect(readFileSync(calls, 'utf8').trim().split('\n').sort()).toEqual(['a', 'b']);
  }, 60_000);

  it('exits 1 and names the failing case when the backend breaks a rule', async () => {
    // A wrong operator token: the admin stage's own calls are refused.
    const result = await run(['--endpoint', endpoint, '--operator-token', 'not-the-operator-token', '--only', 'admin.reply']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ admin.reply');
    expect(result.stdout).toMatch(/request: {2}POST \/v1\/admin\/tickets\/[^/]+\/replies/);
    expect(result.stdout).toMatch(/answer: {3}401/);
    expect(result.stdout).toContain('DOES NOT CONFORM');
  });

  it('runs --change-form-command for idempotency.form-changed, and fails the case when the form stays the same', async () => {
    const marker = join(dir, 'form-changed.txt');
    // fankui-server changes its form only with a new configuration; this command changes nothing.
    const result = await run(['--endpoint', endpoint, '--only', 'idempotency.form-changed', '--change-form-command', `echo ran > "${marker}"`]);
    expect(readFileSync(marker, 'utf8').trim()).toBe('ran');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ idempotency.form-changed');
    expect(result.stdout).toMatch(/changeForm left the form at \S+ v\d+/);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [[], ['--endpoint', 'not a url'], ['--endpoint', endpoint, '--stage', 'admin'], ['--endpoint', endpoint, '--stage', 'everything']]) {
      const result = await run(args, { FANKUI_OPERATOR_TOKEN: '' });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
    expect((await run(['--list'])).stdout).toMatch(/^config\.etag\s+reporter\s+GET \/v1\/config/m);
  });
});

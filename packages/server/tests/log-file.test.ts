import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fankui-log-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type LogLine = { level: string; msg: string; route?: string | null; status?: number; url?: string };
const readLog = (file: string): LogLine[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine) : [];

async function until<T>(probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((wait) => setTimeout(wait, 100))) {
    const value = probe();
    if (value !== undefined) return value;
  }
  throw new Error('timed out');
}

// What `npm run demo` relies on: with --log-file the terminal (stdout) stays empty while
// every request, 404s included, is in the file.
describe('fankui-server start --log-file', () => {
  it('writes its logs to the file and nothing to stdout', async () => {
    const file = join(dir, 'logs/server.log');
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('FANKUI_')));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'packages/server/src/cli.ts', 'start', '--port', '0', '--data-dir', join(dir, 'data'), '--log-file', file, '--seed-demo'],
      { cwd: ROOT, env },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await until(() => {
        if (child.exitCode !== null) throw new Error(`exited early with ${child.exitCode}: ${stderr}`);
        const lines = readLog(file);
        return lines.some((line) => line.msg === 'demo tickets added') ? lines.find((line) => line.msg === 'listening')?.url : undefined;
      });
      expect((await fetch(`${url}/`)).status).toBe(200);
      expect((await fetch(`${url}/favicon.ico`)).status).toBe(404);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const requests = readLog(file).filter((line) => line.msg === 'request');
      expect(requests.map(({ route, status }) => [route, status])).toEqual([
        ['/', 200],
        [null, 404],
      ]);
      expect(readLog(file).map((line) => line.msg)).toEqual(expect.arrayContaining(['listening', 'demo tickets added', 'shutting down', 'stopped']));
      expect(stdout).toBe('');
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});

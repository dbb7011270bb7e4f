import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StoreLocation } from './harness';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI = 'packages/server/src/cli.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `fankui-server` from its sources (`node --import tsx`, from the repo root so the
 * workspace paths resolve), with a clean `FANKUI_*` environment plus `env`.
 */
export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<CliResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('FANKUI_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...clean, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The CLI flags that point at a store. */
export const storeFlags = (location: StoreLocation): string[] =>
  'dataDir' in location ? ['--data-dir', location.dataDir] : ['--database-url', location.databaseUrl];

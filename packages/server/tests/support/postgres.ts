import { execFile, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A running throw-away PostgreSQL cluster. */
export interface TestPostgres {
  /** Superuser connection URL of an empty database on 127.0.0.1 (trust auth). */
  url: string;
  /** Stops the cluster and deletes its files. Safe to call twice. */
  stop(): Promise<void>;
}

/** What to install when PostgreSQL is missing; test files print it when they skip. */
export const POSTGRES_HINT = 'PostgreSQL tests need Debian\'s server binaries: apt-get install postgresql';

const DEBIAN_ROOT = '/usr/lib/postgresql';
// Without getuid (Windows) there is no root to step down from.
const isRoot = () => process.getuid?.() === 0;

/**
 * Starts a private PostgreSQL cluster for tests: Debian's binaries (installed with
 * apt-get when missing and running as root), a fresh data directory in the temp dir,
 * listening only on 127.0.0.1 on a free port with sockets in that directory, fsync off.
 * `initdb` refuses to run as root, so as root the cluster runs as the `postgres` user.
 *
 * When PostgreSQL cannot be found or installed, this throws under CI (`CI` set: a
 * missing system component must fail the build) and otherwise resolves to null.
 *
 * @example
 * const postgres = await startPostgres();
 * if (postgres) { use(postgres.url); await postgres.stop(); }
 */
export async function startPostgres(): Promise<TestPostgres | null> {
  let bin = findBinaries();
  if (!bin && isRoot()) {
    await installPostgres();
    bin = findBinaries();
  }
  if (!bin) {
    if (process.env.CI) throw new Error(`PostgreSQL not found under ${DEBIAN_ROOT}/*/bin and could not be installed. ${POSTGRES_HINT}`);
    return null;
  }
  const binDir = bin;

  const dir = mkdtempSync(join(tmpdir(), 'fankui-pg-'));
  const dataDir = join(dir, 'data');
  const asOwner = (command: string, args: string[]): [string, string[]] =>
    isRoot() ? ['runuser', ['-u', 'postgres', '--', join(binDir, command), ...args]] : [join(binDir, command), args];
  const stopSync = () => {
    if (existsSync(join(dataDir, 'postmaster.pid'))) spawnSync(...asOwner('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']), { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopSync);

  try {
    if (isRoot()) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
    await run(...asOwner('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']), { env });
    const port = await freePort();
    appendFileSync(
      join(dataDir, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 200',
        '',
      ].join('\n'),
    );
    await run(...asOwner('pg_ctl', ['start', '-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60']), { env });

    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE fankui_test');
    } finally {
      await admin.end();
    }

    let stopped = false;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/fankui_test`,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', stopSync);
        await run(...asOwner('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w'])).catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.removeListener('exit', stopSync);
    stopSync();
    throw error;
  }
}

/** The newest `/usr/lib/postgresql/<version>/bin` that has initdb and pg_ctl. */
function findBinaries(): string | null {
  if (!existsSync(DEBIAN_ROOT)) return null;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(DEBIAN_ROOT, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

async function installPostgres(): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
    await run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    // Reported by the caller as "not found", with the hint; CI turns that into a failure.
    if (process.env.CI) throw new Error(`apt-get install postgresql failed: ${(error as Error).message}`);
  }
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gidOf(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

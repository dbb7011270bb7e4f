import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli';
import { POSTGRES_HINT } from './support/postgres';
import { postgresStores } from './support/postgres-stores';

const postgres = await postgresStores();
if (!postgres) console.warn(`Skipping the database URL sources of the CLI. ${POSTGRES_HINT}`);
const dir = mkdtempSync(join(tmpdir(), 'fankui-cli-db-url-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await postgres?.cleanup();
});

// Trust authentication ignores it, so it can stand for a real password in the output checks.
const PASSWORD = 'S3cret-Pa55word';

/** A fresh schema's URL, with a password, so every source migrates a store of its own. */
async function databaseUrl(): Promise<string> {
  const { store, location } = await postgres!.open();
  await store.close();
  const url = new URL((location as { databaseUrl: string }).databaseUrl);
  url.password = PASSWORD;
  return url.toString();
}

const secretFile = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
};

describe.skipIf(!postgres)('fankui-server: where the database URL comes from', () => {
  it('takes it from --database-url', async () => {
    const result = await runCli(['migrate', '--database-url', await databaseUrl()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('migrated the postgres store');
  });

  it('takes it from FANKUI_DATABASE_URL', async () => {
    const result = await runCli(['migrate'], { FANKUI_DATABASE_URL: await databaseUrl() });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('migrated the postgres store');
  });

  it('takes it from --database-url-file, trimmed as a secret file is written', async () => {
    const file = secretFile('flag-secret', `\n  ${await databaseUrl()}\n`);
    const result = await runCli(['migrate', '--database-url-file', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('migrated the postgres store');
  });

  it('takes it from FANKUI_DATABASE_URL_FILE', async () => {
    const file = secretFile('env-secret', `${await databaseUrl()}\n`);
    const result = await runCli(['migrate'], { FANKUI_DATABASE_URL_FILE: file });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('migrated the postgres store');
  });

  it('refuses a URL and a file together, an unreadable file and an empty one, without printing the password', async () => {
    const url = await databaseUrl();
    const file = secretFile('both-secret', url);
    const results = await Promise.all([
      runCli(['migrate', '--database-url-file', file], { FANKUI_DATABASE_URL: url }),
      runCli(['migrate', '--database-url', url], { FANKUI_DATABASE_URL_FILE: file }),
      runCli(['migrate', '--database-url-file', join(dir, 'missing')]),
      runCli(['migrate'], { FANKUI_DATABASE_URL_FILE: secretFile('empty-secret', ' \n') }),
      runCli(['migrate', '--database-url-file', secretFile('not-a-url', 'mysql://root@localhost/db\n')]),
    ]);
    const [flagFileAndEnv, flagAndEnvFile, missing, empty, notPostgres] = results;
    for (const result of results) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain('Invalid configuration');
      expect(result.stderr + result.stdout).not.toContain(PASSWORD);
    }
    expect(flagFileAndEnv!.stderr).toContain('databaseUrl (FANKUI_DATABASE_URL and --database-url-file)');
    expect(flagFileAndEnv!.stderr).toContain('not both');
    expect(flagAndEnvFile!.stderr).toContain('databaseUrl (command line and FANKUI_DATABASE_URL_FILE)');
    expect(missing!.stderr).toContain(`databaseUrl (--database-url-file ${join(dir, 'missing')}): cannot read: ENOENT`);
    expect(empty!.stderr).toContain('the file is empty');
    expect(notPostgres!.stderr).toContain('must start with postgres://');
  });

  it('names the file flag in the help and prefers it to the URL flag', async () => {
    const help = await runCli(['start', '--help']);
    expect(help.stdout).toContain('--database-url-file');
    expect(help.stdout).toMatch(/prefer\s+FANKUI_DATABASE_URL/);
  });
});

// Unreadable for the owner too unless root, which reads anything.
if (process.getuid?.() !== 0) {
  it('reports a file it may not read', async () => {
    const file = secretFile('locked-secret', 'postgres://u@127.0.0.1/db');
    chmodSync(file, 0o000);
    const result = await runCli(['migrate', '--database-url-file', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read: EACCES');
  });
}

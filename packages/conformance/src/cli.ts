import { exec } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { CASES } from './cases/index';
import { formatReport } from './report';
import { runConformance } from './run';
import { STAGES, type ReporterName, type Stage } from './types';

/** Exit codes: 0 the backend conforms, 1 a case failed, 2 bad usage. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

interface CliOptions {
  endpoint?: string;
  operatorToken?: string;
  reporterTokenCommand?: string;
  changeFormCommand?: string;
  stage: 'all' | Stage;
  json?: string;
  only?: string[];
  list?: boolean;
}

/**
 * `fankui-conformance`: runs the kit against `--endpoint` and prints the report; resolves
 * with the exit code.
 *
 * @example process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = new Command('fankui-conformance')
    .description('Check that a backend speaks Fankui protocol v1: the behavioural contract over real HTTP')
    .option('-e, --endpoint <url>', 'base URL of the backend, e.g. http://127.0.0.1:8787')
    .addOption(new Option('--operator-token <token>', 'operator token for the admin stage').env('FANKUI_OPERATOR_TOKEN'))
    .option('--reporter-token-command <command>', 'shell command printing a reporter token, run once per reporter with FANKUI_REPORTER=a or b (default: fresh random secrets)')
    .option(
      '--change-form-command <command>',
      'shell command that makes the backend serve a new version of its active form; enables idempotency.form-changed',
    )
    .addOption(new Option('--stage <stage>', 'stages to run').choices(['reporter', 'admin', 'all']).default('all'))
    .option('--json <file>', 'also write the report as JSON (for CI)')
    .option('--only <patterns...>', 'only cases whose id matches (e.g. idempotency.* or tickets.private; comma-separated too)')
    .option('--list', 'list the cases and exit')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  let options: CliOptions;
  try {
    program.parse(argv);
    options = program.opts<CliOptions>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }

  if (options.list) {
    for (const entry of CASES) io.stdout(`${entry.id.padEnd(30)} ${entry.stage.padEnd(9)} ${entry.title}\n`);
    return EXIT.ok;
  }
  const usage = usageError(options);
  if (usage) {
    io.stderr(`fankui-conformance: ${usage}\n`);
    return EXIT.usage;
  }

  const stages: Stage[] = options.stage === 'all' ? [...STAGES] : [options.stage];
  const command = options.reporterTokenCommand;
  const changeForm = options.changeFormCommand;
  const report = await runConformance({
    endpoint: options.endpoint!,
    stages,
    ...(options.operatorToken ? { operatorToken: options.operatorToken } : {}),
    ...(command ? { reporterToken: (name: ReporterName) => tokenFromCommand(command, name) } : {}),
    ...(changeForm ? { changeForm: () => run(changeForm, {}, '--change-form-command').then(() => undefined) } : {}),
    ...(options.only ? { only: options.only.flatMap((pattern) => pattern.split(',')) } : {}),
  });
  io.stdout(`${formatReport(report)}\n`);
  if (options.json) {
    await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
    io.stdout(`JSON report written to ${options.json}\n`);
  }
  return report.ok ? EXIT.ok : EXIT.failure;
}

function usageError(options: CliOptions): string | undefined {
  if (!options.endpoint) return '--endpoint <url> is required';
  let url: URL;
  try {
    url = new URL(options.endpoint);
  } catch {
    return `--endpoint "${options.endpoint}" is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `--endpoint must be http:// or https://, not ${url.protocol}`;
  if (options.stage === 'admin' && !options.operatorToken) return '--stage admin needs --operator-token (or FANKUI_OPERATOR_TOKEN)';
  return undefined;
}

/** Runs one of the integrator's shell commands; resolves with its trimmed stdout. */
function run(command: string, env: Record<string, string>, flag: string): Promise<string> {
  return new Promise((resolve, reject) => {
    exec(command, { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${flag} failed: ${String(stderr).trim() || error.message}`));
      else resolve(String(stdout).trim());
    });
  });
}

/** Runs the integrator's command with FANKUI_REPORTER=<name>; its trimmed stdout is the token. */
async function tokenFromCommand(command: string, name: ReporterName): Promise<string> {
  const token = await run(command, { FANKUI_REPORTER: name }, `--reporter-token-command (reporter ${name})`);
  if (!token) throw new Error(`--reporter-token-command printed nothing for reporter ${name}`);
  return token;
}

/**
 * `npm run demo`: the reference server with demo tickets + the Taro example app's H5 build
 * pointed at it, on this machine only (127.0.0.1).
 *
 * 1. builds the packages and the operator console (`npm run build`) and the example app
 *    for H5 (Taro);
 * 2. starts `fankui-server start --seed-demo` on the embedded store in .fankui-data/demo,
 *    with a demo operator token it prints; the server's request log goes to
 *    .fankui-data/demo/server.log, so this terminal keeps the banner (and errors, which the
 *    server also writes to stderr);
 * 3. serves the H5 build with a tiny static server;
 * 4. prints the URLs, the operator console's first with a link that signs in (the token
 *    rides in the URL fragment, which browsers never send to a server); Ctrl-C (SIGINT) or
 *    SIGTERM stops both servers and exits 0.
 *
 * Run as `node --import tsx scripts/demo.ts` (what `npm run demo` does): without the tsx
 * CLI in between, Ctrl-C reaches this process directly and nothing relays or escalates it.
 *
 * Options: `--no-build` reuses the previous builds (the H5 build must have been made for
 * the same API port). Ports: FANKUI_DEMO_API_PORT (default 8787) and FANKUI_DEMO_APP_PORT
 * (default 10086); a taken port is replaced by a free one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { buildExample, EXAMPLE_DIR, missingPackageBuilds, ROOT } from './example-app';
import { serveStatic, type StaticServer } from './static-server';

const HOST = '127.0.0.1';
const DATA_DIR = join(ROOT, '.fankui-data/demo');
const LOG_FILE = join(DATA_DIR, 'server.log');
const H5_DIR = join(EXAMPLE_DIR, 'dist/h5');
/** The reporter the `--seed-demo` tickets belong to (documented in docs/server.md). */
const DEMO_REPORTER_SECRET = 'de'.repeat(32);
const OPERATOR_NAME = '客服小王';

const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`\x1b[36m▸\x1b[0m ${line}`);

/** `wanted` when it is free on 127.0.0.1, otherwise a free port the system picks. */
function portFor(wanted: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((done) => {
      const probe = createServer();
      probe.once('error', () => done(null));
      probe.listen(port, HOST, () => {
        const { port: got } = probe.address() as { port: number };
        probe.close(() => done(got));
      });
    });
  return tryListen(wanted).then((port) => port ?? tryListen(0).then((free) => free ?? Promise.reject(new Error('no free port'))));
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function waitForHealth(url: string, server: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`fankui-server exited with ${server.exitCode} before it answered`);
    const ok = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((wait) => setTimeout(wait, 200));
  }
  throw new Error(`fankui-server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

async function main(): Promise<number> {
  const build = !process.argv.includes('--no-build');
  const apiPort = await portFor(Number(process.env.FANKUI_DEMO_API_PORT ?? 8787));
  const appPort = await portFor(Number(process.env.FANKUI_DEMO_APP_PORT ?? 10086));
  const api = `http://${HOST}:${apiPort}`;
  // Until both servers run, a signal just ends the script; its 'exit' handlers stop the
  // Taro build (its own process group) and the server.
  const abortStart = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopped before the demo was up.\n`);
    process.exit(1);
  };
  process.on('SIGINT', abortStart);
  process.on('SIGTERM', abortStart);

  if (build) {
    step('building the packages (npm run build)');
    await run('npm', ['run', 'build', '--silent']);
    const missing = missingPackageBuilds();
    if (missing.length) throw new Error(`npm run build did not produce ${missing.join(', ')}`);
    step(`building the example app for H5 against ${api} (Taro, about half a minute)`);
    const { durationMs } = await buildExample('h5', { endpoint: api, demoReporter: DEMO_REPORTER_SECRET });
    step(`H5 build ready in ${(durationMs / 1000).toFixed(1)} s`);
  }
  if (!existsSync(join(ROOT, 'packages/server/dist/cli.mjs'))) throw new Error('the server is not built: run npm run demo without --no-build');
  if (!existsSync(join(ROOT, 'packages/server/console-dist/index.html'))) throw new Error('the operator console is not built: run npm run demo without --no-build');
  if (!existsSync(join(H5_DIR, 'index.html'))) throw new Error(`no H5 build in ${H5_DIR}: run npm run demo without --no-build`);

  mkdirSync(DATA_DIR, { recursive: true });
  // A fresh operator token each run, named so replies read "客服小王" in 我的反馈. It sits in
  // a config file in the (git-ignored) data dir: a demo, not how to keep secrets.
  const operatorToken = `demo-operator-${randomBytes(16).toString('hex')}`;
  const configFile = join(DATA_DIR, 'demo-config.json');
  writeFileSync(configFile, `${JSON.stringify({ operatorTokens: [{ name: OPERATOR_NAME, token: operatorToken }], corsOrigins: ['*'] }, null, 2)}\n`, { mode: 0o600 });
  step(`starting fankui-server on the embedded store in ${relative(ROOT, DATA_DIR)}`);
  const server = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/server/bin/fankui-server.mjs'),
      'start', '--seed-demo', '--config', configFile, '--data-dir', DATA_DIR, '--port', String(apiPort), '--host', HOST, '--log-file', LOG_FILE,
    ],
    {
      cwd: ROOT,
      // Every request goes to the log file; only errors reach this terminal (on stderr).
      env: { ...process.env, FANKUI_LOG_LEVEL: process.env.FANKUI_LOG_LEVEL ?? 'info' },
      stdio: ['ignore', 'inherit', 'inherit'],
      // Its own process group: Ctrl-C reaches only this script, which then stops the server
      // once (a second signal would make the server skip its graceful shutdown).
      detached: true,
    },
  );
  const serverExit = new Promise<number>((done) => server.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
  const killServer = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  };
  process.once('exit', killServer);

  let app: StaticServer | undefined;
  try {
    await waitForHealth(api, server);
    app = await serveStatic(H5_DIR, { port: appPort, host: HOST });
  } catch (error) {
    server.kill('SIGTERM');
    await serverExit;
    throw error;
  }

  say();
  say('  Fankui demo is running (127.0.0.1 only):');
  say();
  say(`  the operator console   ${api}/console/#token=${operatorToken}`);
  say(`                         (this link signs in as ${OPERATOR_NAME}; or open ${api}/console/ and paste the token)`);
  say(`  operator token         ${operatorToken}`);
  say(`  the example app (H5)   ${app.url}/`);
  say(`  the API                ${api}/   (links to health, OpenAPI and the docs; operator routes: docs/server.md)`);
  say();
  say('  Try it: open the app, tap 反馈与投诉, submit; the ticket appears in the console\'s inbox');
  say('  without a reload. Open it, reply (快捷回复 has templates), resolve, and watch 我的反馈 in');
  say('  the app. The app acts as the demo reporter, so 我的反馈 also lists the seeded tickets.');
  say('  The console: docs/console.md. The same from a terminal:');
  say(`    curl -H "Authorization: Bearer ${operatorToken}" ${api}/v1/admin/tickets`);
  say();
  say('  Native mini-program: node examples/weapp-native/scripts/build-npm.mjs, then open');
  say(`  examples/weapp-native in WeChat DevTools (endpoint in its config.js: ${api}).`);
  say(`  Request log: ${relative(ROOT, LOG_FILE)} (tail -f it to watch requests; errors also show here).`);
  say(`  Data: ${relative(ROOT, DATA_DIR)} (delete it to start over). Stop with Ctrl-C.`);
  say();

  process.off('SIGINT', abortStart);
  process.off('SIGTERM', abortStart);
  return new Promise<number>((finish) => {
    let stopping = false;
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl-C: do not wait for requests in flight.
        say(`${signal} again: stopping at once.`);
        killServer();
        finish(1);
        return;
      }
      stopping = true;
      say(`\n${signal}: stopping the demo… (Ctrl-C again to force)`);
      server.kill('SIGTERM');
      const [code] = await Promise.all([serverExit, app?.close()]);
      say(code === 0 ? 'stopped.' : `fankui-server exited with ${code}`);
      finish(code === 0 ? 0 : 1);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    void serverExit.then(async (code) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`fankui-server stopped unexpectedly (exit ${code})\n`);
      await app?.close();
      finish(1);
    });
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

/**
 * How fast the reference server ingests submissions and answers the admin statistics.
 * Not a test: run `npm run bench:server` (about 3 minutes on 2 idle cores) and read it.
 *
 *   npm run bench:server
 *   npm run bench:server -- --duration 10 --connections 64
 *   npm run bench:server -- --only ceiling,sqlite,half --cpu-prof
 *   BENCH_TICKETS=200000 npm run bench:server -- --only stats
 *   npm run bench:server -- --help
 *
 * On 127.0.0.1 only. Each server under test runs in its own process; autocannon (or the
 * paced generator for steady-rate latency) runs in this one. See docs/benchmarks.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startPostgres, type TestPostgres } from '../packages/server/tests/support/postgres';
import { paced } from './support/paced';
import { batchBody, checkTemplates, countAccepted, reporterPool } from './support/submissions';
import { BENCH_OPERATOR_TOKEN, type TargetMessage, type TargetSpec } from './support/bench-config';

// ---------------------------------------------------------------------------------------
// Options

const PARTS = ['ceiling', 'durable', 'sqlite', 'full', 'postgres', 'half', 'stats'] as const;
type Part = (typeof PARTS)[number];

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    connections: { type: 'string' },
    tickets: { type: 'string' },
    only: { type: 'string' },
    batches: { type: 'string' },
    'cpu-prof': { type: 'boolean' },
    'keep-data': { type: 'boolean' },
    'stats-data': { type: 'string' },
    events: { type: 'boolean' },
    'temp-store-file': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

const HELP = `npm run bench:server -- [options]

  --duration <s>       seconds of each measured load run (BENCH_DURATION, default 4)
  --warmup <s>         seconds of warm-up before each max-rate run (BENCH_WARMUP, default 1)
  --connections <n>    autocannon connections for max-rate runs (BENCH_CONNECTIONS, default 32)
  --tickets <n>        tickets generated for the stats run (BENCH_TICKETS, default 1000000)
  --batches <list>     submissions per request, comma-separated (BENCH_BATCHES, default 1,10)
  --only <parts>       comma-separated subset of ${PARTS.join(',')} (BENCH_ONLY; default all;
                       'durable': the durable ceilings of SQLite, and of PostgreSQL
                       with 'postgres'; 'half': p99 at half the real servers' max,
                       of SQLite with 'sqlite', of PostgreSQL with 'postgres')
  --cpu-prof           write V8 CPU profiles of the real servers to a kept, printed directory
  --keep-data          keep the temp directory (generated tickets) and print it
  --stats-data <dir>   serve the stats run from a kept directory instead of generating
  --events             also generate the two opening events per ticket (slower)
  --temp-store-file    also measure the embedded store with PRAGMA temp_store = DEFAULT
                       (statement journals in temp files, as before the fix)`;
if (flags.help) {
  console.log(HELP);
  process.exit(0);
}

const number = (flag: string | undefined, env: string, fallback: number) => {
  const value = Number(flag ?? process.env[env] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Invalid ${env}: ${flag ?? process.env[env]}`);
  return value;
};
const DURATION = number(flags.duration, 'BENCH_DURATION', 4);
const WARMUP = number(flags.warmup, 'BENCH_WARMUP', 1);
const CONNECTIONS = Math.round(number(flags.connections, 'BENCH_CONNECTIONS', 32));
const TICKETS = Math.round(number(flags.tickets, 'BENCH_TICKETS', 1_000_000));
const onlyText = flags.only ?? process.env.BENCH_ONLY;
const ONLY = new Set<Part>(onlyText ? (onlyText.split(',').map((part) => part.trim()) as Part[]) : PARTS);
for (const part of ONLY) if (!PARTS.includes(part)) throw new Error(`Unknown part "${part}"; known: ${PARTS.join(', ')}`);
const BATCHES = (flags.batches ?? process.env.BENCH_BATCHES ?? '1,10').split(',').map((size) => {
  const value = Number(size);
  if (!Number.isInteger(value) || value < 1 || value > 50) throw new Error(`Invalid batch size "${size}" (1..50)`);
  return value;
});
const REPORTERS = 2_000;

// Targets (issue #13): the real server against the durable ceiling of its engine.
const TARGET_SHARE = 0.6;
const TARGET_P99_MS = 50;
const TARGET_STATS_MS = 1_000;

const started = performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'fankui-bench-'));
process.on('exit', () => {
  if (!flags['keep-data']) rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// Servers under test, each in its own process

const TARGET_FILE = fileURLToPath(new URL('./support/target.ts', import.meta.url));
// Profiles outlive the run (they are what you run --cpu-prof for).
const profileDir = flags['cpu-prof'] ? mkdtempSync(join(tmpdir(), 'fankui-bench-profiles-')) : null;

interface Target {
  url: string;
  details: Record<string, unknown>;
  /** The server process's CPU time so far, in microseconds. */
  cpu(): Promise<number>;
  stop(): Promise<Record<string, unknown>>;
}

function startTarget(spec: TargetSpec, name: string): Promise<Target> {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
  const child: ChildProcess = fork(TARGET_FILE, [], {
    execArgv: ['--import', 'tsx', ...profile],
    env: { ...process.env, BENCH_TARGET: JSON.stringify(spec) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const next = () =>
    new Promise<TargetMessage>((resolve, reject) => {
      const onMessage = (message: TargetMessage) => {
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`${name} exited with ${code} before answering`));
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
    });
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  return next().then((message) => {
    if (message.type !== 'ready') {
      kill();
      throw new Error(`${name} did not start: ${message.type === 'failed' ? message.message : message.type}`);
    }
    return {
      url: message.url,
      details: message.details,
      async cpu() {
        const answer = next();
        child.send({ type: 'cpu' });
        const usage = await answer;
        return usage.type === 'cpu' ? usage.microseconds : Number.NaN;
      },
      async stop() {
        const answer = next();
        child.send({ type: 'stop' });
        const stopped = await answer;
        await exited;
        process.off('exit', kill);
        return stopped.type === 'stopped' ? stopped.details : {};
      },
    };
  });
}

// ---------------------------------------------------------------------------------------
// Load

const nextReporter = reporterPool(REPORTERS);
const authorization = () => `Bearer ${nextReporter()}`;

interface LoadResult {
  label: string;
  batch: number;
  mode: string;
  requestsPerSecond: number;
  submissionsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers that were not 200, connection errors and timeouts, dropped (paced) requests. */
  failures: number;
  /** Items answered other than `accepted` in 200 answers (duplicates, rejections). */
  notAccepted: number;
  accepted: number;
  /** Server CPU time (its process only) per accepted submission, microseconds. */
  cpuPerSubmission: number;
  /** Server CPU time over wall time: 1 = one core busy all the run. */
  serverCores: number;
  /** The load generator's (this process's) CPU time over wall time. */
  generatorCores: number;
  /** Share of the run during which some runnable task on the machine waited for a CPU (PSI). */
  cpuWait: number;
}

const acceptedBy = new Map<string, number>();
const storedBy = new Map<string, { stored: number; accepted: number }>();

/** Microseconds some runnable task has waited for a CPU since boot (Linux PSI), or NaN. */
function cpuPressure(): number {
  try {
    return Number(/some .*total=(\d+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

/** Runs `load` and measures the server's CPU time and the machine's CPU contention meanwhile. */
async function measured(target: Target, load: () => Promise<Omit<LoadResult, 'cpuPerSubmission' | 'serverCores' | 'generatorCores' | 'cpuWait'>>): Promise<LoadResult> {
  const cpuBefore = await target.cpu();
  const pressureBefore = cpuPressure();
  const ownBefore = process.cpuUsage();
  const begin = performance.now();
  const result = await load();
  const wallMicros = (performance.now() - begin) * 1000;
  const own = process.cpuUsage(ownBefore);
  const cpu = (await target.cpu()) - cpuBefore;
  return {
    generatorCores: (own.user + own.system) / wallMicros,
    ...result,
    cpuPerSubmission: cpu / Math.max(1, result.accepted),
    serverCores: cpu / wallMicros,
    cpuWait: (cpuPressure() - pressureBefore) / wallMicros,
  };
}

/** autocannon at full speed (closed loop), or at `overallRate` requests per second. */
function hammer(label: string, target: Target, batch: number, seconds: number, overallRate?: number): Promise<LoadResult> {
  return measured(target, () => autocannonRun(label, target.url, batch, seconds, overallRate));
}

async function autocannonRun(label: string, url: string, batch: number, seconds: number, overallRate?: number) {
  let accepted = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    ...(overallRate ? { overallRate: Math.max(1, Math.round(overallRate)), ignoreCoordinatedOmission: true } : {}),
    requests: [
      {
        method: 'POST',
        path: '/v1/submissions',
        setupRequest: (request) => ({
          ...request,
          headers: { 'content-type': 'application/json', authorization: authorization() },
          body: batchBody(batch),
        }),
        onResponse: (status, body) => {
          if (status === 200) accepted += countAccepted(body);
        },
      },
    ],
  });
  acceptedBy.set(label, (acceptedBy.get(label) ?? 0) + accepted);
  const ok = result['2xx'];
  return {
    label,
    batch,
    mode: overallRate ? `autocannon ${Math.round(overallRate)} req/s` : `max, ${CONNECTIONS} conns`,
    requestsPerSecond: ok / result.duration,
    submissionsPerSecond: accepted / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
    notAccepted: ok * batch - accepted,
    accepted,
  };
}

/** The paced (open-loop) generator at a steady `rate` requests per second. */
function steady(label: string, target: Target, batch: number, seconds: number, rate: number): Promise<LoadResult> {
  return measured(target, () => pacedRun(label, target.url, batch, seconds, rate));
}

async function pacedRun(label: string, url: string, batch: number, seconds: number, rate: number) {
  let accepted = 0;
  const result = await paced({
    url,
    path: '/v1/submissions',
    rate,
    durationSeconds: seconds,
    body: () => batchBody(batch),
    authorization,
    onBody: (body) => (accepted += countAccepted(body)),
  });
  acceptedBy.set(label, (acceptedBy.get(label) ?? 0) + accepted);
  return {
    label,
    batch,
    mode: `paced ${Math.round(rate)} req/s`,
    requestsPerSecond: result.ok / result.seconds,
    submissionsPerSecond: accepted / result.seconds,
    p50: result.p50,
    p99: result.p99,
    failures: result.failed + result.dropped,
    notAccepted: result.ok * batch - accepted,
    accepted,
  };
}

// ---------------------------------------------------------------------------------------
// Printing

const f0 = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : '–');
const f1 = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');
const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));

const HEADER =
  `${pad('server', 26)} ${pad('batch', 5, true)}  ${pad('load', 24)} ${pad('subs/s', 9, true)} ${pad('req/s', 9, true)} ${pad('p50 ms', 8, true)} ${pad('p99 ms', 8, true)}` +
  ` ${pad('CPU µs/sub', 10, true)} ${pad('srv cores', 9, true)} ${pad('gen cores', 9, true)} ${pad('cpu wait', 8, true)}  notes`;
function row(result: LoadResult): string {
  const notes = [
    result.failures ? `${f0(result.failures)} failed` : '',
    result.notAccepted ? `${f0(result.notAccepted)} not accepted` : '',
  ].filter(Boolean);
  const percent = (value: number) => (Number.isFinite(value) ? `${Math.round(value * 100)} %` : '–');
  return (
    `${pad(result.label, 26)} ${pad(String(result.batch), 5, true)}  ${pad(result.mode, 24)} ${pad(f0(result.submissionsPerSecond), 9, true)} ${pad(f0(result.requestsPerSecond), 9, true)} ${pad(f1(result.p50), 8, true)} ${pad(f1(result.p99), 8, true)}` +
    ` ${pad(f0(result.cpuPerSubmission), 10, true)} ${pad(Number.isFinite(result.serverCores) ? result.serverCores.toFixed(2) : '–', 9, true)} ${pad(result.generatorCores.toFixed(2), 9, true)} ${pad(percent(result.cpuWait), 8, true)}  ${notes.join(', ')}`
  );
}
const results: LoadResult[] = [];
function record(result: LoadResult) {
  results.push(result);
  console.log(row(result));
}
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;

// ---------------------------------------------------------------------------------------
// The run

checkTemplates();
const cpu = cpus();
console.log(`Fankui server benchmark — ${new Date().toISOString()}`);
console.log(`machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, load average at start ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(
  `load: autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per run, POST /v1/submissions with default-form answers ` +
    `(payment complaints in Chinese and others), a new UUIDv7 id per submission, ${REPORTERS.toLocaleString('en')} reporters (Bearer <64 hex>) in turn`,
);
console.log(
  'servers: real server with request logs off and rate limits RAISED for the benchmark (1,000,000 burst, 100,000,000/min per reporter ' +
    'and per IP; defaults are 60 + 120/min per reporter, 600 + 1,200/min per IP) — the limiter still runs on every request',
);
console.log(
  'columns: subs/s = submissions answered "accepted" per second; CPU µs/sub = the server process\'s CPU time per accepted submission ' +
    "(PostgreSQL's own processes not counted); srv/gen cores = CPU time of the server / of this load generator over wall time; " +
    'cpu wait = share of the run in which some task on the machine waited for a CPU (Linux PSI): high means the machine was busy',
);
console.log(`temp dir: ${workDir}${flags['keep-data'] ? ' (kept)' : ' (deleted at exit)'}\n`);
console.log(HEADER);

const maxOf = (label: string, batch: number) => results.find((r) => r.label === label && r.batch === batch && r.mode.startsWith('max'));

async function maxRuns(label: string, spec: TargetSpec, after?: (target: Target) => Promise<void>): Promise<void> {
  const target = await startTarget(spec, label.replace(/\W+/g, '-'));
  try {
    for (const batch of BATCHES) {
      await autocannonRun(label, target.url, batch, WARMUP);
      record(await hammer(label, target, batch, DURATION));
    }
    await after?.(target);
  } finally {
    const details = await target.stop();
    const stored = details.tickets ?? details.items;
    const accepted = acceptedBy.get(label) ?? 0;
    // Requests still in flight when a run ends are stored but their answers are not counted.
    if (typeof stored === 'number' && stored < accepted) {
      console.log(`!! ${label}: ${f0(accepted)} submissions answered accepted but only ${f0(stored)} stored`);
    }
    if (typeof stored === 'number') storedBy.set(label, { stored, accepted });
  }
}

let postgresNote = '';
const halfRuns: { basis: string; result: LoadResult }[] = [];

const MEMORY = 'ceiling (Hono + Map)';
const ENGINES = [
  { name: 'SQLite', durable: 'durable, SQLite', real: 'real, SQLite NORMAL' },
  { name: 'PostgreSQL', durable: 'durable, PostgreSQL', real: 'real, PostgreSQL' },
] as const;

/** p99 at half the real server's own maximum: paced (what the verdict reads), and autocannon's overallRate. */
async function halfLoad(label: string, target: Target, kinds: (typeof steady)[]): Promise<void> {
  if (!ONLY.has('half')) return;
  for (const batch of BATCHES) {
    const own = maxOf(label, batch);
    if (!own) continue;
    for (const load of kinds) {
      const result = await load(label, target, batch, DURATION, own.requestsPerSecond / 2);
      halfRuns.push({ basis: 'half its own max', result });
      record(result);
    }
  }
}

if (ONLY.has('ceiling')) await maxRuns(MEMORY, { kind: 'ceiling' });

if (ONLY.has('durable')) await maxRuns(ENGINES[0].durable, { kind: 'durable-sqlite', dataDir: join(workDir, 'durable-sqlite') });

if (ONLY.has('sqlite')) {
  await maxRuns(ENGINES[0].real, { kind: 'sqlite', dataDir: join(workDir, 'sqlite-normal'), synchronous: 'normal' }, (target) =>
    halfLoad(ENGINES[0].real, target, [steady, hammer]),
  );
}

if (ONLY.has('full')) await maxRuns('real, SQLite FULL', { kind: 'sqlite', dataDir: join(workDir, 'sqlite-full'), synchronous: 'full' });

if (flags['temp-store-file']) {
  await maxRuns('SQLite NORMAL temp=FILE', { kind: 'sqlite', dataDir: join(workDir, 'sqlite-tempfile'), synchronous: 'normal', tempStoreFile: true });
}

if (ONLY.has('postgres')) {
  let postgres: TestPostgres | null = null;
  try {
    postgres = await startPostgres();
  } catch (error) {
    postgresNote = `PostgreSQL skipped: it could not start (${(error as Error).message.split('\n')[0]})`;
  }
  if (postgres) {
    try {
      // The durable ceiling's table sits beside the store's, in the same database and cluster.
      if (ONLY.has('durable')) await maxRuns(ENGINES[1].durable, { kind: 'durable-postgres', databaseUrl: postgres.url });
      await maxRuns(ENGINES[1].real, { kind: 'postgres', databaseUrl: postgres.url }, (target) => halfLoad(ENGINES[1].real, target, [steady]));
      postgresNote =
        'PostgreSQL: throw-away local cluster from tests/support/postgres.ts (fsync=off, synchronous_commit=off, full_page_writes=off) on the same 2 cores; ' +
        "the store's pool of 10 for both the durable ceiling and the real server";
    } finally {
      await postgres.stop();
    }
  } else if (!postgresNote) {
    postgresNote = 'PostgreSQL skipped: no server binaries under /usr/lib/postgresql and none could be installed (apt-get install postgresql)';
  }
  console.log(`   ${postgresNote}`);
}

// ---------------------------------------------------------------------------------------
// Admin statistics over generated tickets

interface StatsTiming {
  days: number;
  total: number;
  cold: number;
  median: number;
  max: number;
  direct: number[];
}
const statsTimings: StatsTiming[] = [];
let statsDetails: Record<string, unknown> = {};

if (ONLY.has('stats')) {
  const reuse = flags['stats-data'];
  const dataDir = reuse ?? join(workDir, 'stats');
  console.log(
    `\nadmin stats: ${reuse ? `serving kept data from ${reuse}` : `generating ${TICKETS.toLocaleString('en')} tickets into the embedded store (one transaction)…`}`,
  );
  const target = await startTarget({ kind: 'stats', dataDir, generate: reuse ? null : TICKETS, events: flags.events === true }, 'stats');
  statsDetails = target.details;
  try {
    const generated = statsDetails.generated as
      | { seconds: number; indexSeconds: number; statuses: Record<string, number>; responded: number; resolved: number; rated: number; reopened: number }
      | undefined;
    if (generated) {
      console.log(
        `generated in ${generated.seconds.toFixed(1)} s (of which ${generated.indexSeconds.toFixed(1)} s index builds); ` +
          `${f0(statsDetails.tickets as number)} tickets, ${((statsDetails.databaseBytes as number) / 2 ** 20).toFixed(0)} MiB; ` +
          `statuses ${Object.entries(generated.statuses).map(([status, count]) => `${status} ${f0(count)}`).join(', ')}; ` +
          `responded ${f0(generated.responded)}, resolved ${f0(generated.resolved)}, rated ${f0(generated.rated)}, reopened ${f0(generated.reopened)}`,
      );
    }
    const nowMs = Date.parse(statsDetails.now as string);
    const direct = statsDetails.direct as Record<string, number[]>;
    for (const days of [30, 365]) {
      const query = days === 30 ? '' : `?from=${encodeURIComponent(new Date(nowMs - days * 86_400_000).toISOString())}`;
      const timings: number[] = [];
      let total = 0;
      for (let run = 0; run < 6; run += 1) {
        const begin = performance.now();
        const response = await fetch(`${target.url}/v1/admin/stats${query}`, { headers: { authorization: `Bearer ${BENCH_OPERATOR_TOKEN}` } });
        const body = (await response.json()) as { total?: number };
        timings.push(performance.now() - begin);
        if (response.status !== 200) throw new Error(`GET /v1/admin/stats answered ${response.status}: ${JSON.stringify(body)}`);
        total = body.total ?? 0;
      }
      const [cold, ...warm] = timings as [number, ...number[]];
      warm.sort((a, b) => a - b);
      const timing = { days, total, cold, median: warm[Math.floor(warm.length / 2)]!, max: Math.max(...timings), direct: direct[days] ?? [] };
      statsTimings.push(timing);
      console.log(
        `GET /v1/admin/stats ${days === 30 ? '(default 30 days)' : `?from=<${days} days ago>`}: ${f0(total)} tickets; ` +
          `first ${f1(cold)} ms, median of 5 more ${f1(timing.median)} ms, worst ${f1(timing.max)} ms ` +
          `(store.stats() in-process before serving: ${timing.direct.map((ms) => f1(ms)).join(' / ')} ms)`,
      );
    }
  } finally {
    await target.stop();
  }
}


// ---------------------------------------------------------------------------------------
// Summary and targets

console.log(`\nSummary (${elapsed()} in all${profileDir ? `; CPU profiles in ${profileDir}` : ''})`);
console.log(HEADER);
for (const result of results) console.log(row(result));
if (postgresNote) console.log(`   ${postgresNote}`);
for (const [label, { stored, accepted }] of storedBy) {
  console.log(`   ${label}: ${f0(accepted)} submissions answered "accepted", ${f0(stored)} stored (the difference was in flight when runs ended)`);
}
for (const timing of statsTimings) {
  console.log(`stats ${String(timing.days).padStart(3)} days over ${f0(statsDetails.tickets as number)} tickets: worst ${f1(timing.max)} ms, median ${f1(timing.median)} ms (${f0(timing.total)} in range)`);
}

console.log('\nTargets (issue #13)');
const verdict = (pass: boolean | null) => (pass === null ? 'n/a ' : pass ? 'PASS' : 'FAIL');
const share = (part: LoadResult | undefined, whole: LoadResult | undefined) =>
  part && whole ? { text: `${f0(part.submissionsPerSecond)} / ${f0(whole.submissionsPerSecond)} = ${((part.submissionsPerSecond / whole.submissionsPerSecond) * 100).toFixed(0)} %`, value: part.submissionsPerSecond / whole.submissionsPerSecond } : null;
for (const engine of ENGINES) {
  for (const batch of BATCHES) {
    const real = maxOf(engine.real, batch);
    const durable = share(real, maxOf(engine.durable, batch));
    const memory = share(real, maxOf(MEMORY, batch));
    console.log(
      `${verdict(durable === null ? null : durable.value >= TARGET_SHARE)}  ${engine.name}, batch ${String(batch).padStart(2)}: real ≥ ${TARGET_SHARE * 100} % of its durable ceiling's submissions/s — ` +
        `${durable ? durable.text : 'not measured'}${memory ? ` (of the in-memory ceiling: ${memory.text})` : ''}`,
    );
  }
  for (const batch of BATCHES) {
    for (const { basis, result } of halfRuns.filter((run) => run.result.label === engine.real && run.result.batch === batch)) {
      const pass = result.p99 < TARGET_P99_MS && result.failures === 0;
      const paced = result.mode.startsWith('paced');
      console.log(
        `${paced ? verdict(pass) : 'info'}  ${engine.name}, batch ${String(batch).padStart(2)}: p99 < ${TARGET_P99_MS} ms at ${basis}, ${paced ? 'steady (paced)' : 'autocannon overallRate (bursty)'} — p99 ${f1(result.p99)} ms at ${f0(result.requestsPerSecond)} req/s` +
          (result.failures ? `, ${f0(result.failures)} failed/dropped` : ''),
      );
    }
  }
}
for (const timing of statsTimings) {
  console.log(
    `${verdict(timing.max < TARGET_STATS_MS)}  admin stats over ${f0(statsDetails.tickets as number)} tickets, ${timing.days} days, < 1 s — worst of 6: ${f1(timing.max)} ms`,
  );
}
if (flags['keep-data']) console.log(`\nkept: ${workDir}`);

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the Taro example app (examples/taro-app). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const EXAMPLE_DIR = join(ROOT, 'examples/taro-app');

/** The built packages the example imports, as a user's app would (from their dist/). */
const BUILT = ['core/dist/index.mjs', 'client/dist/taro.mjs', 'taro/dist/index.mjs', 'taro/dist/style.css'];

/** The built package files the example needs that are missing (empty when `npm run build` ran). */
export function missingPackageBuilds(): string[] {
  return BUILT.filter((file) => !existsSync(join(ROOT, 'packages', file))).map((file) => `packages/${file}`);
}

/** The platforms the example builds for (`npm run build:<target> -w @fankui/example-taro-app`). */
export type ExampleTarget = 'weapp' | 'h5' | 'alipay' | 'tt';

export interface ExampleBuildOptions {
  /** FANKUI_ENDPOINT baked into the app (default http://127.0.0.1:8787). */
  endpoint?: string;
  /** FANKUI_DEMO_REPORTER: the demo reporter secret (npm run demo only). */
  demoReporter?: string;
  /** Output folder, absolute or relative to examples/taro-app (default dist/<target>). */
  outputRoot?: string;
  /** Kill the build after this long (default 5 minutes). */
  timeoutMs?: number;
  /** Stream the build's output to this process's (default: keep it, show it on failure). */
  inherit?: boolean;
}

export interface ExampleBuild {
  /** Absolute output folder. */
  outDir: string;
  durationMs: number;
  /** Everything the build printed (empty with `inherit`). */
  log: string;
}

/**
 * Builds the example app for `weapp`, `h5`, `alipay` or `tt` with Taro's CLI (what
 * `npm run build:<target> -w @fankui/example-taro-app` runs), bounded in time: on timeout the
 * whole build process group is killed and the promise rejects with the tail of the log.
 *
 * @example const { outDir } = await buildExample('h5', { endpoint: 'http://127.0.0.1:8787' });
 */
export function buildExample(target: ExampleTarget, options: ExampleBuildOptions = {}): Promise<ExampleBuild> {
  const outputRoot = options.outputRoot ?? `dist/${target}`;
  const outDir = isAbsolute(outputRoot) ? outputRoot : resolve(EXAMPLE_DIR, outputRoot);
  const timeoutMs = options.timeoutMs ?? 300_000;
  const started = Date.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    FANKUI_OUTPUT_ROOT: outDir,
    FANKUI_ENDPOINT: options.endpoint ?? '',
    FANKUI_DEMO_REPORTER: options.demoReporter ?? '',
    // Taro asks to send usage statistics and checks for updates otherwise.
    TARO_CLI_DISABLE_STATS: '1',
  };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/@tarojs/cli/bin/taro'), 'build', '--type', target], {
      cwd: EXAMPLE_DIR,
      env,
      stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout kills webpack's workers too.
      detached: true,
    });
    let log = '';
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.once('exit', killGroup);
    const timer = setTimeout(() => {
      killGroup();
      fail(new Error(`taro build --type ${target} did not finish within ${timeoutMs / 1000} s:\n${log.slice(-4000)}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      process.removeListener('exit', killGroup);
      // Taro exits 0 on some compile errors: a build that printed one has failed too.
      const failed = code !== 0 || /Failed to compile|ERROR in |Module not found|编译失败/.test(log);
      if (failed) fail(new Error(`taro build --type ${target} failed (exit ${code ?? signal}):\n${log.slice(-6000)}`));
      else done({ outDir, durationMs: Date.now() - started, log });
    });
  });
}

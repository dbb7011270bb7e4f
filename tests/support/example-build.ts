/**
 * The example app built for a platform inside a test: from the BUILT packages (as an app
 * that installed them would), into a folder of the test's own. Shared by the
 * tests/taro-*-build tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildExample, missingPackageBuilds, type ExampleBuild, type ExampleTarget } from '../../scripts/example-app';

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Builds the example for `target` into `outDir` (failing with the command to run when the
 * packages are not built) and answers the build with every emitted .js as one text, the
 * minifier's \uXXXX escapes decoded so that Chinese text can be searched.
 *
 * @example const { scripts } = await buildForTest('alipay', outDir, 'https://feedback.example.test');
 */
export async function buildForTest(target: ExampleTarget, outDir: string, endpoint: string): Promise<{ build: ExampleBuild; scripts: string }> {
  const missing = missingPackageBuilds();
  if (missing.length) throw new Error(`the example consumes the built packages; run npm run build first (missing: ${missing.join(', ')})`);
  const build = await buildExample(target, { outputRoot: outDir, endpoint, timeoutMs: 240_000 });
  console.log(`taro build --type ${target}: ${(build.durationMs / 1000).toFixed(1)} s`);
  const scripts = filesUnder(outDir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n')
    .replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return { build, scripts };
}

// Does what WeChat DevTools' 工具 → 构建 npm does, from the command line (and in this
// monorepo, where npm workspaces put node_modules at the repo root, out of DevTools' sight):
//
//   node scripts/build-npm.mjs [project dir]      (default: this example)
//
// For every package in package.json "dependencies" (and theirs, recursively):
// - a mini-program package (a "miniprogram" field, e.g. @fankui/weapp → miniprogram_dist)
//   has that folder copied as is to miniprogram_npm/<name>/;
// - a plain npm package has its "main" (default index.js) bundled with its own imports
//   into miniprogram_npm/<name>/index.js.
// miniprogram_npm/ sits in the miniprogramRoot of project.config.json, as DevTools puts it
// when package.json is there too (no packNpmRelationList). Then
// `usingComponents: { "fankui-entry": "@fankui/weapp/fankui-entry/index" }` and
// `require('@fankui/weapp')` resolve as they will on the phone. devDependencies are skipped.
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = resolve(process.argv[2] || join(dirname(fileURLToPath(import.meta.url)), '..'));
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** The package directory Node's lookup finds for `name`, from `from` upwards. */
function locate(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (no node_modules/${name} from ${from} up): run npm install`);
  }
}

async function bundleMain(name, dir, manifest, target) {
  // DevTools packs a plain package's entry with what it requires into one file.
  const esbuild = await import('esbuild').catch(() => {
    throw new Error(`${name} has no "miniprogram" field and must be bundled: esbuild is needed for that (npm i -D esbuild)`);
  });
  const entry = resolve(dir, manifest.main || 'index.js');
  await esbuild.build({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'neutral', target: 'es2017', outfile: join(target, 'index.js'), logLevel: 'error' });
}

async function main() {
  const config = readJson(join(project, 'project.config.json'));
  const miniprogramRoot = resolve(project, config.miniprogramRoot || './');
  const manifest = readJson(join(project, 'package.json'));
  const out = join(miniprogramRoot, 'miniprogram_npm');
  rmSync(out, { recursive: true, force: true }); // DevTools rebuilds from scratch too

  const built = new Map();
  const queue = Object.keys(manifest.dependencies || {}).map((name) => ({ name, from: project }));
  while (queue.length > 0) {
    const { name, from } = queue.shift();
    if (built.has(name)) continue;
    const dir = locate(name, from);
    const pkg = readJson(join(dir, 'package.json'));
    const target = join(out, name);
    mkdirSync(target, { recursive: true });
    if (pkg.miniprogram) {
      const source = join(dir, pkg.miniprogram);
      if (!existsSync(source)) throw new Error(`${name}: its "miniprogram" folder ${source} does not exist (build the package first)`);
      cpSync(source, target, { recursive: true, dereference: true });
      built.set(name, `${relative(project, source) || '.'} (miniprogram)`);
    } else {
      await bundleMain(name, dir, pkg, target);
      built.set(name, `${pkg.main || 'index.js'} (bundled)`);
    }
    for (const dependency of Object.keys(pkg.dependencies || {})) queue.push({ name: dependency, from: dir });
  }

  for (const [name, source] of built) process.stdout.write(`miniprogram_npm/${name} ← ${source}\n`);
  process.stdout.write(`构建 npm: ${built.size} package(s) into ${relative(process.cwd(), out) || out}\n`);
}

main().catch((error) => {
  process.stderr.write(`build-npm: ${error.message}\n`);
  process.exit(1);
});

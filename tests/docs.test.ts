import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Docs that work when copied: every ```ts block in docs/*.md runs as written, as a
 * module importing the BUILT packages (the way an app would), under tsx.
 * A block tagged ```ts no-run is skipped (e.g. code that needs a mini-program).
 */
const root = new URL('..', import.meta.url).pathname;
const scratch = join(root, '.tmp/docs');
mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const pages = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md'));

for (const page of pages) {
  const blocks = [...readFileSync(join(root, 'docs', page), 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  if (blocks.length === 0) continue;
  describe(`docs/${page}`, () => {
    blocks.forEach((code, index) => {
      it(`example ${index + 1} runs as written`, () => {
        const file = join(scratch, `${page.replace(/\W/g, '_')}-${index + 1}.mts`);
        writeFileSync(file, code);
        const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
        expect(run.stderr, code).toBe('');
        expect(run.status, run.stderr).toBe(0);
      });
    });
  });
}

/**
 * Writes docs/protocol/openapi.json from the zod schemas in @fankui/core.
 *   npm run openapi            regenerate
 *   npm run openapi -- --check exit 1 when the checked-in file differs (CI drift check)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiDocument } from '../packages/core/src/schema/index';

const root = fileURLToPath(new URL('..', import.meta.url));
export const OPENAPI_PATH = `${root}docs/protocol/openapi.json`;

export function renderOpenApi(): string {
  const { version } = JSON.parse(readFileSync(`${root}packages/core/package.json`, 'utf8')) as { version: string };
  return `${JSON.stringify(buildOpenApiDocument({ version }), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rendered = renderOpenApi();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OPENAPI_PATH, 'utf8');
    } catch {}
    if (current !== rendered) {
      console.error('docs/protocol/openapi.json is out of date: run `npm run openapi`');
      process.exitCode = 1;
    }
  } else {
    writeFileSync(OPENAPI_PATH, rendered);
    console.log(`wrote ${OPENAPI_PATH}`);
  }
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli';
import { ENV_VARS, parseConfig } from '../src/config';

const docs = readFileSync(new URL('../../../docs/server.md', import.meta.url), 'utf8');

describe('docs/server.md', () => {
  it('documents every environment variable and config option', () => {
    for (const name of Object.keys(ENV_VARS)) expect(docs, name).toContain(`\`${name}\``);
    const keys = (value: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(value).flatMap(([key, item]) =>
        item !== null && typeof item === 'object' && !Array.isArray(item) && key !== 'form' && key !== 'sla'
          ? keys(item as Record<string, unknown>, `${prefix}${key}.`)
          : [`${prefix}${key}`],
      );
    for (const key of keys(parseConfig({}))) expect(docs, key).toContain(`| \`${key}\``);
  });

  it('documents every CLI command and flag', () => {
    const program = buildProgram({ env: {} });
    for (const command of program.commands) {
      expect(docs, command.name()).toContain(`fankui-server ${command.name()}`);
      for (const option of command.options) expect(docs, `${command.name()} ${option.long}`).toContain(`${option.long}`);
    }
  });
});

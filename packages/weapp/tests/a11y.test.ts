/**
 * The accessibility walk: every BUILT `.wxml` of miniprogram_dist (what ships, after the
 * copy step of the build) is parsed and checked with the rules of `support/a11y.ts` —
 * every tappable node has a role and a name, every button a name, every role is one
 * WeChat supports and carries its state. The fixtures prove the check fails on each kind
 * of bad node, at the right line.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkWxml, formatViolations } from './support/a11y';
import { parseWxml, walk } from './support/wxml';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PACKAGE = resolve(HERE, '..');
const DIST = join(PACKAGE, 'miniprogram_dist');
const SRC = join(PACKAGE, 'src');
const FIXTURES = join(HERE, 'fixtures/a11y');

function wxmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? wxmlFiles(path) : entry.name.endsWith('.wxml') ? [path] : [];
  });
}

const TAP = /^(?:capture-)?(?:bind|catch|mut-bind):?(?:tap|longpress|longtap)$/;

describe('every built template is accessible', () => {
  it('miniprogram_dist is built and holds every component of src/', () => {
    expect(existsSync(DIST), 'run `npm run build -w @fankui/weapp` first').toBe(true);
    const components = readdirSync(SRC).filter((name) => existsSync(join(SRC, name, 'index.wxml')));
    expect(components).toContain('fankui-entry');
    // A component written since the last build would otherwise escape the walk.
    for (const name of components) expect(existsSync(join(DIST, name, 'index.wxml')), `${name} is not built: rebuild @fankui/weapp`).toBe(true);
  });

  const files = existsSync(DIST) ? wxmlFiles(DIST) : [];
  for (const file of files) {
    const name = relative(DIST, file);
    it(`${name}: tappables have a role and a name, buttons a name, roles their state`, () => {
      const source = readFileSync(file, 'utf8');
      const violations = checkWxml(source, relative(resolve(PACKAGE, '../..'), file));
      expect(violations, `\n${formatViolations(violations)}\n`).toEqual([]);
    });
  }

  it('the walk sees the entry as a tappable button with a bound name', () => {
    const entry = parseWxml(readFileSync(join(DIST, 'fankui-entry/index.wxml'), 'utf8'));
    const tappables = [...walk(entry)].map(({ element }) => element).filter((element) => Object.keys(element.attrs).some((attr) => TAP.test(attr)));
    expect(tappables).toHaveLength(1);
    expect(tappables[0]!.attrs).toMatchObject({ 'aria-role': 'button', 'aria-label': '{{ariaLabel}}', bindtap: 'onTap' });
  });
});

describe('the check itself (fixtures)', () => {
  it('reports each bad node with its file, line, rule and tag', () => {
    const violations = checkWxml(readFileSync(join(FIXTURES, 'bad.wxml'), 'utf8'), 'bad.wxml');
    expect(violations.map(({ line, rule, message }) => ({ line, rule, message }))).toEqual([
      { line: 2, rule: 'tappable-name', message: 'tappable <view> has no aria-role, no aria-label' },
      { line: 3, rule: 'tappable-name', message: 'tappable <view> has no aria-label' },
      { line: 4, rule: 'tappable-name', message: 'tappable <image> has no aria-role' },
      { line: 5, rule: 'tappable-name', message: 'tappable <view> has no aria-label' },
      { line: 6, rule: 'action-name', message: '<button> has no text and no aria-label: it is read as an unnamed button' },
      { line: 7, rule: 'action-name', message: '<button> has no text and no aria-label: it is read as an unnamed button' },
      { line: 8, rule: 'role-known', message: expect.stringContaining('aria-role="clickable" is not a role WeChat supports') },
      { line: 8, rule: 'tappable-role', message: 'tappable <view> has aria-role="clickable", which is not announced as an action' },
      { line: 9, rule: 'role-state', message: 'aria-role="checkbox" without aria-checked: the reader cannot say whether it is on' },
      { line: 10, rule: 'role-state', message: 'aria-role="tab" without aria-selected: the reader cannot say whether it is on' },
      { line: 11, rule: 'tappable-role', message: 'tappable <text> has aria-role="text", which is not announced as an action' },
    ]);
    expect(formatViolations(violations.slice(0, 1))).toBe(
      'bad.wxml:2:1 [tappable-name] tappable <view> has no aria-role, no aria-label\n    <view class="row" bindtap="onOpen">',
    );
  });

  it('passes accessible markup, however it is written (mustaches with < >, wxs, comments, multi-line tags)', () => {
    const source = readFileSync(join(FIXTURES, 'good.wxml'), 'utf8');
    expect(formatViolations(checkWxml(source, 'good.wxml'))).toBe('');
    // …and it did see the nodes: the wxs body and the comment are not markup.
    const tags = [...walk(parseWxml(source))].map(({ element }) => element);
    expect(tags.filter((element) => element.attrs['aria-role'])).toHaveLength(5);
    expect(tags.find((element) => element.attrs.bindtap === 'nope')).toBeUndefined();
    expect(tags.find((element) => element.attrs.class === 'fankui-row')).toMatchObject({ line: 8, column: 3 });
  });

  it('fails the built entry once its name is taken away', () => {
    const entry = readFileSync(join(DIST, 'fankui-entry/index.wxml'), 'utf8');
    const broken = entry.replace(/\s*aria-label="\{\{ariaLabel\}\}"/, '');
    expect(broken).not.toBe(entry);
    expect(checkWxml(broken, 'fankui-entry/index.wxml')).toMatchObject([{ rule: 'tappable-name', message: 'tappable <view> has no aria-label', line: 1 }]);
  });
});

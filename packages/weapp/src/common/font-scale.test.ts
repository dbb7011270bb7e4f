/**
 * Large text: every BUILT component's root follows the user's WeChat font setting
 * (我 → 设置 → 通用 → 字体大小) by default, through one tiny `setData` at attach; a missing
 * or failing API changes nothing; `configure({ fontScale })` turns it off or fixes it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIST, find, mount, setDataCalls, settle, text, useFakeWx, weapp, type Mounted } from '../../tests/support/simulate';
import { rootStyle } from './font-scale';

const wx = useFakeWx();
const clients: { close(): void }[] = [];

afterEach(() => {
  clients.splice(0).forEach((client) => client.close());
});

const mounted: Mounted[] = [];
afterEach(() => {
  mounted.splice(0).forEach((component) => component.detach());
});

type Info = Record<string, unknown>;
type Fake = Record<string, unknown>;

/**
 * What this test's WeChat reports about the font, on top of the fake's own answer: an
 * object, `null` to remove the API, or a function to answer with (one that throws).
 */
function reportFont(api: 'getAppBaseInfo' | 'getSystemInfoSync', answer: Info | null | (() => Info)) {
  const fake = wx.current as unknown as Fake;
  const original = fake[api] as () => Info;
  if (answer === null) delete fake[api];
  else if (typeof answer === 'function') fake[api] = answer;
  else fake[api] = () => Object.assign({ language: 'zh_CN' }, api === 'getAppBaseInfo' ? original() : {}, answer);
}

/**
 * An app's start: the client is built first (it reads WeChat itself), then WeChat reports
 * the font as `report` says, then `configure` runs.
 */
function start(report: () => void = () => undefined, settings: { fontScale?: unknown } = {}) {
  const { configure, createWxClient, DEFAULT_FORM } = weapp();
  const client = createWxClient({ endpoint: 'http://127.0.0.1:9', form: DEFAULT_FORM });
  clients.push(client);
  report();
  configure({ client, ...(settings as object) });
  return client;
}

/** Mounts and lets the component's first answers land (detached after the test). */
async function show(name: string): Promise<Mounted> {
  const component = mount(name);
  mounted.push(component);
  await settle();
  return component;
}

/** Each component as a page shows it, with the selector of its root node. */
const COMPONENTS: [string, string][] = [
  ['fankui-entry', '.fankui-entry'],
  ['fankui-form', '.fankui-form'],
  ['fankui-tracker', '.fankui-tracker'],
  ['fankui-ticket', '.fankui-ticket'],
];
const styleOf = (component: Mounted, root: string) => find(component, root).dom.getAttribute('style') || '';

describe('text size from the user’s WeChat font setting', () => {
  it('scales every component’s root by fontSizeScaleFactor, with one small setData at attach', async () => {
    start(() => reportFont('getAppBaseInfo', { fontSizeScaleFactor: 1.5 }));
    for (const [name, root] of COMPONENTS) {
      setDataCalls.length = 0;
      const component = await show(name);
      expect(styleOf(component, root), name).toContain('--fk-scale:1.5');
      // Once per component instance (the tracker hosts a fankui-ticket: two), each a few bytes.
      const sent = setDataCalls.filter((call) => 'rootStyle' in call.data);
      const instances = new Set(sent.map((call) => call.component));
      expect(sent.length, name).toBe(instances.size);
      expect(sent.length, name).toBeGreaterThanOrEqual(1);
      for (const call of sent) expect(call.bytes, name).toBeLessThanOrEqual(40);
    }
  });

  it('the shared styles make that scale the root text size, and every size is relative to it', () => {
    const css = readFileSync(join(DIST, 'common/index.wxss'), 'utf8');
    const root = /\.fankui-root\{([^}]*)\}/.exec(css)![1]!;
    expect(root).toContain('--fk-font: calc(var(--fankui-font-size, 16px) * var(--fk-scale, 1))');
    expect(root).toContain('font-size:var(--fk-font)');
    // Nothing below the root fixes a text size or a height in px (or rpx), and nothing cuts
    // text off: all of it grows with the root, and wraps.
    for (const name of ['common/index.wxss', 'common/tracker.wxss', ...COMPONENTS.map(([component]) => `${component}/index.wxss`)]) {
      const sheet = readFileSync(join(DIST, name), 'utf8');
      expect(sheet.match(/font-size:\s*[\d.]+r?px/g), name).toBeNull();
      expect(sheet.match(/[;{]height:\s*[\d.]+r?px/g), name).toBeNull();
      expect(sheet.match(/overflow:\s*hidden|white-space:\s*nowrap|text-overflow/g), name).toBeNull();
      // Flex `gap` is ignored before iOS 14.5 (the floor is iOS 11): wrapped items would touch.
      expect(sheet.match(/[;{](?:row-|column-)?gap:/g), name).toBeNull();
    }
  });

  it('takes fontSizeSetting (px) when WeChat gives no factor, also from the older getSystemInfoSync', async () => {
    start(() => reportFont('getAppBaseInfo', { fontSizeSetting: 20 }));
    expect(styleOf(await show('fankui-entry'), '.fankui-entry')).toContain('--fk-scale:1.25');

    weapp().resetConfiguration();
    start(() => {
      reportFont('getAppBaseInfo', null);
      reportFont('getSystemInfoSync', { fontSizeSetting: 24 });
    });
    expect(styleOf(await show('fankui-entry'), '.fankui-entry')).toContain('--fk-scale:1.5');
  });

  it('keeps the scale readable and within what the styles are written for (0.875–2×)', async () => {
    start(() => reportFont('getAppBaseInfo', { fontSizeScaleFactor: 3.1 }));
    expect(styleOf(await show('fankui-entry'), '.fankui-entry')).toContain('--fk-scale:2');
    expect(rootStyle('system', { fontSizeScaleFactor: 0.5 })).toBe('--fk-scale:0.88');
    expect(rootStyle('system', { fontSizeScaleFactor: 1.1234 })).toBe('--fk-scale:1.12');
  });

  it('changes nothing at the standard size: no style, no setData for it', async () => {
    start(() => reportFont('getAppBaseInfo', { fontSizeScaleFactor: 1, fontSizeSetting: 16 }));
    const entry = await show('fankui-entry');
    expect(styleOf(entry, '.fankui-entry')).toBe('');
    expect(setDataCalls.filter((call) => 'rootStyle' in call.data)).toEqual([]);
  });

  it('works as before when WeChat has neither API, or the API throws', async () => {
    start(() => {
      reportFont('getAppBaseInfo', null);
      reportFont('getSystemInfoSync', null);
    });
    const entry = await show('fankui-entry');
    expect(text(entry, '.fankui-entry__title')).toBe('反馈与投诉');
    expect(styleOf(entry, '.fankui-entry')).toBe('');

    weapp().resetConfiguration();
    start(() =>
      reportFont('getAppBaseInfo', () => {
        throw new Error('getAppBaseInfo:fail');
      }),
    );
    const form = await show('fankui-form');
    expect(form.querySelector('.fankui-picker')).toBeDefined();
    expect(styleOf(form, '.fankui-form')).toBe('');
  });

  it('reads WeChat once per configuration, not once per component', async () => {
    let reads = 0;
    start(() => {
      reportFont('getAppBaseInfo', { fontSizeScaleFactor: 1.25 });
      const report = (wx.current as unknown as { getAppBaseInfo(): Info }).getAppBaseInfo;
      (wx.current as unknown as { getAppBaseInfo(): Info }).getAppBaseInfo = () => {
        reads++;
        return report();
      };
    });
    expect(reads).toBe(1);
    for (const [name, root] of COMPONENTS) expect(styleOf(await show(name), root), name).toContain('--fk-scale:1.25');
    expect(reads).toBe(1);
  });
});

describe('configure({ fontScale })', () => {
  it('false: the base size whatever WeChat says (an app that scales the text itself)', async () => {
    start(() => reportFont('getAppBaseInfo', { fontSizeScaleFactor: 1.5 }), { fontScale: false });
    for (const [name, root] of COMPONENTS) expect(styleOf(await show(name), root), name).toBe('');
    expect(setDataCalls.filter((call) => 'rootStyle' in call.data)).toEqual([]);
  });

  it('a number: that factor whatever WeChat says', async () => {
    start(() => reportFont('getAppBaseInfo', { fontSizeScaleFactor: 1.5 }), { fontScale: 1.25 });
    expect(styleOf(await show('fankui-form'), '.fankui-form')).toContain('--fk-scale:1.25');
  });

  it('anything else is refused when configuring, with a stable code', () => {
    for (const fontScale of ['large', 0, -1, Number.NaN, true]) {
      expect(() => start(undefined, { fontScale }), String(fontScale)).toThrow(expect.objectContaining({ code: 'invalid_settings' }));
    }
  });
});

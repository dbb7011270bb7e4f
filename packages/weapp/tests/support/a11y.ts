/**
 * The accessibility rules every Fankui template keeps, as a check over WXML source (what
 * `tests/a11y.test.ts` runs over each built `.wxml`). WeChat hands `aria-role`,
 * `aria-label` and the state attributes to VoiceOver / TalkBack; a node without them is
 * read as plain text, or not at all, however tappable it looks.
 *
 * Rules:
 * - `tappable-name`: a node with a tap / long-press handler that is not a native action
 *   (`<button>`, `<navigator>`) carries `aria-role` and a non-empty `aria-label`;
 * - `tappable-role`: that role is an interactive one (a tappable `text` or `img` is not
 *   announced as something to activate);
 * - `action-name`: a `<button>` / `<navigator>` has visible text (not `aria-hidden`) or an
 *   `aria-label`, so an icon-only button still has a name;
 * - `role-known`: every `aria-role` is a role WeChat passes on (WAI-ARIA's concrete roles);
 * - `role-state`: a role that has a state carries it (`checkbox` → `aria-checked`, `tab` →
 *   `aria-selected`…).
 * A value bound with a mustache (`aria-role="{{role}}"`) is taken as present; its runtime
 * value is for the component's own tests (j-component does not render aria-* into its DOM).
 *
 * @example
 * checkWxml('<view bindtap="go">去</view>', 'x.wxml');
 * // [{ rule: 'tappable-name', line: 1, column: 1, message: 'tappable <view> has no aria-role, no aria-label', … }]
 */
import { isElement, parseWxml, walk, type WxmlElement } from './wxml';

export interface A11yViolation {
  file: string;
  line: number;
  column: number;
  rule: 'tappable-name' | 'tappable-role' | 'action-name' | 'role-known' | 'role-state';
  message: string;
  /** The opening tag as written. */
  node: string;
}

/** `bindtap`, `catchtap`, `bind:tap`, `catch:longpress`, `capture-bind:tap`, `mut-bind:tap`… */
const TAP_HANDLER = /^(?:capture-)?(?:bind|catch|mut-bind):?(?:tap|longpress|longtap)$/;

/** Built-in tags that are actions by themselves: the platform announces them as such. */
const NATIVE_ACTIONS = new Set(['button', 'navigator']);

/** Roles that tell a screen reader the node can be activated. */
export const INTERACTIVE_ROLES = new Set([
  'button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio',
  'option', 'treeitem', 'gridcell', 'combobox', 'slider', 'spinbutton', 'searchbox', 'textbox', 'scrollbar',
]);

/**
 * Every `aria-role` WeChat accepts: it passes WAI-ARIA's concrete roles to the platform
 * (abstract ones such as `widget` or `input` are not roles a node can have).
 */
export const KNOWN_ROLES = new Set([
  ...INTERACTIVE_ROLES,
  'alert', 'alertdialog', 'dialog', 'progressbar', 'status', 'log', 'marquee', 'timer', 'tooltip',
  'img', 'image', 'text', 'heading', 'list', 'listitem', 'listbox', 'grid', 'row', 'rowgroup', 'rowheader',
  'columnheader', 'cell', 'table', 'tablist', 'tabpanel', 'tree', 'treegrid', 'menu', 'menubar', 'radiogroup',
  'group', 'toolbar', 'separator', 'article', 'document', 'feed', 'figure', 'math', 'note', 'definition',
  'term', 'directory', 'region', 'banner', 'complementary', 'contentinfo', 'form', 'main', 'navigation',
  'search', 'application', 'presentation', 'none',
]);

/** The state a role must carry (WAI-ARIA's required states). */
export const REQUIRED_STATE: Record<string, string> = {
  checkbox: 'aria-checked',
  radio: 'aria-checked',
  switch: 'aria-checked',
  menuitemcheckbox: 'aria-checked',
  menuitemradio: 'aria-checked',
  tab: 'aria-selected',
  option: 'aria-selected',
};

const isBound = (value: string) => value.includes('{{');
const hidden = (element: WxmlElement) => /^\s*(true|\{\{\s*true\s*\}\})\s*$/.test(element.attrs['aria-hidden'] ?? '');

/** Text a screen reader would read inside `element` (skipping `aria-hidden` subtrees). */
function spokenText(element: WxmlElement): string {
  return element.children
    .map((child) => (isElement(child) ? (hidden(child) ? '' : spokenText(child)) : child.text))
    .join('')
    .trim();
}

/** Checks one WXML source; `file` names it in the report. */
export function checkWxml(source: string, file: string): A11yViolation[] {
  const violations: A11yViolation[] = [];
  const report = (element: WxmlElement, rule: A11yViolation['rule'], message: string) =>
    violations.push({ file, line: element.line, column: element.column, rule, message, node: element.source });

  for (const { element } of walk(parseWxml(source))) {
    const attrs = element.attrs;
    const role = 'aria-role' in attrs ? attrs['aria-role']!.trim() : undefined;
    const label = (attrs['aria-label'] ?? '').trim();

    if (role !== undefined && !isBound(role) && !KNOWN_ROLES.has(role)) {
      report(element, 'role-known', `aria-role="${role}" is not a role WeChat supports (${[...INTERACTIVE_ROLES].slice(0, 6).join(', ')}, …)`);
    }
    const state = role && REQUIRED_STATE[role];
    if (state && !(state in attrs)) report(element, 'role-state', `aria-role="${role}" without ${state}: the reader cannot say whether it is on`);

    const tappable = Object.keys(attrs).some((name) => TAP_HANDLER.test(name));
    if (NATIVE_ACTIONS.has(element.name)) {
      if (!label && !spokenText(element)) report(element, 'action-name', `<${element.name}> has no text and no aria-label: it is read as an unnamed button`);
    } else if (tappable) {
      const missing = [role ? '' : 'no aria-role', label ? '' : 'no aria-label'].filter(Boolean);
      if (missing.length) report(element, 'tappable-name', `tappable <${element.name}> has ${missing.join(', ')}`);
      else if (role && !isBound(role) && !INTERACTIVE_ROLES.has(role)) {
        report(element, 'tappable-role', `tappable <${element.name}> has aria-role="${role}", which is not announced as an action`);
      }
    }
  }
  return violations;
}

/** One line per violation: `file:line:column rule message` and the node. */
export const formatViolations = (violations: A11yViolation[]) =>
  violations.map((v) => `${v.file}:${v.line}:${v.column} [${v.rule}] ${v.message}\n    ${v.node}`).join('\n');

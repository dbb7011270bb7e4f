/**
 * `setData` discipline: send only what changed. Every `setData` crosses from the logic
 * thread to the render thread as JSON, so a component sends the paths that changed
 * (`'items[2].status'`, `'badge'`), never its whole state again.
 */

const PATH_PART = /[^.[\]]+/g;

/** The value at a `setData` path (`a.b`, `list[2].title`) in `data`; undefined when absent. */
export function readPath(data: unknown, path: string): unknown {
  let value = data;
  for (const part of path.match(PATH_PART) ?? []) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Same value as far as the render thread can tell (it only ever sees JSON). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The entries of `next` whose value differs from what `data` holds at that path, or
 * `null` when nothing changed.
 *
 * @example changedPaths({ badge: '', label: '反馈与投诉' }, { badge: '待发送 (1)', label: '反馈与投诉' }) // { badge: '待发送 (1)' }
 */
export function changedPaths(data: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> | null {
  let changed: Record<string, unknown> | null = null;
  for (const path of Object.keys(next)) {
    if (!same(readPath(data, path), next[path])) (changed = changed || {})[path] = next[path];
  }
  return changed;
}

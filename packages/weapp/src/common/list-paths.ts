/**
 * `setData` paths for a list that mostly grows: `items[3]` for each entry, so rows that did
 * not change are dropped by `patch` and an appended page costs only its own rows. A list
 * that shrank is sent whole (WeChat cannot remove entries by path).
 *
 * @example this.patch(listPaths('items', this.data.items, rows)); // { 'items[5]': …, 'items[6]': … } after `patch` drops the unchanged
 */
export function listPaths<T>(key: string, previous: readonly T[], next: readonly T[]): Record<string, unknown> {
  if (next.length < previous.length) return { [key]: next };
  const paths: Record<string, unknown> = {};
  next.forEach((entry, index) => {
    paths[`${key}[${index}]`] = entry;
  });
  return paths;
}

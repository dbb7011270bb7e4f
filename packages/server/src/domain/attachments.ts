import type { Store } from '../store/store';

/**
 * Which of `ids` the reporter may refer to: attachments they uploaded themselves. Another
 * reporter's upload counts as missing, so ids cannot be used to probe for uploads.
 *
 * @example const missing = await missingAttachments(store, reporterId, ['at_…']); // [] when all are theirs
 */
export async function missingAttachments(store: Store, reporterId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const owned = new Set(
    (await store.getAttachmentRecords([...new Set(ids)])).filter((record) => record.reporterId === reporterId).map((record) => record.id),
  );
  return ids.filter((id) => !owned.has(id));
}

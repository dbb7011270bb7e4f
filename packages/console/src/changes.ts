import type { AdminChange } from '@fankui/core';
import { api, ApiError } from './api';

/** When the change feed is unavailable, how often to look again instead. */
const POLL_MS = 5000;

/**
 * Calls `onChange` with what happened whenever anything happens to any ticket, through the
 * server's change feed (`GET /v1/admin/changes`, a long poll: one request waits up to 25 s
 * for news). If the server has no feed, or it keeps failing, it calls `onChange([])`
 * ("something may have changed") every POLL_MS instead. Stops when the returned function runs.
 */
export function followChanges(onChange: (changes: AdminChange[]) => void): () => void {
  const abort = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = () => {
    timer = setTimeout(() => {
      if (document.visibilityState === 'visible') onChange([]);
      poll();
    }, POLL_MS);
  };
  (async () => {
    let cursor: string | undefined;
    let failures = 0;
    while (!abort.signal.aborted) {
      try {
        const page = await api.changes(cursor, cursor === undefined ? 0 : 25, abort.signal);
        if (cursor !== undefined && page.items.length) onChange(page.items);
        cursor = page.cursor;
        failures = 0;
      } catch (error) {
        if (abort.signal.aborted) return;
        if (++failures >= 3 || (error instanceof ApiError && error.status === 404)) return poll();
        await new Promise((wait) => setTimeout(wait, 1000 * failures));
      }
    }
  })();
  return () => {
    abort.abort();
    clearTimeout(timer);
  };
}

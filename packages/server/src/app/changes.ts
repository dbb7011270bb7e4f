import { setTimeout as sleep } from 'node:timers/promises';
import type { AdminChange, AdminChangesQuery } from '@fankui/core/schema';
import type { z } from 'zod';
import type { ChangeRecord } from '../store/store';
import type { RouteHandlers } from './context';

/** How often a waiting request asks the store again: every server on the store sees every write. */
export const CHANGES_POLL_MS = 500;

const toChange = (record: ChangeRecord): z.output<typeof AdminChange> => ({
  ticketId: record.ticketId,
  kind: record.type === 'submitted' ? 'created' : record.type,
  at: record.at,
  actor: record.actorType === 'operator' && record.actorName ? { type: record.actorType, name: record.actorName } : { type: record.actorType },
});

/**
 * `GET /v1/admin/changes`: a long poll over the timeline events of every ticket. Every change
 * to a ticket writes an event, so "events after my cursor" is "what changed since I looked".
 * The request waits by asking the store every `CHANGES_POLL_MS` (cheap: one index seek), so
 * it works the same with several servers on one PostgreSQL; it ends early when the client
 * goes away or the server begins to shut down (then with what it has: nothing).
 */
export function changesRoutes(shutdown?: AbortSignal): RouteHandlers {
  return {
    adminChanges: {
      async handle(c, { query }, { domain }) {
        const { after, wait, limit } = query as z.output<typeof AdminChangesQuery>;
        if (after === undefined) return c.json({ items: [], cursor: await domain.store.latestChange(), more: false });
        const deadline = Date.now() + wait * 1000;
        // The client going away, or the server shutting down, ends the wait.
        const signal = shutdown ? AbortSignal.any([c.req.raw.signal, shutdown]) : c.req.raw.signal;
        for (;;) {
          const rows = await domain.store.listChanges(after, limit + 1);
          const remaining = deadline - Date.now();
          if (rows.length > 0 || remaining <= 0 || signal.aborted) {
            const items = rows.slice(0, limit);
            const cursor = items.length > 0 ? items[items.length - 1]!.cursor : after;
            return c.json({ items: items.map(toChange), cursor, more: rows.length > limit });
          }
          try {
            await sleep(Math.min(CHANGES_POLL_MS, remaining), undefined, { signal });
          } catch {
            // Aborted: the loop answers at once.
          }
        }
      },
    },
  };
}

import type { TicketRow } from '@fankui/client';
import { LIMITS } from '@fankui/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useFeedback } from './useFeedback';
import { useLiveRefresh } from './useLiveRefresh';

export interface TicketsState {
  items: TicketRow[];
  /** The rows come from the local cache: the server could not be reached. */
  stale: boolean;
  loading: boolean;
  failed: boolean;
  hasMore: boolean;
  refresh: () => Promise<void>;
  loadMore: () => Promise<void>;
}

/**
 * "我的反馈" rows: the first page on mount, again after every delivery (a queued row turns
 * into a ticket), when the page shows again and while it is shown (`live`: new replies
 * appear by themselves), more on demand. A refresh asks for as many rows as are loaded, so
 * nothing the reporter scrolled to goes away. Offline the client answers from its cache (`stale`).
 */
export function useTickets(pageSize: number, live = true): TicketsState {
  const { client } = useFeedback();
  const [items, setItems] = useState<TicketRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const mounted = useRef(true);
  // Server rows loaded: what a refresh asks for again.
  const loaded = useRef(0);

  const load = useCallback(
    async (more?: string) => {
      try {
        const limit = more ? pageSize : Math.min(LIMITS.pageMaxSize, Math.max(pageSize, loaded.current));
        const page = await client.tickets.list({ cursor: more, limit });
        if (!mounted.current) return;
        const rows = page.items.filter((row) => !row.pending).length;
        loaded.current = more ? loaded.current + rows : rows;
        setItems((current) => (more ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setStale(page.stale);
        setFailed(false);
      } catch {
        if (mounted.current) setFailed(true);
      }
    },
    [client, pageSize],
  );

  useEffect(() => {
    mounted.current = true;
    // then(done, done), not finally(): Promise.prototype.finally is ES2018 (docs/runtime.md).
    const done = () => mounted.current && setLoading(false);
    load().then(done, done);
    const offs = (['sent', 'rejected', 'dropped', 'queued'] as const).map((type) => client.on(type, () => void load()));
    return () => {
      mounted.current = false;
      offs.forEach((off) => off());
    };
  }, [client, load]);

  useLiveRefresh(load, live);

  const loadMore = useCallback(async () => {
    if (cursor) await load(cursor);
  }, [cursor, load]);

  return { items, stale, loading, failed, hasMore: cursor !== null, refresh: load, loadMore };
}

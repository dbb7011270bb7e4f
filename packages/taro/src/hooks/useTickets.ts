import type { TicketRow } from '@fankui/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useFeedback } from './useFeedback';

export interface TicketsState {
  items: TicketRow[];
  /** The rows come from the local cache: the server could not be reached. */
  stale: boolean;
  loading: boolean;
  /** A pull-to-refresh is running. */
  refreshing: boolean;
  failed: boolean;
  hasMore: boolean;
  refresh: () => Promise<void>;
  loadMore: () => Promise<void>;
}

/**
 * "我的反馈" rows: the first page on mount, again after every delivery (a queued row turns
 * into a ticket), more on demand. Offline the client answers from its cache (`stale`).
 */
export function useTickets(pageSize: number): TicketsState {
  const { client } = useFeedback();
  const [items, setItems] = useState<TicketRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [loading, setLoading] = useState(true);
  const [refreshing, setRefreshing] = useState(false);
  const [failed, setFailed] = useState(false);
  const live = useRef(true);

  const load = useCallback(
    async (more?: string) => {
      try {
        const page = await client.tickets.list({ cursor: more, limit: pageSize });
        if (!live.current) return;
        setItems((current) => (more ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setStale(page.stale);
        setFailed(false);
      } catch {
        if (live.current) setFailed(true);
      }
    },
    [client, pageSize],
  );

  useEffect(() => {
    live.current = true;
    // then(done, done), not finally(): Promise.prototype.finally is ES2018 (docs/runtime.md).
    const loaded = () => live.current && setLoading(false);
    load().then(loaded, loaded);
    const offs = (['sent', 'rejected', 'dropped', 'queued'] as const).map((type) => client.on(type, () => void load()));
    return () => {
      live.current = false;
      offs.forEach((off) => off());
    };
  }, [client, load]);

  const refresh = useCallback(async () => {
    setRefreshing(true);
    await load();
    if (live.current) setRefreshing(false);
  }, [load]);

  const loadMore = useCallback(async () => {
    if (cursor) await load(cursor);
  }, [cursor, load]);

  return { items, stale, loading, refreshing, failed, hasMore: cursor !== null, refresh, loadMore };
}

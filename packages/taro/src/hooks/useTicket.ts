import type { TicketView } from '@fankui/client';
import { useCallback, useEffect, useState } from 'react';
import { isOffline } from '../util';
import { useFeedback } from './useFeedback';
import { useLiveRefresh } from './useLiveRefresh';

/**
 * One ticket with its timeline, asked again when the page shows and while it is shown (a
 * reply appears by itself). Offline the client answers the copy it kept when the
 * ticket was last opened, with `ticket.stale`; `offline` when there is none to show.
 */
export function useTicket(id: string, enabled: boolean) {
  const { client } = useFeedback();
  const [ticket, setTicket] = useState<TicketView | null>(null);
  const [offline, setOffline] = useState(false);
  const [failed, setFailed] = useState(false);

  const reload = useCallback(async () => {
    try {
      setTicket(await client.tickets.get(id));
      setOffline(false);
      setFailed(false);
    } catch (error) {
      setOffline(isOffline(error));
      setFailed(!isOffline(error));
    }
  }, [client, id]);

  useEffect(() => {
    if (enabled) void reload();
  }, [enabled, reload]);
  useLiveRefresh(reload, enabled);

  return { ticket, setTicket, offline, failed, reload };
}

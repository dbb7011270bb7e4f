import type { TicketDetail } from '@fankui/core';
import { useCallback, useEffect, useState } from 'react';
import { isOffline } from '../util';
import { useFeedback } from './useFeedback';

/** One ticket with its timeline; `offline` when it could not be fetched for want of a network. */
export function useTicket(id: string, enabled: boolean) {
  const { client } = useFeedback();
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
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

  return { ticket, setTicket, offline, failed, reload };
}

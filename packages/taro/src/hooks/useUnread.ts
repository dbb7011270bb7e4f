import { useDidShow } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { useFeedback } from './useFeedback';

/**
 * Operator replies the reporter has not seen, summed over the first page of "我的反馈".
 * Read when the page shows (again: coming back from the feedback page) and after each
 * delivery; offline the client answers from its cache.
 */
export function useUnread(enabled: boolean): number {
  const { client } = useFeedback();
  const [unread, setUnread] = useState(0);
  const [shown, setShown] = useState(0);
  useDidShow(() => setShown((count) => count + 1));
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () =>
      client.tickets.list().then(
        ({ items }) => live && setUnread(items.reduce((sum, row) => sum + (row.unread || 0), 0)),
        () => undefined, // a badge is a hint: no badge rather than an error
      );
    void load();
    const off = client.on('sent', () => void load());
    return () => {
      live = false;
      off();
    };
  }, [client, enabled, shown]);
  return unread;
}

import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';

/** How often a shown tracker asks again, and for how long after it was shown (bounded: 5 minutes). */
export const POLL_MS = 10_000;
export const POLL_ROUNDS = 30;

/**
 * Keeps what a page shows fresh without the reporter doing anything: `refresh` runs when
 * the page shows again (back from another page or from the background) and every
 * {@link POLL_MS} while it is shown, at most {@link POLL_ROUNDS} times after each show,
 * so a reply appears on the open list or ticket without a tab switch, and a forgotten
 * page stops asking. The first load is the caller's (on mount).
 */
export function useLiveRefresh(refresh: () => unknown, enabled = true) {
  const latest = useRef(refresh);
  latest.current = refresh;
  // A new value per show, 1 on mount; 0 while hidden (a hidden page polls nothing).
  const shows = useRef(1);
  const [shown, setShown] = useState(1);
  const mounted = useRef(Date.now());
  useDidShow(() => {
    // The page's first show comes right after mount, when the caller has just loaded.
    if (Date.now() - mounted.current > 1000) setShown(++shows.current);
  });
  useDidHide(() => setShown(0));
  useEffect(() => {
    if (!enabled || !shown) return;
    if (shown > 1) latest.current();
    let rounds = 0;
    const timer = setInterval(() => {
      if (++rounds >= POLL_ROUNDS) clearInterval(timer);
      latest.current();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [enabled, shown]);
}

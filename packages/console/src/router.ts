import { useEffect, useState } from 'preact/hooks';

/**
 * A tiny history router: the console has four screens, so a table of patterns beats a
 * dependency. Everything lives under BASE; deep links (/console/tickets/<id>) work because
 * the server answers every /console/ path with the app (SPA fallback).
 */
export const BASE = '/console/';

export type Route =
  | { name: 'inbox' }
  | { name: 'ticket'; id: string }
  | { name: 'dashboard' }
  | { name: 'settings' }
  | { name: 'new' }
  | { name: 'notFound' };

export function parseRoute(pathname: string): Route {
  const path = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname.replace(/^\/console\/?/, '');
  const clean = path.replace(/\/+$/, '');
  if (clean === '' || clean === 'tickets') return { name: 'inbox' };
  const ticket = /^tickets\/([^/]+)$/.exec(clean);
  if (ticket) return { name: 'ticket', id: decodeURIComponent(ticket[1]!) };
  if (clean === 'dashboard' || clean === 'settings' || clean === 'new') return { name: clean };
  return { name: 'notFound' };
}

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
addEventListener('popstate', notify);

/** Goes to a console path (`tickets/abc?x=1`, relative to BASE), adding a history entry unless `replace`. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = to.startsWith('/') ? to : BASE + to;
  if (url === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  notify();
}

/** The current location; re-renders on navigation. */
export function useLocation(): { pathname: string; search: string } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((tick) => tick + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return { pathname: location.pathname, search: location.search };
}

/** A link that navigates in-app on a plain click and behaves like a link otherwise (new tab, copy). */
export function onLinkClick(event: MouseEvent, to: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}

/** The inbox view last shown (its filters), so "back to tickets" returns to it. */
let lastInbox = '';
export const rememberInbox = (search: string): void => {
  lastInbox = search;
};
export const inboxPath = (): string => lastInbox;

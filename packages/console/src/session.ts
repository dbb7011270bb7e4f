/**
 * The operator token, kept in session storage: it lives as long as the tab and never
 * reaches another tab, a cookie or a log. A sign-in link may carry it in the URL fragment
 * (`/console/#token=…`), which browsers never send to a server; it is moved here and
 * wiped from the address bar at once.
 */
const TOKEN_KEY = 'fankui.console.token';

export function takeTokenFromFragment(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]!));
  history.replaceState(history.state, '', location.pathname + location.search);
}

export const getToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (token: string): void => sessionStorage.setItem(TOKEN_KEY, token);
export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem('fankui.console.operator');
  operatorName = '';
}

/** The signed-in operator's display name (from `GET /v1/admin/session`), for "mine" and "assign to me". */
let operatorName = sessionStorage.getItem('fankui.console.operator') || '';
export const getOperatorName = (): string => operatorName;
export function setOperatorName(name: string): void {
  operatorName = name;
  sessionStorage.setItem('fankui.console.operator', name);
}

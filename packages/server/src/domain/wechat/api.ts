import type { ServerConfig } from '../../config';

/**
 * The few calls of WeChat's server API the server makes for subscribe messages (订阅消息):
 * `sns/jscode2session` (a `wx.login` code → the user's openid), `cgi-bin/stable_token` (the
 * access token, cached until shortly before it expires) and
 * `cgi-bin/message/subscribe/send`. WeChat answers HTTP 200 with `errcode` for most
 * failures, so outcomes are read from the body. The base URL is configurable: tests run
 * against a fake on 127.0.0.1.
 */

/** One subscribe message, as `subscribeMessage.send` takes it (the access token aside). */
export interface SubscribeMessage {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogram_state: 'developer' | 'trial' | 'formal';
  lang: string;
}

/**
 * How a call ended. `code`: `wechat_<errcode>` for an answer with an error code, `http_<status>`,
 * `timeout` or a network error code. `final`: retrying cannot help (the user refused, the quota
 * is used up, the template or page is wrong).
 */
export type WechatOutcome = { ok: true } | { ok: false; code: string; errcode: number | null; status: number | null; final: boolean };

/** `errcode`s that retrying will not change: the message is given up at once. */
const FINAL_ERRCODES = new Set([
  43101, // the user refused, or the subscription was already used
  45009, // the template's daily quota is used up
  40003, // openid not valid for this app
  40037, // template id not valid
  41030, // page not valid (or not published)
  47003, // data does not meet the template's rules
  40036, // template id not valid (older code)
  40013, // appid not valid
  40125, // app secret not valid
]);
/** The access token expired or was replaced: fetch a new one, once. */
const TOKEN_ERRCODES = new Set([40001, 42001, 40014]);
/** Leave this much of a token's life unused, so a call never starts with one about to expire. */
const TOKEN_MARGIN_MS = 5 * 60_000;

export interface WechatApi {
  /** code2Session: the openid a `wx.login` code belongs to (each code works once, for 5 minutes). */
  openidFor(code: string): Promise<{ ok: true; openid: string } | { ok: false; code: string; errcode: number | null; status: number | null; final: boolean }>;
  /** `subscribeMessage.send` with the cached access token; refreshed and tried again once when WeChat calls it invalid. */
  send(message: SubscribeMessage): Promise<WechatOutcome>;
}

type Answer = { status: number; body: Record<string, unknown> | null } | { error: string };

/**
 * @example
 * const api = createWechatApi(config.wechat, () => new Date());
 * const who = await api.openidFor(code); // { ok: true, openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' }
 */
export function createWechatApi(settings: ServerConfig['wechat'], now: () => Date = () => new Date()): WechatApi {
  const base = settings.apiBaseUrl.replace(/\/+$/, '');
  const appId = settings.appId ?? '';
  const appSecret = settings.appSecret ?? '';
  let token: { value: string; until: number } | null = null;
  let fetching: Promise<WechatOutcome & { token?: string }> | null = null;

  async function call(path: string, init: { method: 'GET' | 'POST'; query?: Record<string, string>; json?: unknown }): Promise<Answer> {
    const url = new URL(`${base}${path}`);
    for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
    try {
      const response = await fetch(url, {
        method: init.method,
        redirect: 'manual',
        headers: init.json === undefined ? {} : { 'content-type': 'application/json' },
        body: init.json === undefined ? null : JSON.stringify(init.json),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      const text = await response.text();
      let body: Record<string, unknown> | null = null;
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      } catch {
        body = null;
      }
      return { status: response.status, body };
    } catch (thrown) {
      const cause = (thrown as { cause?: { code?: unknown } }).cause;
      return { error: (thrown as Error).name === 'TimeoutError' ? 'timeout' : typeof cause?.code === 'string' ? cause.code : (thrown as Error).message };
    }
  }

  /** The failure an answer is, or null when it is a success (HTTP 2xx and errcode 0 or absent). */
  function failure(answer: Answer): Exclude<WechatOutcome, { ok: true }> | null {
    if ('error' in answer) return { ok: false, code: answer.error, errcode: null, status: null, final: false };
    if (answer.status < 200 || answer.status > 299 || answer.body === null) return { ok: false, code: `http_${answer.status}`, errcode: null, status: answer.status, final: false };
    const errcode = typeof answer.body.errcode === 'number' ? answer.body.errcode : 0;
    if (errcode === 0) return null;
    return { ok: false, code: `wechat_${errcode}`, errcode, status: answer.status, final: FINAL_ERRCODES.has(errcode) };
  }

  // The stable token's normal mode: every server process gets the same token, and a new one
  // only once the current one expired (force_refresh, limited to a few calls a day, would
  // replace the token under the other processes' feet).
  async function fetchToken(): Promise<WechatOutcome & { token?: string }> {
    const answer = await call('/cgi-bin/stable_token', {
      method: 'POST',
      json: { grant_type: 'client_credential', appid: appId, secret: appSecret, force_refresh: false },
    });
    const failed = failure(answer);
    if (failed) return failed;
    const body = (answer as { body: Record<string, unknown> }).body;
    if (typeof body.access_token !== 'string' || body.access_token === '') return { ok: false, code: 'wechat_no_token', errcode: null, status: 200, final: false };
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 7200) * 1000;
    token = { value: body.access_token, until: now().getTime() + Math.max(0, lifetimeMs - TOKEN_MARGIN_MS) };
    return { ok: true, token: body.access_token };
  }

  /** The cached token unless it is `stale` or about to expire, else a new one (concurrent callers share one fetch). */
  async function accessToken(stale?: string): Promise<WechatOutcome & { token?: string }> {
    if (token && token.value !== stale && now().getTime() < token.until) return { ok: true, token: token.value };
    token = null;
    fetching ??= fetchToken().finally(() => {
      fetching = null;
    });
    return fetching;
  }

  return {
    async openidFor(code) {
      const answer = await call('/sns/jscode2session', {
        method: 'GET',
        query: { appid: appId, secret: appSecret, js_code: code, grant_type: 'authorization_code' },
      });
      const failed = failure(answer);
      if (failed) return failed;
      const openid = (answer as { body: Record<string, unknown> }).body.openid;
      if (typeof openid !== 'string' || openid === '') return { ok: false, code: 'wechat_no_openid', errcode: null, status: 200, final: true };
      return { ok: true, openid };
    },

    async send(message) {
      let refreshed = false;
      let current = await accessToken();
      for (;;) {
        if (!current.ok) return current;
        const answer = await call('/cgi-bin/message/subscribe/send', { method: 'POST', query: { access_token: current.token! }, json: message });
        const failed = failure(answer);
        if (!failed) return { ok: true };
        // An expired or replaced token: a new one, once; a second refusal waits for the retry.
        if (failed.errcode !== null && TOKEN_ERRCODES.has(failed.errcode) && !refreshed) {
          refreshed = true;
          current = await accessToken(current.token);
          continue;
        }
        return failed;
      }
    },
  };
}

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of WeChat's server API on 127.0.0.1, for the three calls subscribe messages make.
 * It checks requests as WeChat does and answers with WeChat's error codes:
 * - `GET /sns/jscode2session`: appid and secret, a `js_code` it knows (each works once:
 *   40163 after that, 40029 for an unknown one), `grant_type=authorization_code`;
 * - `POST /cgi-bin/stable_token`: appid and secret, `grant_type=client_credential`; the
 *   same token while it is valid, a new one once it expired (`expireToken()`);
 * - `POST /cgi-bin/message/subscribe/send`: a current access token (40001 otherwise), a
 *   known openid, a template id, a page, and `data` by WeChat's rules (47003 otherwise);
 *   43101 for an openid/template the test marked as refused.
 * Every well-formed send is recorded in `sent`, every request in `calls`.
 */

export const FAKE_APP_ID = 'wx0123456789abcdef';
export const FAKE_APP_SECRET = 'fake-app-secret-0123456789abcdef';

export interface FakeSend {
  touser: string;
  template_id: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
}

export interface FakeWechat {
  url: string;
  /** code → openid: codes `wx.login` would hand out. */
  codes: Map<string, string>;
  /** A fresh code for this openid, as `wx.login` returns one. */
  loginCode(openid: string): string;
  /** A user of the mini-program, known by openid (as an integrator's own login would know them). */
  addUser(openid: string): void;
  /** Accepted sends, in order. */
  sent: FakeSend[];
  /** Every request: path and, for sends, the errcode answered. */
  calls: { path: string; errcode: number }[];
  /** Tokens handed out by stable_token. */
  tokensIssued: string[];
  /** Makes the current access token expired: sends with it get 40001 until a new one is fetched. */
  expireToken(): void;
  /** Sends to this openid with this template are refused with 43101 (the user declined it). */
  refuse(openid: string, templateId: string): void;
  /** The problems found in requests that were refused for their shape (47003, 41030, …). */
  problems: string[];
  close(): Promise<void>;
}

/** The WeChat rule a keyword's value must meet; null when it does. */
export function dataProblem(keyword: string, value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return `${keyword}: value must be a non-empty string`;
  const type = keyword.replace(/\d+$/, '');
  const length = [...value].length;
  switch (type) {
    case 'thing':
      return length <= 20 ? null : `${keyword}: thing is at most 20 characters (${length})`;
    case 'character_string':
      return length <= 32 && /^[\x21-\x7e]+$/.test(value) ? null : `${keyword}: character_string is at most 32 letters, digits or symbols`;
    case 'phrase':
      return length <= 5 && /^[\u4e00-\u9fa5]+$/.test(value) ? null : `${keyword}: phrase is at most 5 Chinese characters`;
    case 'time':
    case 'date':
      return /^\d{4}年\d{1,2}月\d{1,2}日( \d{2}:\d{2})?$|^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$|^\d{2}:\d{2}$/.test(value) ? null : `${keyword}: not a WeChat time (${value})`;
    case 'name':
      return length <= 10 ? null : `${keyword}: name is at most 10 characters`;
    case 'number':
      return /^\d{1,32}$/.test(value) ? null : `${keyword}: number is at most 32 digits`;
    default:
      return `${keyword}: keyword type ${type} is not one the fake knows`;
  }
}

export async function startFakeWechat(options: { appId?: string; appSecret?: string } = {}): Promise<FakeWechat> {
  const appId = options.appId ?? FAKE_APP_ID;
  const appSecret = options.appSecret ?? FAKE_APP_SECRET;
  const codes = new Map<string, string>();
  const usedCodes = new Set<string>();
  const openids = new Set<string>();
  const refused = new Set<string>();
  const sent: FakeSend[] = [];
  const calls: { path: string; errcode: number }[] = [];
  const tokensIssued: string[] = [];
  const problems: string[] = [];
  let current: string | null = null;

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const answer = (errcode: number, extra: Record<string, unknown> = {}) => {
        calls.push({ path: url.pathname, errcode });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode, errmsg: errcode === 0 ? 'ok' : `error ${errcode}`, ...extra }));
      };
      let body: Record<string, unknown> = {};
      if (request.method === 'POST') {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          return answer(47001); // data format error
        }
      }
      if (url.pathname === '/sns/jscode2session' && request.method === 'GET') {
        const query = url.searchParams;
        if (query.get('appid') !== appId || query.get('secret') !== appSecret) return answer(40125);
        if (query.get('grant_type') !== 'authorization_code') return answer(40002);
        const code = query.get('js_code') ?? '';
        if (usedCodes.has(code)) return answer(40163);
        const openid = codes.get(code);
        if (!openid) return answer(40029);
        usedCodes.add(code);
        return answer(0, { openid, session_key: randomBytes(16).toString('base64') });
      }
      if (url.pathname === '/cgi-bin/stable_token' && request.method === 'POST') {
        if (body.appid !== appId || body.secret !== appSecret) return answer(40125);
        if (body.grant_type !== 'client_credential') return answer(40002);
        if (!current) {
          current = `token-${randomBytes(8).toString('hex')}`;
          tokensIssued.push(current);
        }
        return answer(0, { access_token: current, expires_in: 7200 });
      }
      if (url.pathname === '/cgi-bin/message/subscribe/send' && request.method === 'POST') {
        if (!current || url.searchParams.get('access_token') !== current) return answer(40001);
        const message = body as unknown as FakeSend;
        if (typeof message.touser !== 'string' || !openids.has(message.touser)) return answer(40003);
        if (typeof message.template_id !== 'string' || message.template_id === '') return answer(40037);
        if (typeof message.page !== 'string' || message.page.startsWith('/') || message.page.length > 512) {
          problems.push(`page: ${String(message.page)}`);
          return answer(41030);
        }
        if (message.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(message.miniprogram_state)) return answer(47003);
        const data = message.data;
        if (data === null || typeof data !== 'object' || Object.keys(data).length === 0) {
          problems.push('data: missing');
          return answer(47003);
        }
        for (const [keyword, entry] of Object.entries(data)) {
          const problem = dataProblem(keyword, (entry as { value?: unknown } | null)?.value);
          if (problem) {
            problems.push(problem);
            return answer(47003);
          }
        }
        if (refused.has(`${message.touser} ${message.template_id}`)) return answer(43101);
        sent.push(message);
        return answer(0);
      }
      calls.push({ path: url.pathname, errcode: 404 });
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    codes,
    loginCode(openid) {
      const code = `code-${randomBytes(8).toString('hex')}`;
      codes.set(code, openid);
      openids.add(openid);
      return code;
    },
    addUser(openid) {
      openids.add(openid);
    },
    sent,
    calls,
    tokensIssued,
    expireToken() {
      current = null;
    },
    refuse(openid, templateId) {
      openids.add(openid);
      refused.add(`${openid} ${templateId}`);
    },
    problems,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

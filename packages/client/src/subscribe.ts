import { isObject } from './guards';

/** `wx.requestSubscribeMessage` (and `Taro.requestSubscribeMessage`), as far as `askSubscribe` uses it. */
export type RequestSubscribeMessage = (options: {
  tmplIds: string[];
  success?: (result: Record<string, unknown>) => void;
  fail?: (error: unknown) => void;
}) => unknown;

/**
 * Asks the user to accept the config's subscribe-message templates (订阅消息), and resolves
 * with the ids they accepted, for `submit(answers, { subscriptions })`. WeChat shows its
 * dialog only when this is called from a tap, so call it first in the submit handler, before
 * anything is awaited. Never rejects: refused, closed, no templates, no API — `[]`, and the
 * feedback is submitted anyway.
 *
 * @example
 * const accepted = askSubscribe(wx.requestSubscribeMessage, client.config.current());
 * await client.submit(answers, { subscriptions: await accepted });
 */
export function askSubscribe(request: RequestSubscribeMessage | undefined, config: { subscribeTemplates?: unknown }): Promise<string[]> {
  const templates = config.subscribeTemplates;
  // A server's config is trusted only as far as it is checked; a template serving both kinds is asked once.
  const ids = isObject(templates)
    ? [templates.replied, templates.statusChanged].filter((id, at, all): id is string => typeof id === 'string' && id !== '' && all.indexOf(id) === at)
    : [];
  return new Promise((resolve) => {
    if (!request || !ids.length) return resolve([]);
    try {
      request({ tmplIds: ids, success: (result) => resolve(ids.filter((id) => result[id] === 'accept')), fail: () => resolve([]) });
    } catch {
      resolve([]);
    }
  });
}

import { resolveLocale } from '@fankui/core';
import type { SubscribeTemplates } from '@fankui/core';
import type { ServerConfig } from '../../config';
import { newId } from '../../ids';
import type { Logger } from '../../logger';
import type { EventRecord, Store, SubscriptionRecord, TicketRecord, WebhookDeliveryRecord } from '../../store/store';
import { createWechatApi, type WechatApi } from './api';
import { messageData } from './messages';

/**
 * Subscribe messages (订阅消息): the reporter hears when their complaint moves.
 *
 * - At submission, the templates the reporter accepted in the submit tap become
 *   subscriptions of the ticket, with the openid from the signed user token or from the
 *   submission's `wx.login` code (code2Session). The openid is kept only for this.
 * - When an operator replies, one `replied` subscription is used; when the status moves
 *   (not by the reporter), one `status_changed` one: at most one message per ticket write,
 *   the reply's first. Each message is a row of the webhook outbox (endpoint
 *   {@link SUBSCRIBE_ENDPOINT}), so it is durable, claimed, retried with backoff and listed in
 *   the delivery log like a webhook; the openid is read from the subscription when sending.
 * - How it ends (sent, refused by the user, quota used up, …) is an internal note on the
 *   ticket's timeline. Refusals and other final answers are never retried.
 */

/** The outbox `endpoint` of subscribe messages (not a URL: the sender hands these rows to WeChat). */
export const SUBSCRIBE_ENDPOINT = 'wechat:subscribe';

const LABELS: Record<SubscriptionRecord['kind'], string> = { replied: '回复提醒', status_changed: '状态变更提醒' };
const REASONS: Record<string, string> = {
  wechat_43101: '用户拒收，或这次订阅已用过',
  wechat_45009: '模板今日发送次数已用完',
  wechat_40003: 'openid 不属于这个小程序',
  wechat_40029: 'wx.login code 无效或已过期（5 分钟内有效，只能用一次）',
  wechat_40163: 'wx.login code 已被使用',
  wechat_40037: '模板 ID 不正确',
  wechat_41030: '页面路径不正确或页面未发布',
  wechat_47003: '模板数据不符合规则',
  subscription_gone: '订阅已被删除（用户数据已清除）',
};
const reasonOf = (code: string) => REASONS[code] ?? code;

/** Whether subscribe messages are on: app id, secret and at least one template configured. */
export function subscribeEnabled(config: ServerConfig): boolean {
  const { appId, appSecret, templates } = config.wechat;
  return appId !== null && appSecret !== null && (templates.replied !== undefined || templates.statusChanged !== undefined);
}

/** The templates `/v1/config` lists, so forms ask for them; null when subscribe messages are off. */
export function remoteSubscribeTemplates(config: ServerConfig): SubscribeTemplates | null {
  if (!subscribeEnabled(config)) return null;
  const { replied, statusChanged } = config.wechat.templates;
  const out: SubscribeTemplates = {};
  if (replied) out.replied = replied.id;
  if (statusChanged) out.statusChanged = statusChanged.id;
  return out;
}

/** Appends an internal note by the system to a ticket's timeline, without touching what the reporter sees. */
async function systemNote(store: Store, ticketId: string, at: string, body: string, subscribe: Record<string, unknown>): Promise<void> {
  const note: EventRecord = { id: newId('ev'), ticketId, at, actorType: 'system', actorName: '订阅消息', type: 'note', payload: { body, subscribe }, internal: true };
  // Guarded by the status read, so a concurrent move is not written over; tried again then.
  for (let tries = 0; tries < 3; tries += 1) {
    const ticket = await store.getTicket(ticketId);
    if (!ticket) return;
    if (await store.updateTicket(ticketId, { updatedAt: ticket.updatedAt }, [note], ticket.status)) return;
  }
}

export interface SubscribeService {
  /**
   * Keeps the templates a new ticket's reporter accepted, with their openid (from the user
   * token, else code2Session). Never throws: a failure is logged and noted on the ticket.
   */
  accept(ticket: TicketRecord, choices: { subscriptions?: string[] | undefined; wxLoginCode?: string | undefined }, tokenOpenid: string | null): Promise<void>;
}

/** @example const subscribe = createSubscribeService(store, config, () => new Date(), logger); */
export function createSubscribeService(store: Store, config: ServerConfig, now: () => Date, logger: Logger, api: WechatApi = createWechatApi(config.wechat, now)): SubscribeService {
  const { templates } = config.wechat;
  return {
    async accept(ticket, choices, tokenOpenid) {
      const accepted = new Set(choices.subscriptions ?? []);
      const kinds: { kind: SubscriptionRecord['kind']; templateId: string }[] = [];
      if (templates.replied && accepted.has(templates.replied.id)) kinds.push({ kind: 'replied', templateId: templates.replied.id });
      if (templates.statusChanged && accepted.has(templates.statusChanged.id)) kinds.push({ kind: 'status_changed', templateId: templates.statusChanged.id });
      if (kinds.length === 0) return;
      try {
        let openid = tokenOpenid;
        if (!openid) {
          const at = now().toISOString();
          if (!choices.wxLoginCode) {
            await systemNote(store, ticket.id, at, '用户接受了订阅消息，但提交没有带 wx.login code，也没有带 openid 的用户令牌：不会发送', { outcome: 'no_openid' });
            return;
          }
          const who = await api.openidFor(choices.wxLoginCode);
          if (!who.ok) {
            logger.log('warn', 'wechat code2session failed', { ticket: ticket.id, error: who.code });
            await systemNote(store, ticket.id, at, `未能取得 openid：${reasonOf(who.code)}；订阅消息不会发送`, { outcome: 'no_openid', error: who.code });
            return;
          }
          openid = who.openid;
        }
        const at = now().toISOString();
        await store.addSubscriptions(
          kinds.map(({ kind, templateId }) => ({ id: newId('sb'), ticketId: ticket.id, openid: openid!, templateId, kind, status: 'accepted' as const, error: null, createdAt: at, updatedAt: at })),
        );
      } catch (error) {
        logger.log('error', 'subscribe accept failed', { ticket: ticket.id, error: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}

/** Which subscription one ticket write uses: an operator's reply first, else a status move not made by the reporter. */
function kindFor(events: readonly EventRecord[]): { kind: SubscriptionRecord['kind']; reply?: string }[] {
  const out: { kind: SubscriptionRecord['kind']; reply?: string }[] = [];
  const reply = events.find((item) => !item.internal && item.type === 'message' && item.actorType === 'operator');
  if (reply) out.push({ kind: 'replied', reply: typeof reply.payload.body === 'string' ? reply.payload.body : '' });
  if (events.some((item) => !item.internal && (item.type === 'status_changed' || item.type === 'reopened') && item.actorType !== 'reporter')) out.push({ kind: 'status_changed' });
  return out;
}

/**
 * The store as the domain sees it with subscribe messages on: a ticket write that brings an
 * operator's reply or a status move takes one subscription and queues its message in the
 * outbox (after the write commits, as webhooks do), then wakes the sender.
 */
export function withSubscribeMessages(store: Store, config: ServerConfig, now: () => Date, queued: () => void, logger: Logger): Store {
  const { templates, page, miniprogramState, lang } = config.wechat;
  const locale = resolveLocale(lang.replace('_', '-'));
  const queue = async (ticket: TicketRecord, events: readonly EventRecord[]) => {
    try {
      for (const wanted of kindFor(events)) {
        const template = wanted.kind === 'replied' ? templates.replied : templates.statusChanged;
        if (!template) continue;
        const at = now();
        const subscription = await store.takeSubscription(ticket.id, wanted.kind, at.toISOString());
        if (!subscription) continue;
        const id = newId('wh', at.getTime());
        const data = messageData(template.data, { ticketId: ticket.id, summary: ticket.summary, status: ticket.status, reply: wanted.reply, at }, locale);
        const body = JSON.stringify({ subscription: subscription.id, template_id: subscription.templateId, page: `${page}${ticket.id}`, data, miniprogram_state: miniprogramState, lang });
        const row: WebhookDeliveryRecord = {
          id,
          endpoint: SUBSCRIBE_ENDPOINT,
          event: wanted.kind === 'replied' ? 'ticket.replied' : 'ticket.status_changed',
          ticketId: ticket.id,
          body,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: at.toISOString(),
          lastError: null,
          lastStatus: null,
          createdAt: at.toISOString(),
          deliveredAt: null,
        };
        await store.enqueueWebhookDeliveries([row]);
        queued();
        return;
      }
    } catch (error) {
      logger.log('error', 'subscribe message enqueue failed', { ticket: ticket.id, error: error instanceof Error ? error.message : String(error) });
    }
  };
  return Object.assign(Object.create(store) as Store, {
    async updateTicket(...args: Parameters<Store['updateTicket']>) {
      const updated = await store.updateTicket(...args);
      if (updated && args[2].length > 0) await queue(updated, args[2]);
      return updated;
    },
  });
}

/** How one attempt at a subscribe message ended, for the outbox. */
export interface SubscribeAttempt {
  error: string | null;
  status: number | null;
  /** Retrying cannot help: give up now. */
  final: boolean;
}

/** Sends the subscribe-message rows of the outbox; the webhook sender hands them over. */
export interface SubscribeTransport {
  deliver(delivery: WebhookDeliveryRecord, attempts: number): Promise<SubscribeAttempt>;
}

/**
 * @example const transport = subscribeTransport(store, config, () => new Date());
 */
export function subscribeTransport(store: Store, config: ServerConfig, now: () => Date, api: WechatApi = createWechatApi(config.wechat, now)): SubscribeTransport {
  return {
    async deliver(delivery, attempts) {
      const message = JSON.parse(delivery.body) as { subscription: string; template_id: string; page: string; data: Record<string, { value: string }>; miniprogram_state: 'formal'; lang: string };
      const { subscription: subscriptionId, ...rest } = message;
      const subscription = await store.getSubscription(subscriptionId);
      const at = () => now().toISOString();
      const ticketId = delivery.ticketId ?? '';
      if (!subscription) return { error: 'subscription_gone', status: null, final: true };
      const outcome = await api.send({ touser: subscription.openid, ...rest });
      const facts = { kind: subscription.kind, templateId: subscription.templateId, delivery: delivery.id };
      if (outcome.ok) {
        await store.finishSubscription(subscription.id, { status: 'sent', error: null, at: at() });
        await systemNote(store, ticketId, at(), `已向用户发送订阅消息（${LABELS[subscription.kind]}）`, { ...facts, outcome: 'sent' });
        return { error: null, status: 200, final: false };
      }
      const final = outcome.final || attempts >= config.webhooks.maxAttempts;
      if (final) {
        await store.finishSubscription(subscription.id, { status: 'failed', error: outcome.code, at: at() });
        await systemNote(store, ticketId, at(), `订阅消息（${LABELS[subscription.kind]}）未发送：${reasonOf(outcome.code)}`, { ...facts, outcome: 'failed', error: outcome.code });
      }
      return { error: outcome.code, status: outcome.status, final: outcome.final };
    },
  };
}

/**
 * A reporter's acceptance of one WeChat subscribe-message template (订阅消息) for one
 * ticket: WeChat allows one message per acceptance, so a subscription is used once. The
 * openid is kept only to send that message and is never answered by any API.
 */
export interface SubscriptionRecord {
  id: string;
  ticketId: string;
  openid: string;
  templateId: string;
  /** `replied`: sent on an operator's reply; `status_changed`: on a status move. */
  kind: 'replied' | 'status_changed';
  /** `accepted`: unused; `queued`: taken for a message in the outbox; `sent`; `failed` (see `error`). */
  status: 'accepted' | 'queued' | 'sent' | 'failed';
  /** Why it failed: `wechat_<errcode>` or what the last attempt met. */
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Where the subscriptions live: part of every store (table `wechat_subscriptions`). */
export interface SubscriptionStore {
  addSubscriptions(records: SubscriptionRecord[]): Promise<void>;
  /**
   * Takes the oldest unused subscription of `kind` for the ticket (it becomes `queued`);
   * null when none is left. Atomic: two writers never take the same one.
   */
  takeSubscription(ticketId: string, kind: SubscriptionRecord['kind'], at: string): Promise<SubscriptionRecord | null>;
  getSubscription(id: string): Promise<SubscriptionRecord | null>;
  /** Records how sending its message ended. */
  finishSubscription(id: string, outcome: { status: 'sent' | 'failed'; error: string | null; at: string }): Promise<void>;
  /** Deletes the subscriptions (and so the openids) of these tickets: retention purge, erasure. Returns how many. */
  forgetSubscriptions(ticketIds: string[]): Promise<number>;
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testId } from '../../../tests/support/tickets';
import type { Store, SubscriptionRecord } from '../store';

const AT = '2026-03-01T09:00:00.000Z';

function subscription(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id: testId('sb'),
    ticketId: 'tk_subscribed',
    openid: 'oUser-contract',
    templateId: 'TPL-reply',
    kind: 'replied',
    status: 'accepted',
    error: null,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/**
 * Subscribe-message subscriptions (`SubscriptionStore`), part of the store contract: each is
 * taken once (also by concurrent takers), only for its ticket and kind, oldest first, and
 * forgotten with its ticket.
 */
export function describeSubscriptionContract(open: () => Promise<Store>): void {
  describe('subscribe-message subscriptions', () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('takes each accepted subscription once, oldest first, even when takers race', async () => {
      const first = subscription({ createdAt: AT });
      const second = subscription({ createdAt: '2026-03-01T09:05:00.000Z' });
      const otherKind = subscription({ kind: 'status_changed', templateId: 'TPL-status' });
      const otherTicket = subscription({ ticketId: 'tk_someone_else' });
      await store.addSubscriptions([second, first, otherKind, otherTicket]);

      const taken = await Promise.all([1, 2, 3].map(() => store.takeSubscription('tk_subscribed', 'replied', '2026-03-01T10:00:00.000Z')));
      const ids = taken.filter((item): item is SubscriptionRecord => item !== null).map((item) => item.id);
      expect(ids.sort()).toEqual([first.id, second.id].sort());
      expect(taken.filter((item) => item === null)).toHaveLength(1);
      expect(taken.find((item) => item !== null)).toMatchObject({ openid: 'oUser-contract', templateId: 'TPL-reply', status: 'queued', updatedAt: '2026-03-01T10:00:00.000Z' });
      // The other kind and the other ticket are untouched.
      expect((await store.getSubscription(otherKind.id))!.status).toBe('accepted');
      expect((await store.getSubscription(otherTicket.id))!.status).toBe('accepted');
      expect(await store.takeSubscription('tk_subscribed', 'status_changed', AT)).toMatchObject({ id: otherKind.id });
    });

    it('records how sending ended, and forgets the subscriptions of erased tickets', async () => {
      const kept = subscription({ ticketId: 'tk_kept' });
      const erased = subscription({ ticketId: 'tk_erased' });
      await store.addSubscriptions([kept, erased]);
      await store.finishSubscription(kept.id, { status: 'failed', error: 'wechat_43101', at: '2026-03-01T11:00:00.000Z' });
      expect(await store.getSubscription(kept.id)).toEqual({ ...kept, status: 'failed', error: 'wechat_43101', updatedAt: '2026-03-01T11:00:00.000Z' });
      // A used or failed subscription is never taken again.
      expect(await store.takeSubscription('tk_kept', 'replied', AT)).toBeNull();

      expect(await store.forgetSubscriptions(['tk_erased', 'tk_unknown'])).toBe(1);
      expect(await store.forgetSubscriptions([])).toBe(0);
      expect(await store.getSubscription(erased.id)).toBeNull();
      expect(await store.getSubscription(kept.id)).not.toBeNull();
    });
  });
}

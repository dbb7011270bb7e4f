/**
 * `fankui-entry` — the 反馈与投诉 entry: a list cell for the "我的" page or a floating
 * button, with a badge while submissions wait to be sent (待发送 (2)) or when operators
 * replied (2 条新回复). A tap emits `open` and, unless `navigate` is false, opens the
 * feedback page.
 */
import { defineComponent } from '../common/component';

defineComponent({
  properties: {
    /** `cell` (a row of a list) or `floating` (a round button fixed at the bottom right). */
    type: { type: String, value: 'cell' },
    /** The page to open. Default: `feedbackUrl` from `configure`. */
    url: { type: String, value: '' },
    /** Default 反馈与投诉 / Feedback & complaints. */
    title: { type: String, value: '' },
    /** Count operator replies not yet read (reads the ticket list when the page shows). */
    showUnread: { type: Boolean, value: true },
    /** false: only emit `open` (for `wx.switchTab`, a custom router…). */
    navigate: { type: Boolean, value: true },
  },
  data: { label: '', badge: '', badgeKind: '', ariaLabel: '', pending: 0, unread: 0 },
  observers: {
    title() {
      this.render();
    },
  },
  lifetimes: {
    attached() {
      const { client } = this.fankui();
      this.own(client.on('status', ({ pending }) => this.render({ pending })));
      this.own(client.on('sent', () => this.loadUnread()));
      // The queue's index loads asynchronously: the first status() may not count it yet.
      client.ready().then(() => this.render({ pending: client.status().pending }), () => undefined);
      this.render({ pending: client.status().pending });
      this.loadUnread();
    },
  },
  pageLifetimes: {
    // Coming back from the feedback page: replies may have been read there.
    show() {
      this.loadUnread();
    },
  },
  methods: {
    /** Recomputes the label, badge and accessible name; sends only what changed. */
    render(counts: { pending?: number; unread?: number } = {}) {
      const { t } = this.fankui();
      const pending = counts.pending === undefined ? this.data.pending : counts.pending;
      const unread = counts.unread === undefined ? this.data.unread : counts.unread;
      const label = this.data.title || t('entry.title');
      // Waiting submissions come first: the user's own words not yet delivered matter most.
      const badge = pending > 0 ? t('queue.pendingCount', { count: pending }) : unread > 0 ? t('ui.unread', { count: unread }) : '';
      this.patch({ pending, unread, label, badge, badgeKind: pending > 0 ? 'pending' : unread > 0 ? 'unread' : '', ariaLabel: badge ? `${label}, ${badge}` : label });
    },
    loadUnread() {
      if (!this.data.showUnread) return;
      this.fankui().client.tickets.list().then(
        ({ items }) => this.render({ unread: items.reduce((sum, row) => sum + (row.unread || 0), 0) }),
        () => undefined, // a badge is a hint: no badge rather than an error
      );
    },
    onTap() {
      const url = this.data.url || this.fankui().feedbackUrl;
      this.triggerEvent('open', { url });
      if (this.data.navigate) wx.navigateTo({ url });
    },
  },
});

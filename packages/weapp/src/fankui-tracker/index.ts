/**
 * `fankui-tracker` — 我的反馈: the user's tickets, newest first, with submissions still
 * waiting to be sent (待发送) leading; each row shows its category, the first line of what
 * was written, the status, the date and "2 条新回复". A tap opens the ticket
 * (`fankui-ticket`: status, ticket number, the answers, the timeline, add information,
 * rating, 问题未解决). Offline the list comes from the client's cache with a notice. The
 * list refreshes when the page shows again and after a queued submission is delivered.
 *
 * Properties:
 * - `ticketId` (String): open this ticket at once (e.g. from the page query); back leads to the list.
 * - `form` (Object): the form definition that labels categories and answers. Default: the client's current config.
 * - `pageSize` (Number, default 20): rows per page; 加载更多 loads the next.
 *
 * Events (`detail`):
 * - `open` `{ ticketId, pending }`: a row was tapped (`pending`: a queued submission, `ticketId` its local id).
 * - `back` `{ ticketId }`: the detail was left for the list.
 * - `messaged` `{ ticketId }`, `rated` `{ ticketId, score }`, `reopened` `{ ticketId }`: from the detail.
 * - `error` `{ action: 'list' | 'load' | 'message' | 'rate' | 'reopen', code, status?, ticketId? }`: something failed (the user sees a notice).
 *
 * External classes: `custom-class` (the root). Theming: the `--fankui-*` CSS variables.
 *
 * @example
 * <!-- pages/feedback/mine.wxml; index.json: { "usingComponents": { "fankui-tracker": "@fankui/weapp/fankui-tracker/index" } } -->
 * <fankui-tracker ticket-id="{{query.id}}" bind:rated="onRated" />
 */
import type { TicketRow } from '@fankui/client';
import { LIMITS, TICKET_STATUSES } from '@fankui/core';
import { defineComponent } from '../common/component';
import { listPaths } from '../common/list-paths';
import { formOf, statusKey } from '../common/ticket-view';
import { rowView, type RowView } from './rows';

/** Per instance, off `data`: the rows as the client gave them (a tap needs the id) and the next page's cursor. */
interface Local {
  rows: TicketRow[];
  cursor: string | null;
  /** Answers of older loads are dropped: only the latest list call may render. */
  generation: number;
}
const locals = new WeakMap<object, Local>();
const localOf = (component: object) => {
  let found = locals.get(component);
  if (!found) locals.set(component, (found = { rows: [], cursor: null, generation: 0 }));
  return found;
};

defineComponent({
  properties: {
    ticketId: { type: String, value: '' },
    form: { type: Object, value: null as unknown as Record<string, unknown> },
    pageSize: { type: Number, value: 20 },
  },
  data: {
    text: {} as Record<string, string>,
    statusText: {} as Record<string, string>,
    items: [] as RowView[],
    state: 'loading' as 'loading' | 'ready' | 'failed',
    stale: false,
    hasMore: false,
    openId: '',
    openPending: false,
  },
  observers: {
    ticketId(id: string) {
      if (id) this.patch({ openId: id, openPending: false });
    },
  },
  lifetimes: {
    attached() {
      const { client, t } = this.fankui();
      const statusText: Record<string, string> = { pending: t('status.pending') };
      for (const status of TICKET_STATUSES) statusText[status] = t(statusKey(status));
      this.patch({
        text: { empty: t('ui.tracker.empty'), offline: t('ui.tracker.offline'), loadMore: t('ui.tracker.loadMore'), loading: t('ui.loading'), failed: t('ui.failed') },
        statusText,
      });
      // A queued row becomes a ticket (or leaves) when the queue delivers or gives up on it.
      for (const type of ['sent', 'queued', 'rejected', 'dropped'] as const) this.own(client.on(type, () => this.load()));
      this.load();
    },
  },
  pageLifetimes: {
    // Back from elsewhere: replies may have arrived, statuses moved.
    show() {
      this.load();
    },
  },
  methods: {
    /**
     * The first page again (as many rows as are shown, so nothing already loaded goes away),
     * or with `more` the next page, appended.
     */
    load(more?: boolean) {
      const { client, locale, t } = this.fankui();
      const local = localOf(this);
      if (more && !local.cursor) return;
      const generation = ++local.generation;
      const shown = local.rows.filter((row) => !row.pending).length;
      const limit = more ? this.data.pageSize : Math.min(LIMITS.pageMaxSize, Math.max(this.data.pageSize, shown));
      client.tickets.list(more ? { cursor: local.cursor as string, limit } : { limit }).then(
        (page) => {
          if (generation !== local.generation) return;
          const rows = more ? local.rows.concat(page.items) : page.items;
          local.rows = rows;
          local.cursor = page.nextCursor;
          const form = formOf(client, this.data.form);
          const items = rows.map((row) => rowView(row, form, locale, t));
          this.patch(Object.assign(listPaths('items', this.data.items, items), { state: 'ready', stale: page.stale, hasMore: page.nextCursor !== null }));
        },
        (error) => {
          if (generation !== local.generation) return;
          this.patch({ state: this.data.items.length ? 'ready' : 'failed' });
          this.triggerEvent('error', { action: 'list', code: (error as { code?: string }).code });
        },
      );
    },
    onLoadMore() {
      this.load(true);
    },
    onOpen(event: WechatMiniprogram.TouchEvent) {
      const row = localOf(this).rows[Number(event.currentTarget.dataset.index)];
      if (!row) return;
      this.patch({ openId: row.id, openPending: row.pending });
      this.triggerEvent('open', { ticketId: row.id, pending: row.pending });
    },
    onBack() {
      const ticketId = this.data.openId;
      this.patch({ openId: '', openPending: false });
      this.triggerEvent('back', { ticketId });
      this.load(); // opening a ticket marked its replies read
    },
    /** The detail's events, passed on as the tracker's own. */
    onRelay(event: { type: string; detail: unknown }) {
      this.triggerEvent(event.type, event.detail);
    },
  },
});

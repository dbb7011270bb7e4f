/**
 * `fankui-ticket` — one ticket of 我的反馈: its status and ticket number (to quote to
 * 客服), what the user submitted (the answers with their form labels), the timeline with
 * operator replies, adding information, stars and a comment once resolved (`canRate`),
 * and 问题未解决 with a reason (`canReopen`). Offline it shows the copy kept when the
 * ticket was last opened, with a notice. `fankui-tracker` hosts it; a page may use it alone
 * (a detail page opened from a notification).
 *
 * Properties:
 * - `ticketId` (String): the ticket to show ('' shows nothing); a queued submission's local id with `pending`.
 * - `pending` (Boolean): `ticketId` is a submission still waiting to be sent (待发送).
 * - `form` (Object): the form definition the answers are labelled from. Default: the client's current config.
 *
 * Events (`detail`):
 * - `back` `{}`: 返回列表 was tapped.
 * - `messaged` `{ ticketId }`: information was added.
 * - `rated` `{ ticketId, score }`, `reopened` `{ ticketId }`.
 * - `error` `{ ticketId, action: 'load' | 'message' | 'rate' | 'reopen', code, status? }`: an action failed (the user sees 操作失败，请重试).
 *
 * @example
 * <fankui-ticket ticket-id="{{id}}" bind:back="goBack" bind:rated="thank" />
 */
import type { TicketView } from '@fankui/client';
import { LIMITS, TICKET_STATUSES } from '@fankui/core';
import { defineComponent } from '../common/component';
import { listPaths } from '../common/list-paths';
import { firstLine, formOf, statusKey } from '../common/ticket-view';
import { detailView, headView, REPLY_LINE, timelineLines } from './view';

/**
 * Per instance, off `data`: what the user is typing (a keystroke sends a flag at most, never
 * the text) and which ticket is open (the observer and `attached` may both ask for it).
 */
interface Local {
  message: string;
  comment: string;
  reason: string;
  opened: string;
  /** The ticket whose thumbnails are shown (or loading): an action's answer does not load them again. */
  shots: string;
}
const locals = new WeakMap<object, Local>();
const draftsOf = (component: object) => {
  let found = locals.get(component);
  if (!found) locals.set(component, (found = { message: '', comment: '', reason: '', opened: '', shots: '' }));
  return found;
};

/** Nothing shown: the state before a ticket opens (and after `ticketId` is cleared). */
const EMPTY = {
  status: '', category: '', date: '', summary: '', answers: [], events: [], notice: '',
  /** Per attachment: '' while downloading, the displayable path, or null when it failed. */
  shots: [] as (string | null)[],
  shotLabels: [] as string[],
  canRate: false, canReopen: false, canMessage: false, score: 0, reopening: false, messageReady: false, reasonReady: false, busy: false,
};

type Action = 'load' | 'message' | 'rate' | 'reopen';
const errorCode = (error: unknown) => (error as { code?: string } | null)?.code;
const isOffline = (error: unknown) => errorCode(error) === 'network_error' || errorCode(error) === 'timeout';

defineComponent({
  properties: {
    ticketId: { type: String, value: '' },
    pending: { type: Boolean, value: false },
    form: { type: Object, value: null as unknown as Record<string, unknown> },
  },
  // Object.assign, not spread: object spread is ES2018 and would bring its helpers into this file.
  data: Object.assign({}, EMPTY, {
    text: {} as Record<string, string | string[]>,
    statusText: {} as Record<string, string>,
    lines: {} as Record<string, string>,
    stars: [1, 2, 3, 4, 5],
    /** Bumped after a message is sent: the text box is created anew, empty. */
    round: 0,
    limits: { comment: LIMITS.commentMaxLength, message: LIMITS.longTextMaxLength },
    reply: REPLY_LINE,
  }),
  observers: {
    'ticketId, pending'() {
      this.open();
    },
  },
  lifetimes: {
    attached() {
      const { t } = this.fankui();
      this.patch({
        text: {
          back: t('ui.tracker.back'), number: t('ui.tracker.ticketNumber'), copy: t('ui.tracker.copyNumber'), answers: t('ui.tracker.answers'),
          progress: t('ui.tracker.timeline'), loading: t('ui.loading'), addInfo: t('ui.tracker.addInfo'), hint: t('ui.tracker.addInfoHint'),
          send: t('ui.tracker.send'), rate: t('ui.rating.prompt'), comment: t('ui.rating.comment'), rateSend: t('ui.rating.submit'),
          reopen: t('lifecycle.action.reopen'), reopenHint: t('ui.reopen.hint'), reopenSend: t('ui.reopen.submit'), cancel: t('ui.cancel'),
          stars: [1, 2, 3, 4, 5].map((count) => t('ui.rating.star', { count })),
          shotFailed: t('ui.tracker.screenshotFailed'),
        },
        // Labels that repeat, sent once: a ticket's status and events carry only their keys.
        statusText: ['pending'].concat(TICKET_STATUSES).reduce<Record<string, string>>((labels, status) => ((labels[status] = t(statusKey(status as 'pending'))), labels), {}),
        lines: timelineLines(t),
      });
      if (this.data.ticketId) this.open();
    },
  },
  methods: {
    /** Shows `ticketId`: a queued submission from the queue, a ticket from the client (or its cache). */
    open() {
      const { ticketId, pending } = this.data;
      const draft = draftsOf(this);
      const key = ticketId && `${pending ? 'pending' : 'ticket'}:${ticketId}`;
      if (key === draft.opened) return;
      draft.opened = key;
      draft.message = draft.comment = draft.reason = draft.shots = '';
      if (!ticketId) return this.patch(EMPTY);
      const { client, locale, t } = this.fankui();
      if (!pending) {
        this.patch(EMPTY); // 加载中… until the ticket (or a notice) arrives
        return this.reload();
      }
      client.pending().then((rows) => {
        const row = rows.filter((candidate) => candidate.id === ticketId)[0];
        if (!row || ticketId !== this.data.ticketId) return;
        this.patch(Object.assign({}, EMPTY, headView(row, true, formOf(client, this.data.form), locale), { summary: firstLine(row.summary, 200), notice: t('queue.offline') }));
      }, () => undefined);
    },
    reload(): Promise<void> {
      const id = this.data.ticketId;
      return this.fankui().client.tickets.get(id).then(
        (ticket) => this.show(ticket),
        (error) => this.fail('load', error),
      );
    },
    /**
     * Sends what changed of the ticket: on open the head and the timeline in one setData (the
     * timeline whole, not by index: nothing is shown yet), after an action only the new events
     * and the changed flags. The thumbnails follow, each when its download is done.
     */
    show(ticket: TicketView) {
      if (ticket.id !== this.data.ticketId) return; // another ticket was opened meanwhile
      const { client, locale, t } = this.fankui();
      const view = detailView(ticket, formOf(client, this.data.form), locale, t);
      const draft = draftsOf(this);
      const shots = draft.shots === ticket.id ? [] : ticket.attachments;
      const events = this.data.events.length ? listPaths('events', this.data.events, view.events) : { events: view.events };
      const thumbnails = shots.length ? { shots: shots.map(() => ''), shotLabels: shots.map((_, index) => t('ui.tracker.screenshot', { index: index + 1 })) } : {};
      draft.shots = ticket.id;
      this.patch(Object.assign(view.head, events, thumbnails, { busy: false }));
      shots.forEach((id, index) => {
        // A thumbnail that cannot be downloaded is a placeholder tile (null), never an error page.
        const done = (src: string | null) => ticket.id === this.data.ticketId && draft.shots === ticket.id && this.patch({ [`shots[${index}]`]: src });
        client.attachments.view(id).then(done, () => done(null));
      });
    },
    /** A thumbnail tapped: the downloaded images full screen, from the one tapped. */
    onShot(event: WechatMiniprogram.TouchEvent) {
      const urls = (this.data.shots as (string | null)[]).filter((src): src is string => !!src);
      const current = this.data.shots[Number(event.currentTarget.dataset.index)];
      if (current) wx.previewImage({ urls, current });
    },
    fail(action: Action, error: unknown) {
      const { t } = this.fankui();
      const ticketId = this.data.ticketId;
      const offline = isOffline(error);
      this.patch({ busy: false, notice: offline && action === 'load' ? t('ui.tracker.detailOffline') : t('ui.failed') });
      const status = (error as { status?: number } | null)?.status;
      this.triggerEvent('error', status === undefined ? { ticketId, action, code: errorCode(error) } : { ticketId, action, code: errorCode(error), status });
    },
    /** Runs an action on the ticket with the buttons disabled, then shows its answer. */
    act(action: Action, run: () => Promise<TicketView | void>, done: () => void) {
      if (this.data.busy) return;
      this.patch({ busy: true, notice: '' });
      run().then(
        (ticket) => {
          if (ticket) this.show(ticket);
          done();
        },
        (error) => this.fail(action, error),
      );
    },
    onBack() {
      this.triggerEvent('back', {});
    },
    onCopy() {
      if (typeof wx.setClipboardData === 'function') wx.setClipboardData({ data: this.data.ticketId });
    },
    onMessageInput(event: WechatMiniprogram.Input) {
      draftsOf(this).message = event.detail.value;
      this.patch({ messageReady: event.detail.value.trim() !== '' });
    },
    onSend() {
      const draft = draftsOf(this);
      const ticketId = this.data.ticketId;
      const body = draft.message.trim();
      if (!body) return;
      const tickets = this.fankui().client.tickets;
      this.act(
        'message',
        // The answer is the new event; the whole ticket is read again for what it changed (status, flags).
        () => tickets.addMessage(ticketId, { body }).then(() => tickets.get(ticketId)),
        () => {
          draft.message = '';
          this.patch({ round: this.data.round + 1, messageReady: false });
          this.triggerEvent('messaged', { ticketId });
        },
      );
    },
    onStar(event: WechatMiniprogram.TouchEvent) {
      this.patch({ score: Number(event.currentTarget.dataset.score) });
    },
    onCommentInput(event: WechatMiniprogram.Input) {
      draftsOf(this).comment = event.detail.value;
    },
    onRate() {
      const { ticketId, score } = this.data;
      const comment = draftsOf(this).comment.trim();
      if (!score) return;
      this.act(
        'rate',
        () => this.fankui().client.tickets.rate(ticketId, comment ? { score, comment } : { score }),
        () => this.triggerEvent('rated', { ticketId, score }),
      );
    },
    onReopenAsk() {
      this.patch({ reopening: true });
    },
    onReopenCancel() {
      draftsOf(this).reason = '';
      this.patch({ reopening: false, reasonReady: false });
    },
    onReasonInput(event: WechatMiniprogram.Input) {
      draftsOf(this).reason = event.detail.value;
      this.patch({ reasonReady: event.detail.value.trim() !== '' });
    },
    onReopen() {
      const draft = draftsOf(this);
      const ticketId = this.data.ticketId;
      const reason = draft.reason.trim();
      if (!reason) return;
      this.act(
        'reopen',
        () => this.fankui().client.tickets.reopen(ticketId, { reason }),
        () => {
          draft.reason = '';
          this.patch({ reopening: false, reasonReady: false });
          this.triggerEvent('reopened', { ticketId });
        },
      );
    },
  },
});

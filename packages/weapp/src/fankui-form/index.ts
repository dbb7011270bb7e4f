/**
 * `fankui-form` — the 反馈与投诉 form for any core form definition (default: the client's
 * config — remote, cached or bundled), then the acknowledgement.
 *
 * - categories in a `picker`, sub-types in a `checkbox-group` offered per category, fields
 *   that appear with the category (支付问题: amount with the digit keyboard, transaction time
 *   from a date and a time picker), the description with a counter, screenshots picked with
 *   `wx.chooseMedia` and kept through `client.attachments`, contact details and consent;
 * - the known-issue notice of an open alert ("支付通道异常，正在修复…", from `/v1/config`) above
 *   the form while its category is chosen (a keyword's always), hidden by 我知道了, which is
 *   recorded as a deflection;
 * - core's self-help suggestion with 已解决; per-field errors in the user's language after
 *   the first submit, the first one scrolled to; a draft kept across restarts
 *   (`fankui:draft:<formId>`);
 * - after submitting: the response-time promise, or 已保存，联网后自动提交 while offline until
 *   the queue has delivered it (then the promise).
 *
 * Events (`bind:<name>` on the tag; payload in `event.detail`):
 * - `submitted` `{ localId, ack: { message, priority }, offline }` — stored durably; `offline`:
 *   it waits in the queue.
 * - `deflected` `{ articleId, category }` — 已解决 on a self-help suggestion (recorded through
 *   `client.deflections`).
 * - `viewtickets` `{ url }` — 查看我的反馈 was tapped; the component navigates to `trackerUrl`
 *   itself unless it is empty.
 * - `error` `{ code, message }` — a submission or an image could not be stored (storage full,
 *   image too large…), or the queue gave up on a submission shown as waiting (`rejected`,
 *   `dropped`); the user also sees it.
 *
 * @example
 * <!-- pages/feedback/index.wxml; index.json: { "usingComponents": { "fankui-form": "@fankui/weapp/fankui-form/index" } } -->
 * <fankui-form tracker-url="/pages/feedback/tickets" bind:submitted="onSubmitted" />
 */
import { askSubscribe, type Client, type RequestSubscribeMessage } from '@fankui/client';
import { CATEGORY_FIELD, DESCRIPTION_FIELD, LIMITS, SUBTYPES_FIELD, settleAnswers, suggestSelfHelp, validateAnswers, visibleOptions, type FormDefinition, type SelfHelpArticle } from '@fankui/core';
import { defineComponent } from '../common/component';
import type { FankuiContext } from '../common/context';
import { emptyState, joinDateTime, splitDateTime, today, type FormState } from './answers';
import { draftKey, draftWriter, readDraft, type DraftWriter } from './draft';
import { localized } from '../common/ticket-view';
import { fieldPaths, fieldViews, type FieldView } from './view';

/** What one form instance keeps beside its `data` (WeChat's `this` cannot be typed with more). */
interface Session {
  context: FankuiContext;
  client: Client;
  form?: FormDefinition;
  state: FormState;
  draft?: DraftWriter;
  /** Errors show after the first submit attempt, then follow every change. */
  attempted: boolean;
  imageProblems: Record<string, string>;
  imagesSupported: boolean;
  article?: SelfHelpArticle;
  /** Known-issue notices the reporter answered 我知道了 to. */
  dismissed: string[];
  /** The queued submission whose delivery turns 已保存 into the promise, and that promise. */
  waiting?: { localId: string; promise: string };
}

const sessions = new WeakMap<object, Session>();

type ChangeEvent<T = unknown> = { detail: { value: T }; currentTarget: { dataset: Record<string, string | number> } };
type TapEvent = { currentTarget: { dataset: Record<string, string | number> } };

const codeOf = (error: unknown) => String((error as { code?: unknown } | null)?.code || 'failed');

defineComponent({
  properties: {
    /** A form definition from core. Default: the client's config (remote, cached or bundled). */
    form: { type: Object, value: null },
    /** Keep a draft in storage across navigation and restarts. */
    draft: { type: Boolean, value: true },
    /** Where 查看我的反馈 navigates (a page with `fankui-tracker`); empty: only the `viewtickets` event. */
    trackerUrl: { type: String, value: '' },
  },
  data: {
    texts: {} as Record<string, string>,
    fields: [] as FieldView[],
    errors: {} as Record<string, string>,
    /** Errors of fields not shown (answers of a form that changed underneath). */
    orphans: '',
    notice: '',
    /** Known-issue notices shown above the form: `{ id, text }`. */
    issues: [] as { id: string; text: string }[],
    help: { title: '', body: '', open: false, url: '' },
    /** The field the self-help card follows (the description); '': above the submit button. */
    helpAfter: '',
    /** '' (the form), 'ack' (submitted) or 'solved' (self-help). */
    done: '',
    ackMessage: '',
    ackWaiting: false,
    busy: false,
    /** 附带设备信息: the reporter's opt-in to send device facts with this submission (never pre-ticked). */
    shareContext: false,
  },
  observers: {
    form(form: FormDefinition | null) {
      if (sessions.has(this) && form) this.load(form);
    },
  },
  lifetimes: {
    attached() {
      const context = this.fankui();
      const { client, t } = context;
      const session: Session = { context, client, state: emptyState(), attempted: false, imageProblems: {}, imagesSupported: client.attachments.supported, dismissed: [] };
      sessions.set(this, session);
      this.patch({
        texts: {
          required: t('ui.required'),
          submit: t('ui.form.submit'),
          submitting: t('ui.form.submitting'),
          addImage: t('ui.images.add'),
          unsupported: t('ui.images.unsupported'),
          solved: t('ui.selfHelp.solved'),
          more: t('ui.selfHelp.more'),
          thanks: t('ui.selfHelp.thanks'),
          issue: t('ui.notice.title'),
          dismiss: t('ui.notice.dismiss'),
          viewTickets: t('ui.ack.viewTickets'),
          again: t('ui.ack.again'),
          shareContext: t('ui.form.shareContext'),
        },
      });
      this.load(this.data.form || client.config.current().form);
      if (!this.data.form) {
        client.config.get().then(
          (config) => !this.data.form && this.load(config.form),
          () => undefined, // the client answers with its bundled form rather than failing
        );
      }
      this.own(
        client.on('sent', ({ localId, ack }) => {
          const { waiting } = session;
          if (!waiting || waiting.localId !== localId) return;
          session.waiting = undefined;
          this.patch({ ackMessage: ack ? ack.message : waiting.promise, ackWaiting: false });
        }),
      );
      // Never "will be sent" for a submission the queue gave up on.
      const lost = (code: string) => (payload: { localId: string }) => {
        if (!session.waiting || session.waiting.localId !== payload.localId) return;
        session.waiting = undefined;
        this.patch({ ackMessage: t('ui.failed'), ackWaiting: false });
        this.triggerEvent('error', { code, message: t('ui.failed') });
      };
      this.own(client.on('rejected', lost('rejected')));
      this.own(client.on('dropped', lost('dropped')));
    },
    detached() {
      const session = sessions.get(this);
      if (session && session.draft) session.draft.flush();
    },
  },
  pageLifetimes: {
    // The app going to the background may be the last chance before it is killed.
    hide() {
      const session = sessions.get(this);
      if (session && session.draft) session.draft.flush();
    },
  },
  methods: {
    session(): Session {
      return sessions.get(this)!;
    },

    /** Shows `form`: another form brings its own draft; a new version of this one keeps what was typed. */
    load(form: FormDefinition) {
      const session = this.session();
      const previous = session.form;
      // The same form: the rest of the config (FAQ, notices) may still be new.
      if (previous && previous.id === form.id && previous.version === form.version) return this.render();
      session.form = form;
      if (!previous || previous.id !== form.id) {
        if (session.draft) session.draft.flush();
        const key = this.data.draft ? draftKey(form.id) : '';
        const restored = key ? readDraft(key) : null;
        session.draft = key ? draftWriter(key) : undefined;
        session.state = restored || emptyState();
        session.attempted = false;
        this.patch({ notice: restored ? session.context.t('ui.form.draftRestored') : '' });
      }
      this.render();
    },

    /** Derives the whole view from the state; `patch` sends only what changed. */
    render(extra: Record<string, unknown> = {}) {
      const session = this.session();
      const { form, state, context } = session;
      if (!form) return;
      const views = fieldViews(form, state, { locale: context.locale, t: context.t, today: today(), imagesSupported: session.imagesSupported, imageProblems: session.imageProblems });
      const next = fieldPaths(views, this.data.fields);
      // Errors by field id: `errors.amount` when the fields stay, the whole map with new ones.
      const errors = this.errorsOf();
      const fresh = !!next.fields;
      const shownErrors: Record<string, string> = {};
      const orphans: string[] = [];
      for (const view of views) {
        const error = (view.shown && errors[view.id]) || '';
        if (fresh) shownErrors[view.id] = error;
        else next[`errors.${view.id}`] = error;
      }
      if (fresh) next.errors = shownErrors;
      for (const id of Object.keys(errors)) if (!views.some((view) => view.shown && view.id === id)) orphans.push(errors[id]!);
      const category = state.answers[CATEGORY_FIELD];
      const subtypes = state.answers[SUBTYPES_FIELD];
      const description = state.answers[DESCRIPTION_FIELD];
      const article = suggestSelfHelp({
        category: typeof category === 'string' ? category : undefined,
        subtypes: Array.isArray(subtypes) ? (subtypes as string[]) : undefined,
        text: typeof description === 'string' ? description : undefined,
        // The operators' FAQ from the console when the server has one.
      }, session.client.config.current().selfHelp)[0];
      const notices = session.client.config.current().notices || [];
      next.issues = notices
        .filter((item) => (item.category === null || item.category === category) && session.dismissed.indexOf(item.id) < 0)
        .map((item) => ({ id: item.id, text: item.text }));
      const open = !!article && !!session.article && article.id === session.article.id && this.data.help.open;
      session.article = article;
      next.orphans = orphans.join('\n');
      next.helpAfter = views.some((view) => view.shown && view.id === DESCRIPTION_FIELD) ? DESCRIPTION_FIELD : '';
      // The body only once asked for: a suggestion appearing with the category stays small.
      next.help = article
        ? { title: localized(article.title, context.locale), body: open ? localized(article.body, context.locale) : '', open, url: article.url || '' }
        : { title: '', body: '', open: false, url: '' };
      this.patch(Object.assign(next, extra));
    },

    /** Field id → the first error of that field, once the reporter has tried to submit. */
    errorsOf(): Record<string, string> {
      const session = this.session();
      const errors: Record<string, string> = {};
      if (!session.attempted) return errors;
      const result = this.check();
      if (!result.ok) for (const error of result.errors) if (!errors[error.field]) errors[error.field] = error.message;
      return errors;
    },

    check() {
      const { form, state, context } = this.session();
      const asksContact = form!.fields.some((field) => field.kind === 'contact');
      // A form without a contact field refuses any contact value, even an empty one.
      return validateAnswers(form!, { answers: settleAnswers(form!, state.answers), contact: asksContact ? state.contact : undefined, consent: state.consent }, { locale: context.locale });
    },

    /** One change by the reporter: state, draft, view. */
    change(mutate: (state: FormState) => void) {
      const session = this.session();
      mutate(session.state);
      if (session.draft) session.draft.save(session.state);
      this.render();
    },

    answer(fieldIndex: number, value: unknown) {
      const field = this.session().form!.fields[fieldIndex]!;
      this.change((state) => {
        state.answers[field.id] = value;
      });
    },

    /**
     * What a native input already shows is written into `data` without `setData`: echoing
     * each keystroke back would cost bytes per key (a 500-character description) and can
     * move the cursor. `patch` then compares against what the user sees.
     */
    typed(path: string, value: string) {
      const parts = path.match(/[^.[\]]+/g)!;
      let target = this.data as unknown as Record<string, unknown>;
      for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
      target[parts[parts.length - 1]!] = value;
    },

    onPick(event: ChangeEvent<string | number>) {
      const index = Number(event.currentTarget.dataset.index);
      const { form, state } = this.session();
      const option = visibleOptions(form!.fields[index] as Parameters<typeof visibleOptions>[0], state.answers)[Number(event.detail.value)];
      if (option) this.answer(index, option.value);
    },

    /** A checkbox-group sends the positions ticked, a radio-group the one chosen. */
    onGroup(event: ChangeEvent<string | string[]>) {
      const index = Number(event.currentTarget.dataset.index);
      const { form, state } = this.session();
      const field = form!.fields[index]!;
      const offered = visibleOptions(field as Parameters<typeof visibleOptions>[0], state.answers).map((option) => option.value);
      const { value } = event.detail;
      this.answer(index, Array.isArray(value) ? value.map((position) => offered[Number(position)]).filter(Boolean) : offered[Number(value)]);
    },

    onText(event: ChangeEvent<string>) {
      const index = Number(event.currentTarget.dataset.index);
      this.typed(`fields[${index}].value`, event.detail.value);
      this.answer(index, event.detail.value);
    },

    onDate(event: ChangeEvent<string>) {
      const index = Number(event.currentTarget.dataset.index);
      const part = String(event.currentTarget.dataset.part);
      const current = splitDateTime(this.session().state.answers[this.data.fields[index]!.id]);
      const date = part === 'date' ? event.detail.value : current.date;
      this.answer(index, part === 'time' ? joinDateTime(date, event.detail.value) : this.data.fields[index]!.kind === 'date' ? date : joinDateTime(date, current.time));
    },

    onContact(event: ChangeEvent<string>) {
      const { index, channel, at } = event.currentTarget.dataset;
      this.typed(`fields[${index}].channels[${at}].value`, event.detail.value);
      this.change((state) => {
        state.contact[channel as string] = event.detail.value;
      });
    },

    onConsent(event: ChangeEvent<string[]>) {
      this.change((state) => {
        state.consent = event.detail.value.length > 0;
      });
    },

    onShareContext(event: ChangeEvent<string[]>) {
      this.patch({ shareContext: event.detail.value.length > 0 });
    },

    onStar(event: TapEvent) {
      this.answer(Number(event.currentTarget.dataset.index), Number(event.currentTarget.dataset.score));
    },

    /** Screenshots: each picked file is copied into user data storage at once (temp files vanish). */
    onAddImage(event: TapEvent) {
      const index = Number(event.currentTarget.dataset.index);
      const session = this.session();
      const field = session.form!.fields[index]!;
      const ids = () => (Array.isArray(session.state.answers[field.id]) ? (session.state.answers[field.id] as string[]) : []);
      const room = field.kind === 'images' ? field.maxCount - ids().length : 0;
      if (room <= 0) return;
      wx.chooseMedia({
        count: room,
        mediaType: ['image'],
        sizeType: ['compressed'],
        success: ({ tempFiles }) => {
          const { client, t } = session.context;
          tempFiles.slice(0, room).reduce(
            (previous, file) =>
              previous.then(() =>
                client.attachments.add(file.tempFilePath).then(
                  ({ id, uri }) =>
                    this.change((state) => {
                      state.answers[field.id] = ids().concat(id);
                      state.previews[id] = uri || file.tempFilePath;
                      delete session.imageProblems[field.id];
                    }),
                  (error: unknown) => {
                    const code = codeOf(error);
                    if (code === 'unsupported') session.imagesSupported = false;
                    session.imageProblems[field.id] = code === 'attachment_refused' ? t('ui.images.tooLarge', { max: LIMITS.attachmentMaxBytes >> 20 }) : code === 'unsupported' ? '' : t('ui.failed');
                    this.triggerEvent('error', { code, message: session.imageProblems[field.id] || t('ui.images.unsupported') });
                    this.render();
                  },
                ),
              ),
            Promise.resolve(),
          );
        },
        fail: () => undefined, // cancelled
      });
    },

    onRemoveImage(event: TapEvent) {
      const index = Number(event.currentTarget.dataset.index);
      const at = Number(event.currentTarget.dataset.at);
      const session = this.session();
      const id = session.form!.fields[index]!.id;
      const ids = (session.state.answers[id] as string[]) || [];
      // The kept copy is only a leftover now.
      session.client.attachments.remove(ids[at]!).catch(() => undefined);
      this.change((state) => {
        state.answers[id] = ids.filter((_, position) => position !== at);
        delete state.previews[ids[at]!];
      });
    },

    onPreview(event: TapEvent) {
      const { index, at } = event.currentTarget.dataset;
      const urls = (this.data.fields[Number(index)]!.items as string[]).filter(Boolean);
      if (typeof wx.previewImage === 'function') wx.previewImage({ urls, current: urls[Number(at)] });
    },

    onToggleHelp() {
      const { help } = this.data;
      const article = this.session().article;
      if (!article) return;
      this.patch({ 'help.open': !help.open, 'help.body': help.open ? '' : localized(article.body, this.session().context.locale) });
    },

    onMore() {
      if (this.data.help.url) wx.navigateTo({ url: this.data.help.url });
    },

    /** 我知道了 on a known-issue notice: hidden, and counted like self-help that spared a ticket. */
    onDismissIssue(event: TapEvent) {
      const session = this.session();
      const id = String(event.currentTarget.dataset.id);
      const category = session.state.answers[CATEGORY_FIELD];
      session.dismissed.push(id);
      session.client.deflections.record({ articleId: id, category: typeof category === 'string' ? category : undefined }).catch(() => undefined);
      this.render();
    },

    /** 已解决: a problem solved without a ticket. */
    onSolved() {
      const session = this.session();
      const article = session.article;
      if (!article) return;
      const category = session.state.answers[CATEGORY_FIELD];
      const deflection = { articleId: article.id, category: typeof category === 'string' ? category : undefined };
      // A deflection is a statistic: failing to record it must not keep the reporter here.
      session.client.deflections.record(deflection).catch(() => undefined);
      // Screenshots kept for a submission that will not be made are only leftovers now.
      for (const id of Object.keys(session.state.previews)) session.client.attachments.remove(id).catch(() => undefined);
      if (session.draft) session.draft.clear();
      this.patch({ done: 'solved' });
      this.triggerEvent('deflected', deflection);
    },

    onSubmit() {
      const session = this.session();
      if (this.data.busy) return;
      const { client, t } = session.context;
      session.attempted = true;
      const checked = this.check();
      if (!checked.ok) {
        this.render();
        wx.showToast({ title: t('ui.form.check'), icon: 'none' });
        this.scrollTo(checked.errors[0]!.field);
        return;
      }
      this.render({ busy: true });
      // Subscribe messages: asked in this tap, before anything else, or WeChat shows no dialog.
      askSubscribe(wx.requestSubscribeMessage as unknown as RequestSubscribeMessage | undefined, client.config.current())
        .then((subscriptions) => client.submit(checked.answers, { contact: checked.contact, consent: session.state.consent, shareContext: this.data.shareContext, form: session.form, subscriptions }))
        .then(
          (receipt) => {
            const offline = !client.status().online;
            if (session.draft) session.draft.clear();
            session.waiting = offline ? { localId: receipt.localId, promise: receipt.ack.message } : undefined;
            // Offline it is only stored: say so, and give the promise once it is delivered.
            this.patch({ busy: false, done: 'ack', ackMessage: offline ? t('ui.ack.savedOffline') : receipt.ack.message, ackWaiting: offline });
            this.triggerEvent('submitted', { localId: receipt.localId, ack: receipt.ack, offline });
          },
          (error: { code?: string; errors?: { message: string }[] }) => {
            // Storage full, or the client's own validator disagreeing: nothing was stored, the draft stays.
            const message = (error && error.code === 'invalid_answers' && error.errors && error.errors[0] && error.errors[0].message) || t('ui.failed');
            this.patch({ busy: false });
            wx.showToast({ title: message, icon: 'none' });
            this.triggerEvent('error', { code: codeOf(error), message });
          },
        );
    },

    /** Brings a field into view (the page scrolls, not the component). */
    scrollTo(fieldId: string) {
      if (typeof wx.pageScrollTo !== 'function') return;
      this.createSelectorQuery()
        .select(`#fankui-field-${fieldId}`)
        .boundingClientRect()
        .selectViewport()
        .scrollOffset()
        .exec((result) => {
          const [rect, viewport] = result as [{ top: number } | null, { scrollTop: number }];
          if (rect) wx.pageScrollTo({ scrollTop: Math.max(0, viewport.scrollTop + rect.top - 16), duration: 200 });
        });
    },

    onViewTickets() {
      const url = this.data.trackerUrl;
      this.triggerEvent('viewtickets', { url });
      if (url) wx.navigateTo({ url });
    },

    /** 继续反馈: a fresh form. */
    onAgain() {
      const session = this.session();
      session.state = emptyState();
      session.attempted = false;
      session.waiting = undefined;
      this.render({ done: '', notice: '', ackMessage: '', ackWaiting: false, shareContext: false });
    },
  },
});

import { askSubscribe, type ClientEvents, type RequestSubscribeMessage, type SubmitReceipt } from '@fankui/client';
import {
  CATEGORY_FIELD,
  DESCRIPTION_FIELD,
  settleAnswers,
  SUBTYPES_FIELD,
  suggestSelfHelp,
  validateAnswers,
  visibleFields,
  type FormDefinition,
  type SelfHelpArticle,
} from '@fankui/core';
import { Checkbox, CheckboxGroup, Label, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Action, focusControl, web } from './a11y';
import { Acknowledgement } from './form/Acknowledgement';
import { FieldControl } from './form/FieldControl';
import { FieldFrame } from './form/FieldFrame';
import { KnownIssue } from './form/KnownIssue';
import { SelfHelp } from './form/SelfHelp';
import { useBaseId } from './hooks/useBaseId';
import { useDraft, type Draft } from './hooks/useDraft';
import { useFeedback } from './hooks/useFeedback';
import { useFormDefinition } from './hooks/useFormDefinition';
import { cx, errorCode, type StyleProps } from './util';

/** What `onSubmitted` receives: the client's receipt, and whether the device was offline. */
export type SubmittedReceipt = SubmitReceipt & { offline: boolean };

export interface FeedbackFormProps extends StyleProps {
  /** Default: the client's config (remote, cached or bundled). */
  form?: FormDefinition;
  /** Keep a draft in storage across navigation and restarts. Default true. */
  draft?: boolean;
  /** After the submission is stored; `receipt.ack.message` is the SLA promise shown. */
  onSubmitted?: (receipt: SubmittedReceipt) => void;
  /** After "已解决" on a self-help suggestion. */
  onDeflected?: (article: SelfHelpArticle) => void;
  /** Shows "查看我的反馈" on the acknowledgement. */
  onViewTickets?: () => void;
}

/**
 * The 反馈与投诉 form for any form definition from core, with self-help, per-field errors
 * in the user's language, a draft that survives restarts, and the acknowledgement.
 *
 * @example <FeedbackForm onViewTickets={() => Taro.navigateTo({ url: '/pages/tickets/index' })} />
 */
export function FeedbackForm(props: FeedbackFormProps) {
  const form = useFormDefinition(props.form);
  return (
    <View className={cx('fankui-root fankui-form', props.className)} style={props.style}>
      {/* A new version of the same form keeps what was typed (`settleAnswers` drops what no longer fits); another form has its own draft. */}
      <FormBody key={form.id} form={form} props={props} />
    </View>
  );
}

type Done = { receipt: SubmitReceipt; offline: boolean } | { article: SelfHelpArticle };

const EMPTY: Draft = { answers: {}, contact: {}, consent: false, previews: {} };

const hasContent = (value: unknown) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== '');

/** `form`: the definition in use (`props.form` or the client's); the rest of `props` as given. */
function FormBody({ form, props }: { form: FormDefinition; props: FeedbackFormProps }) {
  const { draft = true, onSubmitted, onDeflected, onViewTickets } = props;
  const { client, locale, t, recordDeflection } = useFeedback();
  const { restored, save, clear } = useDraft(draft ? `fankui:draft:${form.id}` : null);
  const [state, setState] = useState<Draft>(restored ?? EMPTY);
  const [notice, setNotice] = useState(restored !== null);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Done | null>(null);
  // Device facts go only when the reporter ticks this (PIPL: explicit opt-in, never pre-ticked).
  const [shareContext, setShareContext] = useState(false);
  // Known-issue notices the reporter answered "我知道了" to.
  const [dismissed, setDismissed] = useState<string[]>([]);
  const base = useBaseId();
  const { answers, contact, consent } = state;
  const update = (patch: Partial<Draft>) => setState((current) => Object.assign({}, current, patch));

  // Deliveries while the form is open: an online submission may be sent before its acknowledgement listens.
  const delivered = useRef<Record<string, ClientEvents['sent']>>({});
  useEffect(() => client.on('sent', (sent) => void (delivered.current[sent.localId] = sent)), [client]);

  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    const empty = !Object.values(state.answers).some(hasContent) && !Object.values(state.contact).some(hasContent) && !state.consent;
    if (empty) clear();
    else save(state);
  }, [state, save, clear]);

  const asksContact = form.fields.some((field) => field.kind === 'contact');
  // A form without a contact field refuses any contact value, even an empty one.
  const check = () => validateAnswers(form, { answers: settleAnswers(form, answers), contact: asksContact ? contact : undefined, consent }, { locale });
  // Errors appear after the first try, then follow every change (validating is cheaper than a render).
  const result = attempted ? check() : null;
  const errors: Record<string, string> = {};
  if (result && !result.ok) {
    // A field shows its first error.
    for (const error of result.errors) if (errors[error.field] === undefined) errors[error.field] = error.message;
  }

  const description = answers[DESCRIPTION_FIELD];
  const picked = answers[CATEGORY_FIELD];
  const category = typeof picked === 'string' ? picked : undefined;
  const subtypes = answers[SUBTYPES_FIELD];
  const article = useMemo(
    () =>
      suggestSelfHelp({
        category,
        subtypes: Array.isArray(subtypes) ? (subtypes as string[]) : undefined,
        text: typeof description === 'string' ? description : undefined,
        // The operators' FAQ from the console when the server has one.
      }, client.config.current().selfHelp)[0],
    [category, subtypes, description],
  );

  const reset = () => {
    setState(EMPTY);
    setShareContext(false);
    setNotice(false);
    setAttempted(false);
    setDone(null);
  };

  const submit = async () => {
    setAttempted(true);
    const checked = check();
    if (!checked.ok) {
      void Taro.showToast({ title: t('ui.form.check'), icon: 'none' });
      // Not every platform has pageScrollTo or returns a promise from it; a scroll that fails is harmless.
      const first = `${base}-${checked.errors[0]!.field}`;
      Promise.resolve(Taro.pageScrollTo && Taro.pageScrollTo({ selector: `#${first}-field`, duration: 200 })).catch(() => undefined);
      // H5: the keyboard and a screen reader go to the first error (its control, once it is described by it).
      if (web()) setTimeout(() => focusControl(first));
      return;
    }
    setBusy(true);
    // Subscribe messages (WeChat only): asked in this tap, before anything is awaited, or WeChat shows no dialog.
    const accepted = askSubscribe(Taro.getEnv() === 'WEAPP' ? (Taro.requestSubscribeMessage as unknown as RequestSubscribeMessage) : undefined, client.config.current());
    try {
      const receipt = await client.submit(checked.answers, { contact: checked.contact, consent, shareContext, form, subscriptions: await accepted });
      const offline = !client.status().online;
      clear();
      setDone({ receipt, offline });
      if (onSubmitted) onSubmitted(Object.assign({}, receipt, { offline }));
    } catch (error) {
      // Storage full, or the client's own validator disagreeing: nothing was stored, the draft stays.
      const invalid = errorCode(error) === 'invalid_answers' ? (error as { errors: { message: string }[] }).errors[0] : undefined;
      void Taro.showToast({ title: invalid ? invalid.message : t('ui.failed'), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };

  // A deflection is a statistic: failing to record it must not keep the reporter here.
  const countDeflection = (articleId: string) => void Promise.resolve(recordDeflection({ articleId, category })).catch(() => undefined);

  const deflect = (solved: SelfHelpArticle) => {
    countDeflection(solved.id);
    clear();
    setDone({ article: solved });
    if (onDeflected) onDeflected(solved);
  };

  const notices = (client.config.current().notices || []).filter(
    (item) => (item.category === null || item.category === category) && dismissed.indexOf(item.id) < 0,
  );
  const dismiss = (id: string) => {
    // Counted like self-help that solved the problem: the notice spared a ticket.
    countDeflection(id);
    setDismissed(dismissed.concat(id));
  };

  if (done) {
    if ('receipt' in done) return <Acknowledgement receipt={done.receipt} offline={done.offline} sent={delivered.current[done.receipt.localId]} onViewTickets={onViewTickets} onAgain={reset} />;
    return (
      <View className="fankui-ack" role="status">
        <Text className="fankui-ack__message">{t('ui.selfHelp.thanks')}</Text>
        <Action onClick={reset}>
          {t('ui.ack.again')}
        </Action>
      </View>
    );
  }

  const fields = visibleFields(form, answers);
  const selfHelp = article && <SelfHelp key="selfhelp" article={article} onSolved={() => deflect(article)} />;
  // Errors no shown field can carry (answers of a form that changed underneath): shown above the button.
  const orphans = Object.keys(errors).filter((id) => !fields.some((field) => field.id === id));
  return (
    <View className="fankui-form__body">
      {notices.map((item) => (
        <KnownIssue key={item.id} notice={item} onDismiss={() => dismiss(item.id)} />
      ))}
      {notice && <Text className="fankui-notice">{t('ui.form.draftRestored')}</Text>}
      {fields.map((field) => {
        const id = `${base}-${field.id}`;
        return [
          <FieldFrame key={field.id} id={id} field={field} error={errors[field.id]}>
            <FieldControl id={id} field={field} error={errors[field.id]} state={state} update={update} />
          </FieldFrame>,
          field.id === DESCRIPTION_FIELD && selfHelp,
        ];
      })}
      {!fields.some((field) => field.id === DESCRIPTION_FIELD) && selfHelp}
      {orphans.map((id) => (
        <Text key={id} className="fankui-field__error" aria-live="polite">
          {errors[id]}
        </Text>
      ))}
      <CheckboxGroup className="fankui-share-context" onChange={(event) => setShareContext(event.detail.value.length > 0)}>
        <Label className="fankui-option" for={`${base}-share-context`}>
          <Checkbox id={`${base}-share-context`} className="fankui-option__mark" value="context" checked={shareContext} />
          <Text className="fankui-option__label">{t('ui.form.shareContext')}</Text>
        </Label>
      </CheckboxGroup>
      <Action kind="primary" className="fankui-form__submit" disabled={busy} onClick={() => void submit()}>
        {t(busy ? 'ui.form.submitting' : 'ui.form.submit')}
      </Action>
    </View>
  );
}

import {
  CATEGORY_FIELD,
  DEFAULT_TRIAGE_RULES,
  DESCRIPTION_FIELD,
  SUBTYPES_FIELD,
  acknowledgementText,
  normalizeText,
  prioritize,
  resolveLocale,
  slaDueTimes,
  validateAnswers,
  type ContactInfo,
  type FormDefinition,
  type Locale,
  type Priority,
  type RejectionCode,
  type Submission,
  type SubmissionResult,
  type TicketChannel,
} from '@fankui/core';
import { createdAtIssue } from '@fankui/core/schema';
import { randomUUID } from 'node:crypto';
import { invalidBody } from '../errors';
import { newId } from '../ids';
import { ClientIdConflictError, type EventRecord, type TicketRecord } from '../store/store';
import { missingAttachments } from './attachments';
import { keptContext } from './privacy';
import type { Domain } from './context';
import { checkTeam, routeTicket } from './routing';
import { CHANNEL_REPORTER_PREFIX } from './views';

/** How much of the description list rows show. */
const SUMMARY_LENGTH = 80;

const rejected = (id: string, code: RejectionCode, message: string, details?: unknown): SubmissionResult => ({
  status: 'rejected',
  id,
  reason: details === undefined ? { code, message } : { code, message, details },
});

/**
 * Turns one valid-looking submission into a ticket: checks its answers against the active
 * form, triages it, starts its SLA clocks and writes the ticket with its `submitted` and
 * `acknowledged` events in one `createTicket` call, so the promise the reporter sees is
 * never missing from the timeline. A resend of the same id answers `duplicate` with the
 * same ticket id: decided by the store's unique client id (also when resends race the
 * first creation), or looked up when the resend no longer passes the checks (so it holds
 * across a form change).
 *
 * @example
 * const result = await ingestSubmission(domain, reporterId, submission);
 * // { status: 'accepted', id, ticketId: 'tk_…', ack: { priority: 'high', firstResponseDueAt, message: '已收到，正在处理中，我们将在 30 分钟内回复' } }
 */
export async function ingestSubmission(domain: Domain, reporterId: string, submission: Submission, openid: string | null = null): Promise<SubmissionResult> {
  const checked = await check(domain, reporterId, submission);
  if (!checked.ok) {
    // A resend of an accepted submission may fail today's checks (the active form, the
    // limits or its attachments changed since): it is answered as the duplicate it is, since
    // a rejection would make the client drop an item the server has (exactly-once). Only
    // refused items pay for this lookup; a valid resend meets the store's unique client id.
    const existing = await domain.store.findTicketIdByClientId(submission.id);
    if (!existing) return checked.refusal;
    if (existing.reporterId !== reporterId) return rejected(submission.id, 'forbidden', 'This submission id belongs to another reporter');
    return { status: 'duplicate', id: submission.id, ticketId: existing.ticketId };
  }
  const { store } = domain;
  const { form, locale, answers, contact, attachments } = checked;
  const { ticket, message } = await newTicket(domain, {
    clientId: submission.id,
    reporterId,
    form,
    locale,
    answers,
    // Contact details are personal data: kept only when the reporter said support may use them.
    contact: submission.consent.contact ? (contact ?? null) : null,
    attachments,
    context: keptContext(submission),
    submittedAt: submission.createdAt,
    channel: 'app',
  });
  const { priority } = ticket;
  const events = openingEvents(ticket, message);

  let outcome: { created: boolean; ticketId: string };
  try {
    outcome = await store.createTicket(ticket, events);
  } catch (error) {
    if (error instanceof ClientIdConflictError) return rejected(submission.id, 'forbidden', 'This submission id belongs to another reporter');
    throw error;
  }
  if (!outcome.created) return { status: 'duplicate', id: submission.id, ticketId: outcome.ticketId };
  if (attachments.length > 0) await store.linkAttachments(attachments, ticket.id);
  // The templates accepted in the submit tap (openid from the user token, else the wx.login code).
  if (domain.subscribe && submission.subscriptions) await domain.subscribe.accept(ticket, submission, openid);
  return { status: 'accepted', id: submission.id, ticketId: ticket.id, ack: { priority, firstResponseDueAt: ticket.firstResponseDueAt, message } };
}

/** What a new ticket is made of, whoever brings it: a reporter's submission or an operator. */
interface NewTicketInput {
  clientId: string;
  reporterId: string;
  form: FormDefinition;
  locale: Locale;
  answers: Record<string, unknown>;
  contact: ContactInfo | null;
  attachments: string[];
  context: Submission['context'];
  submittedAt: string;
  /** `app` for a submission; the operator's channel otherwise. */
  channel: TicketChannel;
  /** Set by an operator; triage decides otherwise. */
  priority?: Priority | undefined;
  assignee?: string | null | undefined;
  /** Set by an operator; the routing rules decide otherwise. */
  team?: string | undefined;
}

/** Triage, SLA clocks and search text of a new ticket, with the settings in force. */
async function newTicket(domain: Domain, input: NewTicketInput, id: string = newId('tk')): Promise<{ ticket: TicketRecord; message: string }> {
  const settings = await domain.settings.current();
  const { answers, form } = input;
  const category = stringAnswer(answers[CATEGORY_FIELD]);
  const subtypes = listAnswer(answers[SUBTYPES_FIELD]);
  const description = stringAnswer(answers[DESCRIPTION_FIELD]) ?? '';
  const normalizedDescription = normalizeText(description);
  // Triage's priority alone: the self-help suggestions it also computes are the client's.
  const priority = input.priority ?? prioritize({ category, subtypes, text: description }, settings.priorityRules).priority;
  const now = domain.now();
  const createdAt = now.toISOString();
  const due = slaDueTimes(priority, now, settings.sla);
  const message = ackText(priority, input.locale, settings.sla);
  const ticket: TicketRecord = {
    id,
    clientId: input.clientId,
    reporterId: input.reporterId,
    status: 'acknowledged',
    priority,
    category: category ?? null,
    subtypes,
    summary: description.length > SUMMARY_LENGTH ? `${description.slice(0, SUMMARY_LENGTH)}…` : description,
    searchText: searchTextOf([category ?? '', ...subtypes, ...textAnswers(form, answers)], description, normalizedDescription),
    keywords: keywordsInNormalized(normalizedDescription, settings.keywords),
    formId: form.id,
    formVersion: form.version,
    answers,
    context: input.context,
    contact: input.contact,
    attachments: input.attachments,
    assignee: input.assignee ?? null,
    // Every channel is routed by the same rules, after triage, so one queue serves them all.
    team: input.team ?? routeTicket(settings.routing, { category: category ?? null, subtypes, priority }),
    channel: input.channel,
    submittedAt: input.submittedAt,
    createdAt,
    updatedAt: createdAt,
    firstResponseDueAt: due.firstResponseDueAt.toISOString(),
    resolutionDueAt: due.resolutionDueAt.toISOString(),
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    ratingScore: null,
    ratingComment: null,
    ratedAt: null,
    reopenCount: 0,
    unread: 0,
  };
  return { ticket, message };
}

/**
 * `POST /v1/admin/tickets`: a complaint an operator took by phone, e-mail or WeChat. The
 * answers are checked against the active form as a submission's are (400 `invalid_body`
 * with the form's field errors); the ticket is triaged and acknowledged like any other, but
 * its reporter is the channel (`channel:<channel>:<ticket id>`), which no token can sign in
 * as, and its `submitted` event names the operator who typed it. It is routed to a team like
 * any other ticket unless the operator names one (400 `unknown_team` for a team not in the
 * settings).
 *
 * @example await createOperatorTicket(domain, { name: '客服小王' }, { channel: 'phone', answers: { category: 'payment', … } })
 */
export async function createOperatorTicket(
  domain: Domain,
  operator: { name: string },
  input: {
    channel: Exclude<TicketChannel, 'app'>;
    answers: Record<string, unknown>;
    contact?: ContactInfo | undefined;
    priority?: Priority | undefined;
    assignee?: string | undefined;
    team?: string | undefined;
    context?: Submission['context'] | undefined;
  },
): Promise<TicketRecord> {
  const { form, routing } = await domain.settings.current();
  checkTeam(routing, input.team);
  const locale = resolveLocale(undefined);
  const checked = validateAnswers(form, { answers: input.answers, contact: input.contact, consent: true }, { locale });
  if (!checked.ok) throw invalidBody(checked.errors, 'Some answers are not valid for the form');
  const attachments = imageAnswers(form, checked.answers);
  if (attachments.length > 0) throw invalidBody([{ path: 'answers', code: 'attachment_not_found', message: 'Operator-created tickets carry no images' }], 'Operator-created tickets carry no images');
  const id = newId('tk');
  const { ticket, message } = await newTicket(domain, {
    clientId: randomUUID(),
    reporterId: `${CHANNEL_REPORTER_PREFIX}${input.channel}:${id}`,
    form,
    locale,
    answers: checked.answers,
    // Given to the operator to be called back: that is the consent.
    contact: checked.contact ?? input.contact ?? null,
    attachments: [],
    context: input.context ?? { platform: 'other', sdkVersion: 'console' },
    submittedAt: domain.now().toISOString(),
    priority: input.priority,
    assignee: input.assignee,
    team: input.team,
    channel: input.channel,
  }, id);
  const events = openingEvents(ticket, message);
  events[0] = Object.assign({}, events[0]!, { actorType: 'operator' as const, actorName: operator.name, payload: { channel: input.channel } });
  await domain.store.createTicket(ticket, events);
  return ticket;
}

type Checked =
  | { ok: true; form: FormDefinition; locale: Locale; answers: Record<string, unknown>; contact: ContactInfo | undefined; attachments: string[] }
  | { ok: false; refusal: SubmissionResult };

/** Whether a submission can become a ticket now: its time, the active form, its answers and its attachments. */
async function check(domain: Domain, reporterId: string, submission: Submission): Promise<Checked> {
  const refuse = (code: RejectionCode, message: string, details?: unknown): Checked => ({ ok: false, refusal: rejected(submission.id, code, message, details) });
  // Checked here rather than in the schema: the bound moves with the server's clock.
  const badTime = createdAtIssue(submission.createdAt, domain.now());
  if (badTime) return refuse('invalid_submission', 'The submission does not match the protocol', [badTime]);
  // The active form, or an earlier version of it: what was queued offline before an
  // operator changed the form is still what its reporter saw.
  const form = await domain.settings.formFor(submission.form.id, submission.form.version);
  if (!form) {
    const active = (await domain.settings.current()).form;
    return refuse('unknown_form', `Unknown form ${submission.form.id}@${submission.form.version}; this server takes ${active.id}@${active.version}`);
  }
  const locale = resolveLocale(submission.context.locale);
  const checked = validateAnswers(form, submission, { locale });
  if (!checked.ok) return refuse('invalid_answers', 'Some answers are not valid for the form', { errors: checked.errors });
  const attachments = [...new Set([...submission.attachments, ...imageAnswers(form, checked.answers)])];
  const missing = await missingAttachments(domain.store, reporterId, attachments);
  if (missing.length > 0) return refuse('attachment_not_found', 'Some attachments were never uploaded by this reporter', { ids: missing });
  return { ok: true, form, locale, answers: checked.answers, contact: checked.contact, attachments };
}

const stringAnswer = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const listAnswer = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** Which fields of a form hold images and searchable text, worked out once per form. */
const formFields = new WeakMap<FormDefinition, { images: string[]; texts: string[] }>();
function fieldsOf(form: FormDefinition) {
  let fields = formFields.get(form);
  if (!fields) {
    fields = {
      images: form.fields.filter((field) => field.kind === 'images').map((field) => field.id),
      texts: form.fields.filter((field) => field.kind === 'text' || field.kind === 'textarea').map((field) => field.id),
    };
    formFields.set(form, fields);
  }
  return fields;
}

/** Attachment ids given as answers to `images` fields. */
function imageAnswers(form: FormDefinition, answers: Record<string, unknown>): string[] {
  return fieldsOf(form).images.flatMap((id) => listAnswer(answers[id]));
}

/** Free text an operator may search for: text and textarea answers. */
function textAnswers(form: FormDefinition, answers: Record<string, unknown>): string[] {
  return fieldsOf(form).texts.map((id) => stringAnswer(answers[id]) ?? '');
}

/** `acknowledgementText`, remembered per SLA policy, priority and locale (a handful of strings). */
const ackTexts = new WeakMap<object, Map<string, string>>();
function ackText(priority: Priority, locale: Locale, sla: Parameters<typeof acknowledgementText>[2]): string {
  const key = sla ?? ackTexts;
  let texts = ackTexts.get(key);
  if (!texts) ackTexts.set(key, (texts = new Map()));
  const cacheKey = `${priority}|${locale}`;
  let text = texts.get(cacheKey);
  if (text === undefined) texts.set(cacheKey, (text = acknowledgementText(priority, locale, sla)));
  return text;
}

const DEFAULT_KEYWORDS = [...new Set(DEFAULT_TRIAGE_RULES.keywordRules.flatMap((rule) => rule.keywords))].map((keyword) => ({
  keyword,
  needle: normalizeText(keyword),
}));

/** The triage keywords (core's default rules unless given) a description mentions, for the "hot keywords" statistics. */
export function keywordsIn(text: string, keywords: readonly { keyword: string; needle: string }[] = DEFAULT_KEYWORDS): string[] {
  return keywordsInNormalized(normalizeText(text), keywords);
}

/** `keywordsIn` for a description already passed through `normalizeText`. */
function keywordsInNormalized(haystack: string, keywords: readonly { keyword: string; needle: string }[]): string[] {
  return keywords.filter(({ needle }) => needle !== '' && haystack.includes(needle)).map(({ keyword }) => keyword);
}

/**
 * What an operator's text search looks in: the category, subtypes and free-text answers,
 * normalised as `normalizeText` does the query. Whitespace goes anyway, so the parts are
 * normalised one by one and the description's form, worked out already, is reused.
 */
function searchTextOf(parts: readonly string[], description: string, normalizedDescription: string): string {
  return parts.map((part) => (part === description ? normalizedDescription : normalizeText(part))).join('');
}

/**
 * The events every new ticket starts with, written together with it: submitted by the
 * reporter, then acknowledged by the system with the SLA promise shown to the reporter.
 */
export function openingEvents(ticket: TicketRecord, message: string, eventId: () => string = () => newId('ev')): EventRecord[] {
  const event = (type: EventRecord['type'], actorType: EventRecord['actorType'], payload: Record<string, unknown>): EventRecord => ({
    id: eventId(),
    ticketId: ticket.id,
    at: ticket.createdAt,
    actorType,
    actorName: null,
    type,
    payload,
    internal: false,
  });
  return [
    event('submitted', 'reporter', {}),
    event('acknowledged', 'system', { priority: ticket.priority, firstResponseDueAt: ticket.firstResponseDueAt, message }),
  ];
}

import { randomBytes } from 'node:crypto';
import {
  CATEGORY_FIELD,
  DESCRIPTION_FIELD,
  SUBTYPES_FIELD,
  acknowledgementText,
  prioritize,
  slaDueTimes,
} from '@fankui/core';

/**
 * Tickets: how a submission becomes one (triage and SLA from `@fankui/core`), and what a
 * reporter sees of it. The routes call these; storage is the Store's business.
 */

/** How much of the description list rows show. */
const SUMMARY_LENGTH = 80;

/**
 * A new server id: a prefix that says what it names, then 128 random bits. Unguessable,
 * so an id alone gives nothing away (access is still checked on every read).
 * @param {'tk' | 'ev' | 'at'} kind
 */
export const newId = (kind) => `${kind}_${randomBytes(16).toString('hex')}`;

/**
 * A ticket for a checked submission, acknowledged at once with the SLA promise: its
 * timeline starts with `submitted` (by the reporter) and `acknowledged` (by the system,
 * with the priority, the first-response due time and the message the client shows).
 *
 * @param {object} input
 * @param {import('@fankui/core').Submission} input.submission
 * @param {string} input.clientId the submission's id in its canonical (lower-case) form
 * @param {string} input.reporterId
 * @param {import('@fankui/core').TicketDetail['answers']} input.answers the answers as `validateAnswers` cleaned them
 * @param {import('@fankui/core').ContactInfo | undefined} input.contact
 * @param {string[]} input.attachments
 * @param {import('@fankui/core').Locale} input.locale
 * @param {import('@fankui/core').SlaPolicy} input.sla
 * @param {Date} input.now
 * @returns {{ ticket: import('./store.js').Ticket, ack: import('@fankui/core').Acknowledgement }}
 */
export function openTicket({ submission, clientId, reporterId, answers, contact, attachments, locale, sla, now }) {
  const category = typeof answers[CATEGORY_FIELD] === 'string' ? answers[CATEGORY_FIELD] : undefined;
  const subtypes = Array.isArray(answers[SUBTYPES_FIELD]) ? answers[SUBTYPES_FIELD] : [];
  const description = typeof answers[DESCRIPTION_FIELD] === 'string' ? answers[DESCRIPTION_FIELD] : '';
  // Privacy, account security and money come first; see core's DEFAULT_PRIORITY_RULES.
  const { priority } = prioritize({ category, subtypes, text: description });
  const due = slaDueTimes(priority, now, sla);
  const ack = {
    priority,
    firstResponseDueAt: due.firstResponseDueAt.toISOString(),
    message: acknowledgementText(priority, locale, sla),
  };
  const at = now.toISOString();
  /** @type {import('./store.js').Ticket} */
  const ticket = {
    id: newId('tk'),
    clientId,
    reporterId,
    status: 'acknowledged',
    priority,
    category: category ?? null,
    summary: description.length > SUMMARY_LENGTH ? `${description.slice(0, SUMMARY_LENGTH)}…` : description,
    createdAt: at,
    updatedAt: at,
    firstResponseDueAt: ack.firstResponseDueAt,
    resolutionDueAt: due.resolutionDueAt.toISOString(),
    resolvedAt: null,
    unread: 0,
    rating: null,
    form: { id: submission.form.id, version: submission.form.version },
    answers,
    // Contact details are personal data: kept only when the reporter agreed to be contacted.
    ...(contact && submission.consent.contact ? { contact } : {}),
    attachments,
    timeline: [
      { id: newId('ev'), at, actor: { type: 'reporter' }, type: 'submitted' },
      { id: newId('ev'), at, actor: { type: 'system' }, type: 'acknowledged', ...ack },
    ],
  };
  return { ticket, ack };
}

/** Resolved and not rated since: a ticket reopened and resolved again may be rated again. */
export const canRate = (ticket) => ticket.status === 'resolved' && (ticket.rating === null || ticket.rating.at < ticket.resolvedAt);

/**
 * A row of "我的反馈" (`TicketSummary`).
 * @param {import('./store.js').Ticket} ticket
 * @returns {import('@fankui/core').TicketSummary}
 */
export function toTicketSummary(ticket) {
  return {
    id: ticket.id,
    clientId: ticket.clientId,
    status: ticket.status,
    priority: ticket.priority,
    category: ticket.category,
    summary: ticket.summary,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    firstResponseDueAt: ticket.firstResponseDueAt,
    unread: ticket.unread,
    canRate: canRate(ticket),
    canReopen: ticket.status === 'resolved',
  };
}

/**
 * One ticket with its public timeline (`TicketDetail`). Never the reporter id: that is
 * the hash of their secret.
 * @param {import('./store.js').Ticket} ticket
 * @returns {import('@fankui/core').TicketDetail}
 */
export function toTicketDetail(ticket) {
  return {
    ...toTicketSummary(ticket),
    form: ticket.form,
    answers: ticket.answers,
    ...(ticket.contact ? { contact: ticket.contact } : {}),
    attachments: ticket.attachments,
    resolvedAt: ticket.resolvedAt,
    rating: ticket.rating,
    timeline: ticket.timeline,
  };
}

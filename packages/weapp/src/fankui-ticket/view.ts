/**
 * A ticket as the detail shows it: lean view models (only what the template prints), so
 * opening a ticket crosses to the render thread in one small `setData`.
 */
import { answerLines, type AnswerLine, type TicketView } from '@fankui/client';
import { INTERNAL_EVENT_TYPES, TICKET_STATUSES, type FormDefinition, type Locale, type MessageKey, type MessageParams, type TimelineEvent } from '@fankui/core';
import { categoryLabel, formatTime, statusKey } from '../common/ticket-view';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/** One line of "提交的内容" (`answerLines` of the client: the Taro components show the same). */
export type AnswerView = AnswerLine;

/**
 * One entry of the timeline, as short as it can cross to the render thread: `[at, line,
 * body?, who?]`. `line` is a key of {@link timelineLines} (sent once, with the component's
 * texts) for the lines that repeat (已提交, 客服回复, 状态变为 已解决…), or the line itself when
 * it carries the event's own words (a reason, a score). `body` only when there is one (`''`
 * when there is none but a `who`); `who` only when the actor has a display name (客服小王):
 * the line itself says whose it is.
 */
export type EventView = [at: string, line: string, body?: string, who?: string];

/** The key of an operator reply's line: the template sets replies apart by it. */
export const REPLY_LINE = 'O';

/**
 * The timeline lines that repeat, by their short keys: sent once when the component attaches,
 * so an event carries one character instead of its text. Status changes are keyed by the
 * status's position in `TICKET_STATUSES` (`'4'`: 状态变为 已解决).
 */
export function timelineLines(t: Translate): Record<string, string> {
  const lines: Record<string, string> = {
    S: t('timeline.submitted'),
    A: t('timeline.acknowledged'),
    [REPLY_LINE]: t('timeline.message.operator'),
    R: t('timeline.message.reporter'),
    Y: t('timeline.message.system'),
  };
  TICKET_STATUSES.forEach((status, index) => {
    lines[index] = t('timeline.status_changed', { status: t(statusKey(status)) });
  });
  return lines;
}

const MESSAGE_LINES: Record<string, string> = { operator: REPLY_LINE, reporter: 'R', system: 'Y' };

/**
 * The line a reporter reads for an event (a {@link timelineLines} key, or the text when it has
 * the event's own words), and the text under it (a reply, a promise, a comment).
 */
function describe(event: TimelineEvent, t: Translate): [line: string, body?: string] {
  switch (event.type) {
    case 'acknowledged':
      return ['A', event.message];
    case 'status_changed':
      return [
        event.reason
          ? t('timeline.status_changed.reason', { status: t(statusKey(event.to)), reason: event.reason })
          : String(TICKET_STATUSES.indexOf(event.to)),
      ];
    case 'message':
      return [MESSAGE_LINES[event.actor.type] || 'Y', event.body];
    case 'rating':
      return [t('timeline.rating', { score: event.score }), event.comment];
    case 'reopened':
      return [t('timeline.reopened', { reason: event.reason })];
    default:
      return ['S'];
  }
}

/** The timeline, oldest first, without operator-only events (notes, assignments…). */
export function eventViews(events: TimelineEvent[], t: Translate): EventView[] {
  return events
    .filter((event) => INTERNAL_EVENT_TYPES.indexOf(event.type) < 0)
    .map((event) => {
      const [line, body] = describe(event, t);
      const view: EventView = [formatTime(event.at, 'short'), line];
      if (body || event.actor.name) view.push(body || '');
      if (event.actor.name) view.push(event.actor.name);
      return view;
    });
}

/**
 * The head of a ticket or a queued submission: status (its label comes from the texts sent at
 * attach), category, and the date of a queued one (a ticket's timeline starts with it).
 */
export function headView(row: { status: string; category: string | null; createdAt: string }, pending: boolean, form: FormDefinition, locale: Locale) {
  return {
    status: pending ? 'pending' : row.status,
    category: categoryLabel(form, row.category, locale),
    date: pending ? formatTime(row.createdAt) : '',
  };
}

/**
 * Everything the detail shows of a ticket: `head` as `setData` entries, `events` apart (the
 * component sends them by index: the timeline only grows).
 */
export function detailView(ticket: TicketView, form: FormDefinition, locale: Locale, t: Translate) {
  const head = Object.assign(headView(ticket, false, form, locale), {
    answers: answerLines(form, ticket.answers, locale, t),
    notice: ticket.stale ? t('ui.tracker.offlineCached') : '',
    canRate: ticket.canRate,
    canReopen: ticket.canReopen,
    // Closed and rejected tickets take no more information (the server refuses it).
    canMessage: ticket.status !== 'closed' && ticket.status !== 'rejected',
  });
  return { head, events: eventViews(ticket.timeline, t) };
}

/**
 * What the reporter has typed and picked, and the date and time pickers' halves of an answer.
 */

/** Everything the form keeps while the reporter works (and in the draft). */
export interface FormState {
  /** Field id → answer, in wire format (`transaction_time`: `2026-11-23 08:30`). */
  answers: Record<string, unknown>;
  /** Channel → what was typed; sent beside the answers, only with consent. */
  contact: Record<string, string>;
  consent: boolean;
  /** Attachment id → where its kept copy is shown (`client.attachments.add(…).uri`). */
  previews: Record<string, string>;
}

export const emptyState = (): FormState => ({ answers: {}, contact: {}, consent: false, previews: {} });

const hasContent = (value: unknown) => (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== '');

/** Nothing typed or picked: no draft worth keeping. */
export const isEmpty = (state: FormState) =>
  !Object.keys(state.answers).some((id) => hasContent(state.answers[id])) && !Object.keys(state.contact).some((key) => hasContent(state.contact[key])) && !state.consent;

/**
 * A `datetime` answer as its two pickers show it. The answer keeps the wire format core
 * validates (`2026-11-23 08:30`); while only one half is picked it holds that half, which
 * validation refuses with "pick the time too" rather than guessing it.
 *
 * @example splitDateTime('2026-11-23 08:30') // { date: '2026-11-23', time: '08:30' }
 */
export function splitDateTime(value: unknown): { date: string; time: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  const date = /^\d{4}-\d{2}-\d{2}/.exec(text);
  const time = /\d{1,2}:\d{2}$/.exec(text);
  return { date: date ? date[0] : '', time: time ? time[0] : '' };
}

/** @example joinDateTime('2026-11-23', '08:30') // '2026-11-23 08:30' */
export const joinDateTime = (date: string, time: string) => (date && time ? `${date} ${time}` : date || time);

/** Today as `picker mode="date"` writes it: no transaction happened after today. */
export function today(now = new Date()): string {
  const pad = (value: number) => (value < 10 ? `0${value}` : String(value));
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

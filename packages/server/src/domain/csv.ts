import { redactPii } from '@fankui/core';
import type { TicketRecord } from '../store/store';

/**
 * The CSV export operators open in Excel or WPS: UTF-8 with a BOM (or Excel reads Chinese
 * as mojibake), CRLF line ends and RFC 4180 quoting. Free text is redacted with core's
 * `redactPii`, contact details are left out entirely, and cells that a spreadsheet would
 * run as a formula are defused.
 */

export const CSV_BOM = '\uFEFF';

type Column = { header: string; value: (ticket: TicketRecord) => string | number | null };
const text = (value: string | null | undefined) => (value ? redactPii(value) : '');

const COLUMNS: Column[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'client_id', value: (t) => t.clientId },
  { header: 'created_at', value: (t) => t.createdAt },
  { header: 'status', value: (t) => t.status },
  { header: 'priority', value: (t) => t.priority },
  { header: 'category', value: (t) => t.category },
  { header: 'subtypes', value: (t) => t.subtypes.join(' ') },
  { header: 'summary', value: (t) => text(t.summary) },
  { header: 'description', value: (t) => text(typeof t.answers.description === 'string' ? t.answers.description : null) },
  { header: 'assignee', value: (t) => t.assignee },
  { header: 'team', value: (t) => t.team },
  { header: 'channel', value: (t) => t.channel },
  { header: 'first_response_due_at', value: (t) => t.firstResponseDueAt },
  { header: 'first_responded_at', value: (t) => t.firstRespondedAt },
  { header: 'resolved_at', value: (t) => t.resolvedAt },
  { header: 'rating', value: (t) => t.ratingScore },
  { header: 'rating_comment', value: (t) => text(t.ratingComment) },
  { header: 'reopen_count', value: (t) => t.reopenCount },
  { header: 'platform', value: (t) => t.context.platform },
  { header: 'app_version', value: (t) => t.context.appVersion ?? null },
  { header: 'has_contact', value: (t) => (t.contact ? 'yes' : 'no') },
];

/**
 * One CSV cell. A leading `=`, `+`, `-`, `@`, tab or carriage return makes spreadsheets
 * evaluate the cell (CSV injection), so such cells get a leading `'`; then RFC 4180 quoting.
 *
 * @example csvCell('=HYPERLINK("x")') // '"\'=HYPERLINK(""x"")"'
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let cell = String(value);
  if (/^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const row = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** The header line, BOM first. */
export function csvHeader(): string {
  return CSV_BOM + row(COLUMNS.map((column) => column.header));
}

/** One ticket as a CSV line, redacted. */
export function csvRow(ticket: TicketRecord): string {
  return row(COLUMNS.map((column) => column.value(ticket)));
}

/**
 * Streams the whole export: the header, then a line per ticket as the store yields them.
 *
 * @example for await (const chunk of csvLines(store.iterateTickets({}))) out.write(chunk);
 */
export async function* csvLines(tickets: AsyncIterable<TicketRecord>): AsyncGenerator<string> {
  yield csvHeader();
  for await (const ticket of tickets) yield csvRow(ticket);
}

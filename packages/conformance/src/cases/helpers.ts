import type { SubmissionInput } from '@fankui/core';
import { SubmissionBatchResponse, TicketDetail, TicketList } from '@fankui/core/schema';
import { check, expectStatus, readBody } from '../expect';
import type { Answer } from '../http';
import type { CaseContext } from '../types';

export type SubmissionResult = ReturnType<typeof SubmissionBatchResponse.parse>['results'][number];

/**
 * POSTs a batch and reads the per-item results: 200, core's SubmissionBatchResponse, one
 * result per item in request order, each naming its item's id (null only for an
 * unreadable id).
 */
export async function submit(context: CaseContext, token: string, items: readonly unknown[]): Promise<{ results: SubmissionResult[]; answer: Answer }> {
  const answer = await context.http.send('POST', '/v1/submissions', { token, json: { submissions: items } });
  expectStatus(answer, 200, 'POST /v1/submissions');
  const { results } = readBody(answer, SubmissionBatchResponse, 'SubmissionBatchResponse');
  check(results.length === items.length, `${results.length} results for ${items.length} items`, answer, 'exactly one result per item');
  items.forEach((item, index) => {
    const id = (item as { id?: unknown }).id;
    const result = results[index]!;
    const readable = typeof id === 'string' && id.length > 0 && id.length <= 64;
    check(result.id === id || (result.id === null && !readable), `results[${index}] names id ${JSON.stringify(result.id)}, the item's is ${JSON.stringify(id)}`, answer, 'results in request order, each with its item\'s id');
  });
  return { results, answer };
}

/** Submits one valid item that must be accepted; returns its ticket id. */
export async function newTicket(context: CaseContext, token: string, submission?: SubmissionInput): Promise<{ ticketId: string; submission: SubmissionInput }> {
  const item = submission ?? (await context.submissions.valid());
  const { results, answer } = await submit(context, token, [item]);
  const result = results[0]!;
  check(result.status === 'accepted', `a valid submission was answered "${result.status}"${result.status === 'rejected' ? ` (${result.reason.code}: ${result.reason.message})` : ''}`, answer, '"accepted" with a ticketId');
  return { ticketId: result.ticketId, submission: item };
}

/** GET /v1/tickets/{id} as `token`: 200 and a TicketDetail. */
export async function getTicket(context: CaseContext, token: string, ticketId: string) {
  const answer = await context.http.send('GET', `/v1/tickets/${encodeURIComponent(ticketId)}`, { token });
  expectStatus(answer, 200, `GET /v1/tickets/${ticketId} by its reporter`);
  return { detail: readBody(answer, TicketDetail, 'TicketDetail'), answer };
}

/** The first page (100) of the caller's tickets, newest first. */
export async function listTickets(context: CaseContext, token: string) {
  const answer = await context.http.send('GET', '/v1/tickets?limit=100', { token });
  expectStatus(answer, 200, 'GET /v1/tickets');
  return { list: readBody(answer, TicketList, 'TicketList'), answer };
}

/** A real 1×1 PNG (67 bytes): signature, IHDR, IDAT, IEND with valid CRCs. */
export const TINY_PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (char) => char.charCodeAt(0),
);

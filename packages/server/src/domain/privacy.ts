import type { Submission } from '@fankui/core';
import type { ReporterExport } from '@fankui/core/schema';
import type { z } from 'zod';
import type { TicketRecord } from '../store/store';
import type { Domain } from './context';
import { toTicketDetail } from './views';

/**
 * Privacy requests (PIPL): what is kept without consent, a reporter's export, and erasure.
 *
 * Data minimisation on ingest: device context is personal (model, system, screen, page,
 * network make a device recognisable), so without `consent.context` only what handling the
 * complaint needs is kept:
 * - `platform` and `sdkVersion`: which SDK build on which kind of app sent it (statistics,
 *   and telling an SDK bug from an app bug); the retention purge and erasure keep these two;
 * - `locale`: the language operators answer in.
 * The app version, page path, network type and every `system` fact are dropped.
 */
export function keptContext(submission: Pick<Submission, 'context' | 'consent'>): TicketRecord['context'] {
  const { context } = submission;
  if (submission.consent.context === true) return context;
  const kept: TicketRecord['context'] = { platform: context.platform, sdkVersion: context.sdkVersion };
  if (context.locale !== undefined) kept.locale = context.locale;
  return kept;
}

type Export = z.output<typeof ReporterExport>;

/**
 * `GET /v1/me/export`: everything the store holds of this reporter, oldest ticket first:
 * each ticket as they see it (answers, contact, rating, their timeline) with its device
 * context, their uploads as metadata with download paths, their self-help deflections.
 * Only rows keyed by this reporter are read, so nothing of anyone else can appear.
 *
 * @example const data = await exportReporterData(domain, reporterId); // data.tickets[0].answers.description
 */
export async function exportReporterData(domain: Domain, reporterId: string): Promise<Export> {
  const { store } = domain;
  const tickets: Export['tickets'] = [];
  for await (const ticket of store.iterateTickets({ reporterId }, 'oldest')) {
    const events = await store.listEvents(ticket.id, { includeInternal: false });
    tickets.push(Object.assign(toTicketDetail(ticket, events), { context: ticket.context }));
  }
  const held = await store.reporterRecords(reporterId);
  return {
    exportedAt: domain.now().toISOString(),
    tickets,
    attachments: held.attachments.map((record) => ({
      id: record.id,
      contentType: record.contentType,
      size: record.size,
      createdAt: record.createdAt,
      ticketId: record.ticketId,
      url: `/v1/attachments/${record.id}`,
    })),
    deflections: held.deflections.map((record) => ({ articleId: record.articleId, category: record.category, at: record.at })),
  };
}

/**
 * `DELETE /v1/me`: erases the reporter's data, irreversibly (see `Store.eraseReporter`):
 * their tickets keep only what statistics need and belong to nobody afterwards, so a
 * second call finds nothing and is as successful as the first. Returns how many tickets
 * were anonymised (for the log; never their contents).
 *
 * @example await eraseReporterData(domain, reporterId); // { tickets: 3 }
 */
export async function eraseReporterData(domain: Domain, reporterId: string): Promise<{ tickets: number }> {
  const { tickets } = await domain.store.eraseReporter(reporterId, domain.now().toISOString());
  return { tickets: tickets.length };
}

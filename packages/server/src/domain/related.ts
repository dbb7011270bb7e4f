import { DESCRIPTION_FIELD, normalizeText, type AdminRelatedTickets } from '@fankui/core';
import { notFound } from '../errors';
import type { TicketRecord } from '../store/store';
import type { Domain } from './context';
import { toAdminTicketSummary } from './views';

const DAY_MS = 86_400_000;
/** Candidates read per search: the newest tickets of the category in the window. */
const CANDIDATES = 500;
/** Below this, two descriptions share little more than common words. */
const MIN_SIMILARITY = 0.2;

/** Character pairs of a normalised text: a fair measure for Chinese, which has no spaces to split words on. */
function bigrams(text: string): Set<string> {
  const chars = [...text];
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i]! + chars[i + 1]!);
  if (chars.length === 1) pairs.add(chars[0]!);
  return pairs;
}

/** Sørensen–Dice coefficient of two bigram sets, 0..1. */
function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const pair of a) if (b.has(pair)) shared++;
  return (2 * shared) / (a.size + b.size);
}

const descriptionOf = (ticket: TicketRecord): string => {
  const value = ticket.answers[DESCRIPTION_FIELD];
  return normalizeText(typeof value === 'string' ? value : ticket.summary);
};

/**
 * `GET /v1/admin/tickets/:id/related`: tickets of the same category created within `days`
 * of this one whose descriptions share enough character pairs (Dice ≥ 0.2), most similar
 * first: the likely duplicates an operator may merge.
 *
 * @example (await relatedTickets(domain, 'tk_…', { days: 14, limit: 10 })).items[0]?.similarity
 */
export async function relatedTickets(domain: Domain, id: string, options: { days: number; limit: number }): Promise<AdminRelatedTickets> {
  const ticket = await domain.store.getTicket(id);
  if (!ticket) throw notFound('ticket');
  if (ticket.category === null) return { items: [] };
  const created = Date.parse(ticket.createdAt);
  const from = new Date(created - options.days * DAY_MS).toISOString();
  const to = new Date(created + options.days * DAY_MS).toISOString();
  const page = await domain.store.listTickets({ category: ticket.category, from, to }, { limit: CANDIDATES });
  const own = bigrams(descriptionOf(ticket));
  const now = domain.now();
  return {
    items: page.items
      .filter((candidate) => candidate.id !== ticket.id)
      .map((candidate) => ({ candidate, similarity: Math.round(dice(own, bigrams(descriptionOf(candidate))) * 1000) / 1000 }))
      .filter(({ similarity }) => similarity >= MIN_SIMILARITY)
      .sort((a, b) => b.similarity - a.similarity || b.candidate.createdAt.localeCompare(a.candidate.createdAt))
      .slice(0, options.limit)
      .map(({ candidate, similarity }) => ({ ...toAdminTicketSummary(candidate, now), similarity })),
  };
}

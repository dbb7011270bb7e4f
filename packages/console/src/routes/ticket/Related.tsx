import type { AdminRelatedTickets, AdminTicketDetail } from '@fankui/core';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { firstLine } from '../../format';
import { t } from '../../i18n';
import { Link, StatusTag } from '../../ui';

/**
 * Tickets of the same category with similar text in recent days, each with "merge as
 * duplicate": this ticket joins that one and is resolved with a public reason.
 */
export function Related({ ticket, onMerged }: { ticket: AdminTicketDetail; onMerged: () => void }) {
  const [related, setRelated] = useState<AdminRelatedTickets['items'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.related(ticket.id).then(
      (answer) => setRelated(answer.items),
      (failure: Error) => setError(failure.message),
    );
  }, [ticket.id]);
  if (error) return <p class="muted">{error}</p>;
  if (!related) return <p class="muted">{t('common.loading')}</p>;
  if (!related.length) return <p class="muted">{t('detail.noRelated')}</p>;
  const merge = async (into: string) => {
    try {
      await api.merge(ticket.id, { into });
      onMerged();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <ul class="related">
      {related.map((item) => (
        <li key={item.id}>
          <Link to={`tickets/${item.id}`}>{firstLine(item.summary)}</Link>
          <div class="related-meta">
            <StatusTag status={item.status} />
            <span class="muted small">{t('detail.similarity', { percent: `${Math.round(item.similarity * 100)}%` })}</span>
            {ticket.duplicateOf === null && (
              <button type="button" class="small-button" aria-label={t('detail.mergeInto', { summary: firstLine(item.summary) })} onClick={() => merge(item.id)}>
                {t('detail.merge')}
              </button>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

import type { TicketDetail } from '@fankui/core';
import { useState } from 'react';
import { Stars } from '../form/Stars';
import { useFeedback } from '../hooks/useFeedback';
import { Compose } from './Compose';

/** Stars and a comment for a resolved ticket (`canRate`), once per resolution. */
export function RateTicket({ id, base, onRated }: { id: string; base: string; onRated: (ticket: TicketDetail) => void }) {
  const { client, t } = useFeedback();
  const [score, setScore] = useState(0);
  return (
    <Compose
      id={`${base}-rating`}
      label={t('ui.rating.prompt')}
      placeholder={t('ui.rating.comment')}
      inputLabel={t('ui.rating.comment')}
      submitLabel={t('ui.rating.submit')}
      ready={score > 0}
      onSubmit={async (comment) => onRated(await client.tickets.rate(id, comment ? { score, comment } : { score }))}
    >
      <Stars id={`${base}-stars`} value={score} onChange={setScore} labelledBy={`${base}-rating-label`} />
    </Compose>
  );
}

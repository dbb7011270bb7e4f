import type { TicketDetail } from '@fankui/core';

import { useState } from 'react';
import { Action } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { Compose } from './Compose';

/** "问题未解决": asks why, then reopens the ticket (`canReopen`). */
export function ReopenTicket({ id, base, onReopened }: { id: string; base: string; onReopened: (ticket: TicketDetail) => void }) {
  const { client, t } = useFeedback();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Action className="fankui-button--link" onClick={() => setAsking(true)}>
        {t('lifecycle.action.reopen')}
      </Action>
    );
  }
  return (
    <Compose
      id={`${base}-reopen`}
      label={t('lifecycle.action.reopen')}
      placeholder={t('ui.reopen.hint')}
      submitLabel={t('ui.reopen.submit')}
      required
      onSubmit={async (reason) => onReopened(await client.tickets.reopen(id, { reason }))}
      onCancel={() => setAsking(false)}
    />
  );
}

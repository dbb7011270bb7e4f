import type { TicketDetail } from '@fankui/core';
import { Button } from '@tarojs/components';
import { useState } from 'react';
import { useFeedback } from '../hooks/useFeedback';
import { Compose } from './Compose';

/** "问题未解决": asks why, then reopens the ticket (`canReopen`). */
export function ReopenTicket({ id, base, onReopened }: { id: string; base: string; onReopened: (ticket: TicketDetail) => void }) {
  const { client, t } = useFeedback();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button className="fankui-button fankui-button--plain fankui-button--link" onClick={() => setAsking(true)}>
        {t('lifecycle.action.reopen')}
      </Button>
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

import type { ClientEvents, SubmitReceipt } from '@fankui/client';
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { Action } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { TicketNumber } from '../tracker/TicketNumber';
import { cx } from '../util';

export interface AcknowledgementProps {
  receipt: SubmitReceipt;
  /** Offline when submitted: the submission waits in the queue. */
  offline: boolean;
  /** Its delivery, when the queue sent it before this mounted. */
  sent?: ClientEvents['sent'];
  onViewTickets?: () => void;
  onAgain: () => void;
}

/**
 * What is true after submitting: offline "已保存，联网后自动提交" until the queue has delivered
 * it, then (and at once when online) the promise "已收到，正在处理中，我们将在 30 分钟内回复";
 * the ticket number once the server has given one.
 */
export function Acknowledgement({ receipt, offline, sent: early, onViewTickets, onAgain }: AcknowledgementProps) {
  const { client, t } = useFeedback();
  const [sent, setSent] = useState(early);
  useEffect(() => (sent ? undefined : client.on('sent', (event) => event.localId === receipt.localId && setSent(event))), [client, receipt, sent]);
  const waiting = offline && !sent;
  return (
    <View className="fankui-ack" role="status">
      <Text className={cx('fankui-ack__icon', waiting && 'fankui-ack__icon--waiting')} aria-hidden>
        {waiting ? '↻' : '✓'}
      </Text>
      <Text className="fankui-ack__message">{waiting ? t('ui.ack.savedOffline') : ((sent && sent.ack) || receipt.ack).message}</Text>
      {sent && <TicketNumber id={sent.ticketId} />}
      <View className="fankui-actions">
        {onViewTickets && (
          <Action kind="primary" onClick={onViewTickets}>
            {t('ui.ack.viewTickets')}
          </Action>
        )}
        <Action onClick={onAgain}>
          {t('ui.ack.again')}
        </Action>
      </View>
    </View>
  );
}

import type { SubmitReceipt } from '@fankui/client';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { useFeedback } from '../hooks/useFeedback';

export interface AcknowledgementProps {
  receipt: SubmitReceipt;
  /** Offline when submitted: the submission waits in the queue. */
  offline: boolean;
  onViewTickets?: () => void;
  onAgain: () => void;
}

/**
 * "已收到，正在处理中，我们将在 30 分钟内回复" right after submitting, and "网络恢复后将自动提交"
 * until the queue has delivered it.
 */
export function Acknowledgement({ receipt, offline, onViewTickets, onAgain }: AcknowledgementProps) {
  const { client, t } = useFeedback();
  const [waiting, setWaiting] = useState(offline);
  useEffect(() => (waiting ? client.on('sent', ({ localId }) => localId === receipt.localId && setWaiting(false)) : undefined), [client, receipt, waiting]);
  return (
    <View className="fankui-ack" role="status">
      <Text className="fankui-ack__icon" aria-hidden>
        ✓
      </Text>
      <Text className="fankui-ack__message">{receipt.ack.message}</Text>
      {waiting && <Text className="fankui-notice">{t('queue.offline')}</Text>}
      <View className="fankui-actions">
        {onViewTickets && (
          <Button className="fankui-button fankui-button--primary" onClick={onViewTickets}>
            {t('ui.ack.viewTickets')}
          </Button>
        )}
        <Button className="fankui-button fankui-button--plain" onClick={onAgain}>
          {t('ui.ack.again')}
        </Button>
      </View>
    </View>
  );
}

import type { TicketStatus } from '@fankui/core';
import { Text } from '@tarojs/components';
import { useFeedback } from '../hooks/useFeedback';

/** Statuses that look alike to a reporter share a colour. */
const TONE: Record<TicketStatus | 'pending', string> = {
  pending: 'pending',
  submitted: 'open',
  acknowledged: 'open',
  in_progress: 'progress',
  reopened: 'progress',
  resolved: 'resolved',
  closed: 'closed',
  rejected: 'closed',
};

/** 待发送 / 已提交 / 已受理 / 处理中 / 已解决 / 已关闭 / 未受理, from core's `status.*` catalogue. */
export function StatusTag({ status }: { status: TicketStatus | 'pending' }) {
  const { t } = useFeedback();
  return <Text className={`fankui-tag fankui-tag--${TONE[status]}`}>{t(`status.${status}`)}</Text>;
}

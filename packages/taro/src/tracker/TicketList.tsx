import type { TicketRow } from '@fankui/client';
import type { FormDefinition } from '@fankui/core';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Action, Tap } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import type { TicketsState } from '../hooks/useTickets';
import { formatTime } from '../util';
import { categoryLabel } from './categoryLabel';
import { StatusTag } from './StatusTag';

export interface TicketListProps {
  tickets: TicketsState;
  form: FormDefinition;
  onOpen: (row: TicketRow) => void;
}

/**
 * The rows of "我的反馈", scrolling with the page (no box of its own to cut the last row):
 * pull the page down to refresh (the page config's `enablePullDownRefresh`), reach its end
 * or tap 加载更多 for more.
 */
export function TicketList({ tickets, form, onOpen }: TicketListProps) {
  const { locale, t } = useFeedback();
  const { items, stale, loading, failed, hasMore } = tickets;
  usePullDownRefresh(() => {
    const stop = () => void Taro.stopPullDownRefresh();
    tickets.refresh().then(stop, stop);
  });
  useReachBottom(() => void tickets.loadMore());
  return (
    <View className="fankui-list">
      {stale && <Text className="fankui-notice">{t('ui.tracker.offline')}</Text>}
      {loading ? (
        <Text className="fankui-loading">{t('ui.loading')}</Text>
      ) : items.length === 0 ? (
        <Text className="fankui-empty">{t(failed ? 'ui.failed' : 'ui.tracker.empty')}</Text>
      ) : (
        <View>
          {items.map((row) => {
            const category = categoryLabel(form, row.category, locale);
            const status = row.pending ? 'pending' : row.status;
            const unread = row.unread > 0 && t('ui.unread', { count: row.unread });
            return (
              // Named by what it shows (status, category, new replies, time, summary), as a sighted user reads it.
              <Tap key={row.id} className="fankui-ticket" onTap={() => onOpen(row)}>
                <View className="fankui-ticket__top">
                  <StatusTag status={status} />
                  <Text className="fankui-ticket__category">{category}</Text>
                  {unread && <Text className="fankui-badge">{unread}</Text>}
                  <Text className="fankui-ticket__time">{formatTime(row.createdAt)}</Text>
                </View>
                <Text className="fankui-ticket__summary">{row.summary}</Text>
              </Tap>
            );
          })}
        </View>
      )}
      {hasMore && (
        <Action onClick={() => void tickets.loadMore()}>
          {t('ui.tracker.loadMore')}
        </Action>
      )}
    </View>
  );
}

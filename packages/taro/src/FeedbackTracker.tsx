import type { TicketRow } from '@fankui/client';
import { View } from '@tarojs/components';
import { useState } from 'react';
import { useBaseId } from './hooks/useBaseId';
import { useFormDefinition } from './hooks/useFormDefinition';
import { useTickets } from './hooks/useTickets';
import { TicketDetail } from './tracker/TicketDetail';
import { TicketList } from './tracker/TicketList';
import { cx, type StyleProps } from './util';

export interface FeedbackTrackerProps extends StyleProps {
  /** Open this ticket's detail first, e.g. from a page query. */
  ticketId?: string;
  /** Rows per page. Default 20. */
  pageSize?: number;
}

/**
 * "我的反馈": tickets and queued submissions with their status, each ticket's timeline,
 * adding information, rating and "问题未解决". Offline it shows the client's cache.
 *
 * @example <FeedbackTracker ticketId={router.params.id} />
 */
export function FeedbackTracker({ ticketId, pageSize = 20, className, style }: FeedbackTrackerProps) {
  const form = useFormDefinition();
  const [open, setOpen] = useState<{ id: string; row?: TicketRow } | null>(ticketId ? { id: ticketId } : null);
  // The list polls while it is what the reporter sees; an open ticket polls itself.
  const tickets = useTickets(pageSize, !open);
  const base = useBaseId();
  return (
    <View className={cx('fankui-root fankui-tracker', className)} style={style}>
      {open ? (
        <TicketDetail
          key={open.id}
          id={open.id}
          row={open.row || tickets.items.find((row) => row.id === open.id)}
          form={form}
          base={base}
          onBack={() => {
            setOpen(null);
            void tickets.refresh();
          }}
        />
      ) : (
        <TicketList tickets={tickets} form={form} onOpen={(row) => setOpen({ id: row.id, row })} />
      )}
    </View>
  );
}

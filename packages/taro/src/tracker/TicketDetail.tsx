import type { TicketRow } from '@fankui/client';
import { isTerminal, LIMITS, type FormDefinition } from '@fankui/core';
import { Text, View } from '@tarojs/components';
import { Action } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { useTicket } from '../hooks/useTicket';
import { formatTime } from '../util';
import { categoryLabel } from './categoryLabel';
import { Compose } from './Compose';
import { RateTicket } from './RateTicket';
import { ReopenTicket } from './ReopenTicket';
import { StatusTag } from './StatusTag';
import { Submission } from './Submission';
import { TicketNumber } from './TicketNumber';
import { Timeline } from './Timeline';

export interface TicketDetailProps {
  id: string;
  /** The list's row, shown at once (and alone, for a submission still queued). */
  row?: TicketRow;
  form: FormDefinition;
  base: string;
  onBack: () => void;
}

/** One ticket: its timeline, adding information, rating once resolved, "问题未解决". */
export function TicketDetail({ id, row, form, base, onBack }: TicketDetailProps) {
  const { client, locale, t } = useFeedback();
  const pending = row ? row.pending : false;
  const { ticket, setTicket, offline, failed, reload } = useTicket(id, !pending);
  const summary = ticket ?? row;
  return (
    <View className="fankui-detail">
      <Action className="fankui-button--link fankui-detail__back" onClick={onBack}>
        {`‹ ${t('ui.tracker.back')}`}
      </Action>
      {summary && (
        <View className="fankui-detail__head">
          <View className="fankui-ticket__top">
            <StatusTag status={pending ? 'pending' : summary.status} />
            <Text className="fankui-ticket__category">{categoryLabel(form, summary.category, locale)}</Text>
            <Text className="fankui-ticket__time">{formatTime(summary.createdAt)}</Text>
          </View>
          {/* A ticket shows everything that was sent below; a queued submission only has its summary. */}
          {ticket ? <TicketNumber id={ticket.id} /> : <Text className="fankui-ticket__summary">{summary.summary}</Text>}
        </View>
      )}
      {pending ? (
        <Text className="fankui-notice">{t('queue.offline')}</Text>
      ) : ticket ? (
        <View>
          {ticket.stale && <Text className="fankui-notice">{t('ui.tracker.offlineCached')}</Text>}
          <Submission ticket={ticket} form={form} />
          <Text className="fankui-section">{t('ui.tracker.timeline')}</Text>
          <Timeline events={ticket.timeline} />
          {ticket.canRate && <RateTicket id={id} base={base} onRated={setTicket} />}
          {ticket.canReopen && <ReopenTicket id={id} base={base} onReopened={setTicket} />}
          {!isTerminal(ticket.status) && (
            <Compose
              id={`${base}-message`}
              label={t('ui.tracker.addInfo')}
              placeholder={t('ui.tracker.addInfoHint')}
              submitLabel={t('ui.tracker.send')}
              maxLength={LIMITS.longTextMaxLength}
              required
              onSubmit={async (body) => {
                await client.tickets.addMessage(id, { body });
                await reload();
              }}
            />
          )}
        </View>
      ) : offline ? (
        <Text className="fankui-notice">{t('ui.tracker.detailOffline')}</Text>
      ) : (
        <Text className="fankui-loading">{t(failed ? 'ui.failed' : 'ui.loading')}</Text>
      )}
    </View>
  );
}

import { INTERNAL_EVENT_TYPES, type TimelineEvent } from '@fankui/core';
import { Text, View } from '@tarojs/components';
import { useFeedback, type FeedbackContextValue } from '../hooks/useFeedback';
import { cx, formatTime } from '../util';

/** The line a reporter reads for an event, and the text under it (a reply, a promise, a comment). */
function describe(event: TimelineEvent, t: FeedbackContextValue['t']): [line: string, body?: string] {
  switch (event.type) {
    case 'acknowledged':
      return [t('timeline.acknowledged'), event.message];
    case 'status_changed': {
      const status = t(`status.${event.to}`);
      return [event.reason ? t('timeline.status_changed.reason', { status, reason: event.reason }) : t('timeline.status_changed', { status })];
    }
    case 'message':
      return [t(`timeline.message.${event.actor.type}`), event.body];
    case 'rating':
      return [t('timeline.rating', { score: event.score }), event.comment];
    case 'reopened':
      return [t('timeline.reopened', { reason: event.reason })];
    default:
      return [t('timeline.submitted')];
  }
}

/** A ticket's history, oldest first; operator replies stand out. Operator-only events are never shown. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useFeedback();
  return (
    <View className="fankui-timeline" role="list">
      {events
        .filter((event) => !INTERNAL_EVENT_TYPES.includes(event.type))
        .map((event) => {
          const [line, body] = describe(event, t);
          const reply = event.type === 'message' && event.actor.type === 'operator';
          return (
            <View key={event.id} role="listitem" className={cx('fankui-event', reply && 'fankui-event--reply')}>
              <Text className="fankui-event__meta">{`${event.actor.name || t(`actor.${event.actor.type}`)} · ${formatTime(event.at)}`}</Text>
              <Text className="fankui-event__line">{line}</Text>
              {body && <Text className="fankui-event__body">{body}</Text>}
            </View>
          );
        })}
    </View>
  );
}

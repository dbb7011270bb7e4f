import { INTERNAL_EVENT_TYPES, type TimelineEvent } from '@fankui/core';
import { t } from '../../i18n';

/** What a timeline event says, in the operator's words (categories shown by `label`, teams by `team`). */
export function eventText(event: TimelineEvent, label: (category: string | null) => string, team: (id: string | null) => string = (id) => id || ''): string {
  switch (event.type) {
    case 'submitted':
      return t('timeline.submitted');
    case 'acknowledged':
      return t('timeline.acknowledged', { message: event.message });
    case 'status_changed':
      return t('timeline.status', { from: t(`status.${event.from}`), to: t(`status.${event.to}`) }) + (event.reason ? ` · ${event.reason}` : '');
    case 'message':
      return t(`timeline.message.${event.actor.type}`);
    case 'rating':
      return t('timeline.rating', { score: event.score });
    case 'reopened':
      return t('timeline.reopened', { reason: event.reason });
    case 'priority_changed':
      return t('timeline.priority', { from: t(`priority.${event.from}`), to: t(`priority.${event.to}`) });
    case 'category_changed':
      return t('timeline.category', { from: label(event.from) || t('common.uncategorized'), to: label(event.to) });
    case 'assigned':
      return event.assignee ? t('timeline.assigned', { assignee: event.assignee }) : t('timeline.unassigned');
    case 'note':
      return t('timeline.note');
    case 'revealed':
      return event.kinds.length ? t('timeline.revealedKinds', { kinds: event.kinds.map(piiLabel).join('、') }) : t('timeline.revealed');
    case 'merged':
      return event.into ? t('timeline.mergedInto', { id: event.into }) : t('timeline.mergedFrom', { id: event.from || '' });
    case 'adopted':
      return t('timeline.adopted');
    case 'team_changed':
      return t('teams.changed', { from: team(event.from) || t('teams.none'), to: team(event.to) || t('teams.none') });
    default:
      return t('timeline.other', { type: (event as { type: string }).type });
  }
}

/** "手机号" for `phone`; an unknown kind as it came. */
export function piiLabel(kind: string): string {
  return kind === 'phone' || kind === 'id_card' || kind === 'bank_card' || kind === 'email' ? t(`pii.${kind}`) : kind;
}

/** The free text an event carries (a message, a note, a rating comment), shown as text. */
export function eventBody(event: TimelineEvent): string | null {
  if (event.type === 'message' || event.type === 'note') return event.body;
  if (event.type === 'rating') return event.comment || null;
  if (event.type === 'revealed' || event.type === 'merged') return event.reason || null;
  if (event.type === 'adopted') return event.note || null;
  return null;
}

/** Events the reporter never sees (core's list): the timeline marks them. */
export const isInternal = (event: TimelineEvent): boolean =>
  INTERNAL_EVENT_TYPES.includes(event.type) || event.type === 'revealed' || event.type === 'merged' || event.type === 'adopted' || event.type === 'team_changed';

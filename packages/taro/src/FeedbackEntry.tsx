import { Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Tap } from './a11y';
import { useFeedback } from './hooks/useFeedback';
import { useUnread } from './hooks/useUnread';
import { cx, type StyleProps } from './util';

export interface FeedbackEntryProps extends StyleProps {
  /** `cell`: a list cell for the "我的" page; `floating`: a round button fixed at the bottom right. */
  variant?: 'cell' | 'floating';
  /** The page to open. Default: the provider's `feedbackUrl`. */
  url?: string;
  /** Default "反馈与投诉". */
  title?: string;
  /** Count unread replies (reads the ticket list once when shown). Default true. */
  showUnread?: boolean;
  /** Replaces `Taro.navigateTo({ url })`: for `switchTab`, a custom router, analytics. */
  onNavigate?: (url: string) => void;
}

/**
 * The "反馈与投诉" entry, with a badge while submissions wait to be sent ("待发送 (2)") or
 * when operators replied.
 *
 * @example <FeedbackEntry variant="cell" />
 */
export function FeedbackEntry({ variant = 'cell', url, title, showUnread = true, onNavigate, className, style }: FeedbackEntryProps) {
  const { pending, t, feedbackUrl } = useFeedback();
  const unread = useUnread(showUnread);
  const target = url ?? feedbackUrl;
  const label = title ?? t('entry.title');
  const badge = pending > 0 ? t('queue.pendingCount', { count: pending }) : unread > 0 ? t('ui.unread', { count: unread }) : '';
  const open = () => (onNavigate ? onNavigate(target) : void Taro.navigateTo({ url: target }));
  return (
    <Tap className={cx('fankui-root fankui-entry', `fankui-entry--${variant}`, className)} style={style} label={badge ? `${label}, ${badge}` : label} onTap={open}>
      <Text className="fankui-entry__title">{label}</Text>
      {badge && <Text className={cx('fankui-badge', pending > 0 && 'fankui-badge--pending')}>{badge}</Text>}
      {variant === 'cell' && <Text className="fankui-entry__arrow" aria-hidden>›</Text>}
    </Tap>
  );
}

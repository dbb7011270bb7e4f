import { View } from '@tarojs/components';
import { useState } from 'react';
import { Tap } from './a11y';
import { FeedbackForm, type FeedbackFormProps } from './FeedbackForm';
import { FeedbackTracker } from './FeedbackTracker';
import { useFeedback } from './hooks/useFeedback';
import { cx, type StyleProps } from './util';

export interface FeedbackCenterProps extends StyleProps, Pick<FeedbackFormProps, 'form' | 'onSubmitted' | 'onDeflected'> {
  /** Default `form`. */
  initialTab?: 'form' | 'tracker';
}

/**
 * One page for everything: "提交反馈" | "我的反馈" tabs over the form and the tracker.
 *
 * @example export default function FeedbackPage() { return <FeedbackCenter />; }
 */
export function FeedbackCenter({ initialTab = 'form', form, onSubmitted, onDeflected, className, style }: FeedbackCenterProps) {
  const { t } = useFeedback();
  const [tab, setTab] = useState(initialTab);
  const tabs = [
    ['form', t('ui.form.tab')],
    ['tracker', t('tracker.title')],
  ] as const;
  return (
    <View className={cx('fankui-root fankui-center', className)} style={style}>
      <View className="fankui-tabs" role="tablist">
        {tabs.map(([name, label]) => (
          <Tap key={name} className={cx('fankui-tab', tab === name && 'fankui-tab--active')} role="tab" selected={tab === name} onTap={() => setTab(name)}>
            {label}
          </Tap>
        ))}
      </View>
      <View role="tabpanel" aria-label={tab === 'form' ? tabs[0][1] : tabs[1][1]}>
        {tab === 'form' ? <FeedbackForm form={form} onSubmitted={onSubmitted} onDeflected={onDeflected} onViewTickets={() => setTab('tracker')} /> : <FeedbackTracker />}
      </View>
    </View>
  );
}

import type { KnownIssueNotice } from '@fankui/core';
import { Text, View } from '@tarojs/components';
import { Action } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';

export interface KnownIssueProps {
  notice: KnownIssueNotice;
  /** "我知道了": the form hides it and records a deflection. */
  onDismiss: () => void;
}

/** An operator's known-issue notice above the form, e.g. "支付通道异常，正在修复，已扣款项将自动退回". */
export function KnownIssue({ notice, onDismiss }: KnownIssueProps) {
  const { t } = useFeedback();
  const titleId = `fankui-issue-${notice.id}`;
  return (
    <View className="fankui-issue" role="region" aria-labelledby={titleId}>
      <Text id={titleId} className="fankui-issue__title">
        {t('ui.notice.title')}
      </Text>
      <Text className="fankui-issue__text">{notice.text}</Text>
      <View className="fankui-actions">
        <Action onClick={onDismiss}>
          {t('ui.notice.dismiss')}
        </Action>
      </View>
    </View>
  );
}

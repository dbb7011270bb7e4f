import type { SelfHelpArticle } from '@fankui/core';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Action } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';
import { localized } from '../util';

export interface SelfHelpProps {
  article: SelfHelpArticle;
  onSolved: () => void;
}

/** A self-help suggestion from triage, e.g. "支付失败？先看看这些解决办法", with "已解决". */
export function SelfHelp({ article, onSolved }: SelfHelpProps) {
  const { locale, t } = useFeedback();
  const titleId = `fankui-help-${article.id}`;
  return (
    <View className="fankui-selfhelp" role="region" aria-labelledby={titleId}>
      <Text id={titleId} className="fankui-selfhelp__title">
        {localized(article.title, locale)}
      </Text>
      {article.body && <Text className="fankui-selfhelp__body">{localized(article.body, locale)}</Text>}
      <View className="fankui-actions">
        {article.url && (
          <Action onClick={() => void Taro.navigateTo({ url: article.url! })}>
            {t('ui.selfHelp.more')}
          </Action>
        )}
        <Action onClick={onSolved}>
          {t('ui.selfHelp.solved')}
        </Action>
      </View>
    </View>
  );
}

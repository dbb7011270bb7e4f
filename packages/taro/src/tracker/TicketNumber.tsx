import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Action } from '../a11y';
import { useFeedback } from '../hooks/useFeedback';

/** "工单号 …" with 复制工单号: the number a reporter quotes to 客服 (the acknowledgement, once delivered, and the detail). */
export function TicketNumber({ id }: { id: string }) {
  const { t } = useFeedback();
  return (
    <View className="fankui-number">
      <Text className="fankui-number__label">{t('ui.tracker.ticketNumber')}</Text>
      <Text className="fankui-number__id" userSelect>
        {id}
      </Text>
      {/* Taro shows its own "内容已复制" toast. */}
      <Action className="fankui-number__copy" onClick={() => void Taro.setClipboardData({ data: id })}>
        {t('ui.tracker.copyNumber')}
      </Action>
    </View>
  );
}

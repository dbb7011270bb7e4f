import { Text, View } from '@tarojs/components';
import { FeedbackEntry } from '@fankui/taro';

/** 首页: the app's own content, with the 反馈与投诉 entry floating at the bottom right. */
export default function Index() {
  return (
    <View className="demo-page">
      <View className="demo-card">
        <Text className="demo-title">Fankui 示例商城</Text>
        <Text className="demo-text">
          这是一个演示用的 Taro 应用。遇到问题？点右下角的「反馈与投诉」，或者到「我的」页面里找到它。
        </Text>
      </View>
      <View className="demo-card">
        <Text className="demo-title">今日推荐</Text>
        <Text className="demo-text">新人专享券已发放到你的账户，下单立减 10 元。</Text>
      </View>
      <FeedbackEntry variant="floating" />
    </View>
  );
}

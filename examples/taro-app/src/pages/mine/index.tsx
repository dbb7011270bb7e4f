import { Text, View } from '@tarojs/components';
import { FeedbackEntry } from '@fankui/taro';

/** 我的: a profile page whose list of cells ends with 反馈与投诉. */
export default function Mine() {
  return (
    <View className="demo-page">
      <View className="demo-card demo-profile">
        <View className="demo-avatar">示</View>
        <View>
          <Text className="demo-title">示例用户</Text>
          <Text className="demo-text">会员等级：普通会员</Text>
        </View>
      </View>
      <View className="demo-cells">
        <View className="demo-cell">
          <Text>我的订单</Text>
          <Text className="demo-cell-hint">全部 ›</Text>
        </View>
        <View className="demo-cell">
          <Text>收货地址</Text>
          <Text className="demo-cell-hint">›</Text>
        </View>
        {/* The app's own cell class: the entry looks like the cells above it. */}
        <FeedbackEntry variant="cell" className="demo-cell" />
      </View>
    </View>
  );
}

import { useRouter } from '@tarojs/taro';
import { FeedbackCenter } from '@fankui/taro';

/**
 * The feedback page: the form and 我的反馈 in tabs. `?tab=tracker` opens 我的反馈 first
 * (e.g. from a "you have a reply" notice).
 */
export default function FeedbackPage() {
  const { params } = useRouter();
  return <FeedbackCenter initialTab={params.tab === 'tracker' ? 'tracker' : 'form'} />;
}

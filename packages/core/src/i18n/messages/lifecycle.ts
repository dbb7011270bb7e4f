import { defineMessages } from '../define';

/**
 * Timeline lines as the reporter sees them in "我的反馈". Status names themselves live in
 * `common.ts` (`status.*`); `{status}` takes such a label, not the raw status id.
 */
export const lifecycleMessages = defineMessages(
  {
    'timeline.submitted': '已提交',
    'timeline.acknowledged': '已受理',
    'timeline.status_changed': '状态变为 {status}',
    'timeline.status_changed.reason': '状态变为 {status}：{reason}',
    'timeline.in_progress': '正在处理',
    'timeline.resolved': '已解决',
    'timeline.closed': '已关闭',
    'timeline.closed.auto': '长时间未回复，已自动关闭',
    'timeline.rejected': '未受理：{reason}',
    'timeline.reopened': '已重新打开：{reason}',
    'timeline.message.operator': '客服回复',
    'timeline.message.reporter': '我补充了信息',
    'timeline.message.system': '系统消息',
    'timeline.rating': '已评价 {score} 星',
    'lifecycle.action.reopen': '问题未解决',
    'lifecycle.action.confirm': '问题已解决',
    'lifecycle.action.rate': '评价',
  },
  {
    'timeline.submitted': 'Submitted',
    'timeline.acknowledged': 'Received',
    'timeline.status_changed': 'Status changed to {status}',
    'timeline.status_changed.reason': 'Status changed to {status}: {reason}',
    'timeline.in_progress': 'Being handled',
    'timeline.resolved': 'Resolved',
    'timeline.closed': 'Closed',
    'timeline.closed.auto': 'Closed automatically after no reply',
    'timeline.rejected': 'Not accepted: {reason}',
    'timeline.reopened': 'Reopened: {reason}',
    'timeline.message.operator': 'Support replied',
    'timeline.message.reporter': 'You added information',
    'timeline.message.system': 'System message',
    'timeline.rating': 'Rated {score} out of 5',
    'lifecycle.action.reopen': 'Not solved',
    'lifecycle.action.confirm': 'Solved',
    'lifecycle.action.rate': 'Rate',
  },
);

import { defineMessages } from '../define';

/**
 * The response-time promise shown right after submitting, durations, and SLA states for
 * the console. Durations come in `.one` / `.other` forms because English pluralises;
 * zh-CN repeats the same text.
 */
export const slaMessages = defineMessages(
  {
    'sla.ack': '已收到，正在处理中，我们将在 {duration}内回复',
    'sla.state.met': '已达标',
    'sla.state.breached': '已超时',
    'sla.state.pending': '计时中',
    'sla.state.at_risk': '即将超时',
    'sla.overdue': '已逾期',
    'duration.minutes.one': '{count} 分钟',
    'duration.minutes.other': '{count} 分钟',
    'duration.hours.one': '{count} 小时',
    'duration.hours.other': '{count} 小时',
    'duration.days.one': '{count} 天',
    'duration.days.other': '{count} 天',
  },
  {
    'sla.ack': 'Received — we are on it and will reply within {duration}',
    'sla.state.met': 'Met',
    'sla.state.breached': 'Breached',
    'sla.state.pending': 'Running',
    'sla.state.at_risk': 'At risk',
    'sla.overdue': 'Overdue',
    'duration.minutes.one': '{count} minute',
    'duration.minutes.other': '{count} minutes',
    'duration.hours.one': '{count} hour',
    'duration.hours.other': '{count} hours',
    'duration.days.one': '{count} day',
    'duration.days.other': '{count} days',
  },
);

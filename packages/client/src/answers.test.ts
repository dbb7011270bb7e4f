import { DEFAULT_FORM, t, type MessageKey, type MessageParams } from '@fankui/core';
import { describe, expect, it } from 'vitest';
import { answerLines } from './answers';

const zh = (key: MessageKey, params?: MessageParams) => t(key, params, 'zh-CN');
const en = (key: MessageKey, params?: MessageParams) => t(key, params, 'en-US');

describe('answerLines', () => {
  const answers = {
    category: 'payment',
    subtypes: ['payment_failed', 'unexpected_charge'],
    amount: '199.00',
    transaction_time: '2026-11-22 20:15',
    description: '支付失败但是银行卡被扣款了',
    screenshots: ['att_1', 'att_2'],
    unknown_field: 'from a newer form',
  };

  it('labels what was sent in the form order, with option labels, leaving out the category and unknown fields', () => {
    expect(answerLines(DEFAULT_FORM, answers, 'zh-CN', zh)).toEqual([
      ['具体问题（可多选）', '支付失败、异常扣款'],
      ['交易金额（元）', '199.00'],
      ['交易时间', '2026-11-22 20:15'],
      ['问题描述', '支付失败但是银行卡被扣款了'],
      ['截图', '2 张图片'],
    ]);
  });

  it('speaks the reporter language', () => {
    expect(answerLines(DEFAULT_FORM, { subtypes: ['payment_failed', 'unexpected_charge'] }, 'en-US', en)).toEqual([['What happened (choose any)', 'Payment failed, Unexpected charge']]);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM } from './default-form';
import { settleAnswers as settle } from './visibility';

describe('settleAnswers', () => {
  it('keeps answers of shown fields and offered options only', () => {
    expect(settle(DEFAULT_FORM, { category: 'account', subtypes: ['payment_failed', 'login'], amount: '12', description: '登录不上' })).toEqual({
      category: 'account',
      subtypes: ['login'],
      description: '登录不上',
    });
  });

  it('drops a category that is not offered, and what depended on it', () => {
    expect(settle(DEFAULT_FORM, { category: 'lottery', subtypes: ['refund'], description: '中奖了' })).toEqual({ description: '中奖了' });
  });

  it('never passes contact details as an answer', () => {
    expect(settle(DEFAULT_FORM, { contact: '13800138000', description: '请回电' })).toEqual({ description: '请回电' });
  });
});

import type { SubmissionInput } from '../types';

/** A realistic submission from the default form, for tests of everything that reads one. */
export function sampleSubmission(overrides: Partial<SubmissionInput> = {}): SubmissionInput {
  return {
    id: '0192f1e2-7b3c-7d4e-8f90-a1b2c3d4e5f6',
    createdAt: '2026-11-23T08:30:00.000Z',
    form: { id: 'feedback', version: 1 },
    answers: {
      category: 'payment',
      subtypes: ['payment_failed', 'unexpected_charge'],
      amount: '199.00',
      transaction_time: '2026-11-23T08:10:00+08:00',
      description: '昨天支付失败了，但是银行卡被扣款了 199 元，订单显示未支付',
    },
    context: {
      platform: 'weapp',
      sdkVersion: '0.1.0',
      appVersion: '3.2.1',
      pagePath: 'pages/order/detail',
      networkType: '4g',
      locale: 'zh_CN',
      system: { brand: 'HUAWEI', model: 'Mate 60', system: 'Android 12', SDKVersion: '3.4.10', pixelRatio: 3 },
    },
    consent: { contact: true, context: true },
    contact: { phone: '13800138000' },
    attachments: [],
    ...overrides,
  };
}

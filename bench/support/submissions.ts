/**
 * Request bodies for `POST /v1/submissions` as the SDK sends them: default-form answers
 * (mostly payment complaints in Chinese), a UUIDv7 idempotency key per submission that is
 * unique for the whole run, and a reporter secret per request from a pool of reporters.
 *
 * Bodies are cut from JSON templates by string concatenation so the load generator spends
 * its time sending, not serialising.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_FORM, validateAnswers } from '@fankui/core';
import { parseSubmissionBatch } from '@fankui/core/schema';

/** What one submission looks like, minus its id and creation time. */
const SAMPLES = [
  {
    answers: {
      category: 'payment',
      subtypes: ['unexpected_charge'],
      amount: '199.00',
      transaction_time: '2026-11-22 20:15',
      description: '昨天支付失败了，但是银行卡被扣款了 199 元，订单显示未支付，请尽快帮我退款',
    },
    consent: { contact: true },
    contact: { phone: '13800138000' },
  },
  {
    answers: {
      category: 'payment',
      subtypes: ['duplicate_charge', 'refund'],
      amount: '58.50',
      description: '同一笔订单被重复扣款两次，客服电话打不通，申请退还多扣的 58.5 元',
    },
    consent: { contact: true },
    contact: { wechat: 'zhang_san_1990' },
  },
  {
    answers: {
      category: 'malfunction',
      subtypes: ['crash'],
      description: '更新到最新版本以后，一打开订单详情页面就闪退，重装也没有用',
    },
    consent: { contact: false },
  },
  {
    answers: {
      category: 'account',
      subtypes: ['verification_code'],
      description: '换了新手机以后一直收不到短信验证码，无法登录账号',
    },
    consent: { contact: true },
    contact: { email: 'li.si@example.com' },
  },
] as const;

const CONTEXT = { platform: 'weapp', sdkVersion: '0.1.0', appVersion: '3.2.1', networkType: '4g', locale: 'zh_CN', pagePath: 'pages/order/detail' };

/** `[before id, between id and createdAt, after createdAt]` for each sample. */
const TEMPLATES = SAMPLES.map((sample) => {
  const json = JSON.stringify({
    id: '@ID@',
    createdAt: '@AT@',
    form: { id: DEFAULT_FORM.id, version: DEFAULT_FORM.version },
    answers: sample.answers,
    context: CONTEXT,
    consent: sample.consent,
    ...('contact' in sample ? { contact: sample.contact } : {}),
    attachments: [],
  });
  const [head, rest] = json.split('"@ID@"') as [string, string];
  const [middle, tail] = rest.split('"@AT@"') as [string, string];
  return [`${head}"`, `"${middle}"`, `"${tail}`] as const;
});

// UUIDv7: 48-bit Unix milliseconds, version 7, then random bits. The random part is a salt
// fixed for the process plus a counter, so ids never repeat within a run.
const SALT = randomBytes(2).toString('hex').slice(0, 3);
let counter = 0;

/** A fresh UUIDv7-style idempotency key. */
export function uuidv7(nowMs: number): string {
  const time = nowMs.toString(16).padStart(12, '0');
  const count = (counter++).toString(16).padStart(15, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${SALT}-${'89ab'[counter & 3]}${count.slice(0, 3)}-${count.slice(3)}`;
}

/** A `{ submissions: [...] }` body of `size` submissions, each with a new id. */
export function batchBody(size: number): string {
  const now = Date.now();
  const at = new Date(now).toISOString();
  let body = '{"submissions":[';
  for (let i = 0; i < size; i += 1) {
    const [head, middle, tail] = TEMPLATES[(counter + i) % TEMPLATES.length]!;
    body += `${i === 0 ? '' : ','}${head}${uuidv7(now)}${middle}${at}${tail}`;
  }
  return `${body}]}`;
}

/** Reporter secrets (64 hex characters, as the SDK creates them), used round-robin. */
export function reporterPool(size: number): () => string {
  const secrets = Array.from({ length: size }, () => randomBytes(32).toString('hex'));
  let next = 0;
  return () => secrets[next++ % size]!;
}

/**
 * Throws unless every template is a valid submission of the default form: a benchmark of
 * rejected submissions would measure the wrong thing.
 */
export function checkTemplates(): void {
  const parsed = parseSubmissionBatch(JSON.parse(batchBody(TEMPLATES.length * 2)));
  if (!parsed.ok) throw new Error(`Benchmark batch envelope invalid: ${JSON.stringify(parsed.issues)}`);
  const ids = new Set<string>();
  for (const item of parsed.items) {
    if (!item.ok) throw new Error(`Benchmark submission invalid: ${JSON.stringify(item.issues)}`);
    const checked = validateAnswers(DEFAULT_FORM, item.submission, { locale: 'zh-CN' });
    if (!checked.ok) throw new Error(`Benchmark answers invalid: ${JSON.stringify(checked.errors)}`);
    ids.add(item.submission.id);
  }
  if (ids.size !== parsed.items.length) throw new Error('Benchmark ids repeat');
}

/** Counts `"status":"accepted"` in a response body without parsing it. */
export function countAccepted(body: string): number {
  let count = 0;
  for (let at = body.indexOf('"status":"accepted"'); at !== -1; at = body.indexOf('"status":"accepted"', at + 19)) count += 1;
  return count;
}

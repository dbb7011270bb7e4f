import { redactPii, t, type Locale, type TicketStatus } from '@fankui/core';
import type { SUBSCRIBE_FIELDS } from '../../config';

type Field = (typeof SUBSCRIBE_FIELDS)[number];

/** What a message can say about the ticket. */
export interface MessageFacts {
  ticketId: string;
  /** The description's beginning (masked here). */
  summary: string;
  status: TicketStatus;
  /** The operator's reply (masked here); for `replied` messages. */
  reply?: string | undefined;
  at: Date;
}

/** China Standard Time, the clock WeChat's users read (no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000;

/** `2026年12月2日 14:05`, the form WeChat's `time` and `date` keywords take. */
export function wechatTime(at: Date): string {
  const local = new Date(at.getTime() + CST_OFFSET_MS);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日 ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** At most `max` characters (code points), the last one `…` when cut. */
function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A value cut to fit its keyword's type, by WeChat's rules: `thing` ≤ 20 characters,
 * `character_string`/`number`/`letter` ≤ 32, `phrase` ≤ 5 (Chinese), `name` ≤ 10,
 * `symbol` ≤ 5. A value never goes out empty (WeChat refuses that).
 */
export function fitKeyword(keyword: string, value: string): string {
  const type = keyword.replace(/\d+$/, '');
  const text = value.replace(/\s+/g, ' ').trim() || '—';
  switch (type) {
    case 'thing':
      return cut(text, 20);
    case 'character_string':
      return cut(text.replace(/[^\x21-\x7e]/g, ''), 32) || '-';
    case 'number':
    case 'letter':
      return cut(text, 32);
    case 'phrase':
    case 'symbol':
      return cut(text, 5);
    case 'name':
      return cut(text, 10);
    default:
      return text;
  }
}

/**
 * The `data` of a subscribe message: each keyword the template config names, filled with
 * its field (free text masked with core's redaction, as webhooks are) and cut to its type.
 *
 * @example messageData({ thing1: 'summary', phrase2: 'status', time3: 'time' }, facts, 'zh-CN')
 * // { thing1: { value: '支付失败但被扣款…' }, phrase2: { value: '处理中' }, time3: { value: '2026年12月2日 14:05' } }
 */
export function messageData(keywords: Readonly<Record<string, Field>>, facts: MessageFacts, locale: Locale): Record<string, { value: string }> {
  const fill = (field: Field): string => {
    switch (field) {
      case 'summary':
        return redactPii(facts.summary);
      case 'reply':
        return redactPii(facts.reply ?? '');
      case 'status':
        return t(`status.${facts.status}`, undefined, locale);
      case 'time':
        return wechatTime(facts.at);
      case 'ticket':
        return facts.ticketId;
    }
  };
  const data: Record<string, { value: string }> = {};
  for (const [keyword, field] of Object.entries(keywords)) data[keyword] = { value: fitKeyword(keyword, fill(field)) };
  return data;
}

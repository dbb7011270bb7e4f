/**
 * A year of tickets for the statistics benchmark, written straight into an embedded store.
 *
 * The data follows `bench/store-stats.ts` (a fixed-seed generator, a year of creation
 * times, ~80 % answered, most answered ones resolved, some rated and reopened) and makes it
 * closer to what the server itself writes:
 *
 * - tickets arrive in time order, as in a real store, with server-style random `tk_` ids;
 * - category, sub-type and a Chinese description come from the default form; priority is
 *   core's `triage()`, SLA due times core's `slaDueTimes()`, keywords the server's own
 *   `keywordsIn()`;
 * - response and resolution times scatter around each priority's SLA (some breach); what
 *   would happen after "now" has not happened yet, so recent tickets are still open;
 * - statuses: acknowledged, in_progress, resolved, closed (7 days after resolution),
 *   reopened (and some resolved again), rejected; ~35 % of resolutions rated;
 * - optionally the `submitted` and `acknowledged` events the ingest path writes (statistics
 *   never read events, so they are left out by default to keep the run short).
 *
 * The rows go in through the store's own prepared INSERT statements (sqlite-statements.ts)
 * and `ticketParams`/`eventParams`, in ONE transaction, and the roll-ups (`ticket_days`,
 * `keyword_days`) through the group commit's own roll-up (`GroupRollUp`), once per chunk of
 * tickets, so the derived columns and the roll-ups are exactly what the store keeps. It
 * skips only the per-ticket promise, savepoint and group-commit machinery of
 * `createTicket` (store-stats.ts's way, several minutes for a million rows on 2 cores).
 */
import { DEFAULT_FORM, DEFAULT_SLA_POLICY, acknowledgementText, slaDueTimes, triage, type Priority, type TicketStatus } from '@fankui/core';
import { keywordsIn, openingEvents } from '../../packages/server/src/domain/ingest';
import type { SqliteStore } from '../../packages/server/src/store/sqlite';
import { GroupRollUp } from '../../packages/server/src/store/sqlite/group-commit';
import { eventParams, ticketParams } from '../../packages/server/src/store/sqlite/rows';
import { prepareStatements } from '../../packages/server/src/store/sqlite/statements';
import type { TicketRecord } from '../../packages/server/src/store/store';

const MINUTE_MS = 60_000;
const DAY_MS = 1_440 * MINUTE_MS;
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** Tickets per roll-up statement: a few days of them, so each group's row is upserted a few times, not per ticket. */
const ROLL_UP_CHUNK = 1_000;

/** Category weights (sum 100) and a few things people write for each. */
const CATEGORIES: Record<string, { weight: number; descriptions: string[] }> = {
  malfunction: {
    weight: 30,
    descriptions: ['打开订单页面就闪退，重启手机也不行', '首页一直白屏，刷新好几次都打不开', '点击提交按钮没有反应，功能无法使用', '列表加载很慢，经常卡顿十几秒'],
  },
  payment: {
    weight: 20,
    descriptions: ['支付失败了但是银行卡被扣款了，订单显示未支付', '同一笔订单重复扣款两次，请退还多扣的钱', '申请退款一周了还没有到账', '优惠券没有抵扣，多付了钱'],
  },
  account: { weight: 12, descriptions: ['收不到短信验证码，无法登录', '账号被盗了，有陌生设备登录', '换了手机号以后没法换绑'] },
  experience: { weight: 12, descriptions: ['广告弹窗太多了，影响使用', '找不到修改收货地址的入口', '页面显示错乱，文字重叠在一起'] },
  service: { weight: 10, descriptions: ['客服一直不回复，等了两天了', '问题反馈了三次一直没有解决', '客服态度很差'] },
  suggestion: { weight: 8, descriptions: ['希望增加夜间模式', '建议订单列表可以按时间筛选', '希望能导出历史账单'] },
  privacy: { weight: 3, descriptions: ['没有同意就获取了我的位置信息', '想要注销账号并删除我的个人信息'] },
  other: { weight: 5, descriptions: ['收到疑似诈骗的短信，冒充你们的客服', '有商家发布违法违规内容'] },
};

const SUBTYPES: Record<string, string[]> = {};
for (const field of DEFAULT_FORM.fields) {
  if (field.id !== 'subtypes' || !('options' in field)) continue;
  for (const option of field.options) {
    const when = option.visibleWhen;
    const category = when && 'in' in when ? when.in?.[0] : undefined;
    if (category) (SUBTYPES[category] ??= []).push(option.value);
  }
}
const PLATFORMS = ['weapp', 'weapp', 'weapp', 'alipay', 'h5', 'tt'] as const;
const OPERATORS = ['客服小王', '客服小李', '客服小张', '客服小陈', '客服小刘', '客服小杨'];

export interface GenerateOptions {
  count: number;
  /** "Now" for the data: the newest ticket is created just before it (ms since epoch). */
  endMs: number;
  seed?: number;
  /**
   * Also write each ticket's `submitted` and `acknowledged` events (statistics never read
   * events; in a trial they about doubled the load time). Default false.
   */
  events?: boolean;
}

export interface GenerateResult {
  seconds: number;
  /** Of `seconds`, the time spent rebuilding the secondary indexes. */
  indexSeconds: number;
  statuses: Record<string, number>;
  responded: number;
  resolved: number;
  rated: number;
  reopened: number;
}

/**
 * Writes `count` tickets created over the year before `endMs` into an open, migrated, EMPTY
 * store, in one transaction. For the load only, the connection's temp store is kept in
 * memory and its page cache enlarged; the store that serves afterwards should be a new
 * connection.
 */
export function generateTickets(store: SqliteStore, options: GenerateOptions): GenerateResult {
  const db = store.database;
  const started = performance.now();
  let seed = options.seed ?? 0x5eed;
  // mulberry32, as in bench/store-stats.ts: every run measures the same data.
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Ids built from char codes in one go: flat strings, no per-character concatenation.
  const codes: number[] = [];
  const randomText = (prefix: string, length: number, alphabet: string) => {
    codes.length = 0;
    for (let i = 0; i < length; i += 1) codes.push(alphabet.charCodeAt(Math.floor(random() * alphabet.length)));
    return prefix + String.fromCharCode(...codes);
  };
  const id = (prefix: string) => randomText(`${prefix}_`, 26, ALPHABET);
  const hex = (length: number) => randomText('', length, '0123456789abcdef');
  const iso = (ms: number) => new Date(ms).toISOString();
  const categoryNames = Object.keys(CATEGORIES);
  const pickCategory = () => {
    let roll = random() * 100;
    for (const name of categoryNames) {
      roll -= CATEGORIES[name]!.weight;
      if (roll < 0) return name;
    }
    return 'other';
  };
  // Reporters: most file one or two tickets a year, so draw from a pool a third the size.
  const reporters = Array.from({ length: Math.max(1, Math.floor(options.count / 3)) }, () => hex(64));

  const { endMs, count } = options;
  const times = new Float64Array(count);
  for (let i = 0; i < count; i += 1) times[i] = endMs - 1 - Math.floor(random() * 365 * DAY_MS);
  times.sort();

  // Triage and keywords depend only on the answers, of which there are a few hundred kinds.
  const triaged = new Map<string, { priority: Priority; keywords: string[] }>();
  const sql = prepareStatements(db);
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -1048576'); // 1 GiB, this connection only
  const result: GenerateResult = { seconds: 0, indexSeconds: 0, statuses: {}, responded: 0, resolved: 0, rated: 0, reopened: 0 };
  // Secondary indexes are dropped for the load and rebuilt from their own definitions (the
  // SQL the migration created them with, as sqlite_master keeps it): one sorted build each
  // instead of a million random insertions. Unique and primary keys stay (the roll-ups look
  // tickets up by id).
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('tickets', 'events')")
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

  db.transaction(() => {
    const rollUp = new GroupRollUp(sql.rollUpTicketDays, sql.rollUpKeywordDays, sql.rollUpRatingDays);
    let unrolled = 0;
    for (let i = 0; i < count; i += 1) {
      const created = times[i]!;
      const createdAt = iso(created);
      const category = pickCategory();
      const subtypes = [pick(SUBTYPES[category] ?? ['other_issue'])];
      const description = pick(CATEGORIES[category]!.descriptions);
      const key = `${category}|${subtypes[0]}|${description}`;
      let derived = triaged.get(key);
      if (!derived) {
        derived = { priority: triage({ category, subtypes, text: description }).priority, keywords: keywordsIn(description) };
        triaged.set(key, derived);
      }
      const { priority } = derived;
      const due = slaDueTimes(priority, created);
      const answers: Record<string, unknown> = { category, subtypes, description };
      if (category === 'payment') answers.amount = `${10 + Math.floor(random() * 490)}.00`;

      // Response and resolution scatter around the SLA; the future has not happened yet.
      const rejected = random() < 0.02;
      let responded: number | null = null;
      let resolved: number | null = null;
      if (!rejected && random() < 0.92) {
        const at = created + DEFAULT_SLA_POLICY.firstResponseMinutes[priority] * MINUTE_MS * Math.exp(-0.4 + 0.8 * gaussian());
        if (at < endMs) responded = Math.floor(at);
      }
      if (responded !== null && random() < 0.85) {
        const at = responded + DEFAULT_SLA_POLICY.resolutionMinutes[priority] * MINUTE_MS * Math.exp(-0.8 + 0.9 * gaussian());
        if (at < endMs) resolved = Math.floor(at);
      }
      let status: TicketStatus = rejected ? 'rejected' : resolved !== null ? 'resolved' : responded !== null ? 'in_progress' : 'acknowledged';
      let reopenCount = 0;
      let ratingScore: number | null = null;
      let ratedAt: string | null = null;
      let closedAt: string | null = null;
      if (resolved !== null) {
        if (random() < 0.35 && resolved + 2 * 3_600_000 < endMs) {
          const roll = random();
          ratingScore = roll < 0.5 ? 5 : roll < 0.7 ? 4 : roll < 0.8 ? 3 : roll < 0.88 ? 2 : 1;
          ratedAt = iso(resolved + Math.floor(random() * 2 * 3_600_000));
        }
        if (random() < 0.05) {
          reopenCount = 1;
          // Reopened: half still open, half resolved again a day later.
          if (random() < 0.5 || resolved + DAY_MS >= endMs) {
            status = 'reopened';
            resolved = null;
          } else resolved += DAY_MS;
        }
        if (resolved !== null && resolved + 7 * DAY_MS < endMs && random() < 0.4) {
          status = 'closed';
          closedAt = iso(resolved + 7 * DAY_MS);
        }
      }
      const ticket: TicketRecord = {
        id: id('tk'),
        clientId: `${hex(8)}-${hex(4)}-7${hex(3)}-8${hex(3)}-${hex(12)}`,
        reporterId: pick(reporters),
        status,
        priority,
        category,
        subtypes,
        summary: description,
        searchText: `${category} ${subtypes.join(' ')} ${description}`,
        keywords: derived.keywords,
        formId: DEFAULT_FORM.id,
        formVersion: DEFAULT_FORM.version,
        answers,
        context: { platform: pick(PLATFORMS), sdkVersion: '0.1.0', appVersion: '3.2.1', locale: 'zh_CN' },
        contact: random() < 0.5 ? { phone: `138${hex(8).replace(/[a-f]/g, '0')}` } : null,
        attachments: [],
        assignee: responded !== null && random() < 0.6 ? pick(OPERATORS) : null,
        team: null,
        channel: 'app',
        submittedAt: createdAt,
        createdAt,
        updatedAt: iso(Math.max(created, resolved ?? responded ?? created)),
        firstResponseDueAt: due.firstResponseDueAt.toISOString(),
        resolutionDueAt: due.resolutionDueAt.toISOString(),
        firstRespondedAt: responded === null ? null : iso(responded),
        resolvedAt: resolved === null ? null : iso(resolved),
        closedAt,
        ratingScore,
        ratingComment: ratingScore !== null && ratingScore <= 2 ? '问题还是没有解决' : null,
        ratedAt,
        reopenCount,
        unread: responded !== null && random() < 0.3 ? 1 : 0,
      };
      const params = ticketParams(ticket);
      rollUp.ticket(sql.insertTicket.run(params).lastInsertRowid, params.ratingScore);
      if (options.events) {
        for (const event of openingEvents(ticket, acknowledgementText(priority), () => id('ev'))) sql.insertEvent.run(eventParams(event));
      }
      for (const keyword of ticket.keywords) {
        if (sql.insertKeyword.run(ticket.id, keyword, params.createdAt).changes === 1) rollUp.keyword(params.createdAt, keyword);
      }
      unrolled += 1;
      if (unrolled === ROLL_UP_CHUNK) {
        rollUp.run();
        unrolled = 0;
      }

      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      if (responded !== null) result.responded += 1;
      if (ticket.resolvedAt !== null) result.resolved += 1;
      if (ratingScore !== null) result.rated += 1;
      if (reopenCount > 0) result.reopened += 1;
    }
    rollUp.run();
  })();
  const indexed = performance.now();
  db.transaction(() => {
    for (const index of indexes) db.exec(index.sql);
  })();
  result.indexSeconds = (performance.now() - indexed) / 1000;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

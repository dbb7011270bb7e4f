import { PRIORITIES, type Priority } from '../model';
import { DEFAULT_PRIORITY_RULES, DEFAULT_SELF_HELP, DEFAULT_TRIAGE_RULES } from './default-rules';

/** Raises the priority when the normalised text contains any of `keywords`. */
export type KeywordRule = {
  id: string;
  keywords: string[];
  priority: Priority;
  /** Only applies to these categories; absent means every category. */
  categories?: string[];
};

/**
 * A help article offered before (or instead of) a ticket. It is suggested when any of its
 * conditions matches: the category, one of the subtypes, or a keyword in the text.
 */
export type SelfHelpArticle = {
  id: string;
  categories?: string[];
  subtypes?: string[];
  keywords?: string[];
  title: { 'zh-CN': string; 'en-US'?: string };
  url?: string;
  body?: { 'zh-CN': string; 'en-US'?: string };
};

/** Everything triage decides by. Plain data, so an integrator can replace or extend it. */
/** The priority half of the rules: small, and all a device needs to promise an SLA. */
export type PriorityRules = Omit<TriageRules, 'selfHelp'>;

export type TriageRules = {
  categoryPriority: Record<string, Priority>;
  subtypePriority: Record<string, Priority>;
  keywordRules: KeywordRule[];
  selfHelp: SelfHelpArticle[];
  /** Used only when nothing in the input is known to the rules. */
  defaultPriority: Priority;
};

/** The answers triage looks at: the form's category, subtypes and description. */
export type TriageInput = { category?: string; subtypes?: readonly string[]; text?: string };

export type TriageResult = {
  priority: Priority;
  category: string | undefined;
  /** Ids of the rules that set `priority`: `category:<id>`, `subtype:<id>` or a keyword rule id. */
  reasons: string[];
  suggestions: SelfHelpArticle[];
};

// Fallback for runtimes built without ICU, where `normalize` may be missing or a no-op:
// full-width ASCII (U+FF01–FF5E) is what Chinese keyboards actually produce.
const FULL_WIDTH = /[\uff01-\uff5e]/g;

/**
 * Folds text so keywords match however it was typed: NFKC (full-width → half-width),
 * lowercase, and no whitespace at all, since Chinese is not split by spaces and people
 * write "支付 失败" as readily as "支付失败".
 *
 * @example normalizeText('ＡＰＰ 闪退 了') // 'app闪退了'
 */
export function normalizeText(text: string): string {
  const folded = typeof text.normalize === 'function' ? text.normalize('NFKC') : text;
  return folded
    .replace(FULL_WIDTH, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .toLowerCase()
    .replace(/\s+/g, '');
}

// Lookups use own properties only: category ids come from users' answers, and
// `constructor` must not resolve to Object.prototype's.
function lookup(map: Record<string, Priority>, key: string): Priority | undefined {
  if (!Object.prototype.hasOwnProperty.call(map, key)) return undefined;
  const value = map[key];
  return value !== undefined && PRIORITIES.includes(value) ? value : undefined;
}

/**
 * Each keyword list's normalised needles, worked out once per list instead of on every
 * call (triage runs for every keystroke on a device and every submission on a server).
 * The list's words are kept beside them, so a list changed in place is normalised again.
 */
const needleCache = new WeakMap<readonly string[], { words: string[]; needles: string[] }>();

function needlesOf(keywords: readonly string[]): string[] {
  const cached = needleCache.get(keywords);
  if (cached && cached.words.length === keywords.length && cached.words.every((word, i) => word === keywords[i])) return cached.needles;
  const needles = keywords.map(normalizeText).filter((needle) => needle !== '');
  needleCache.set(keywords, { words: keywords.slice(), needles });
  return needles;
}

function mentions(text: string, keywords: readonly string[] | undefined): boolean {
  return keywords !== undefined && needlesOf(keywords).some((needle) => text.includes(needle));
}

/**
 * The priority alone: the most urgent of what the category, the subtypes and the matched
 * keyword rules say; only when none of them applies is it `rules.defaultPriority`.
 * `reasons` names the rules that set it.
 *
 * @example prioritize({ category: 'malfunction', text: '更新后一打开就闪退' }) // { priority: 'medium', reasons: [...] }
 */
export function prioritize(input: TriageInput, rules: PriorityRules = DEFAULT_PRIORITY_RULES): { priority: Priority; reasons: string[] } {
  const { category } = input;
  const text = normalizeText(input.text || '');
  const votes: { id: string; priority: Priority }[] = [];
  const vote = (id: string, priority: Priority | undefined) => {
    if (priority) votes.push({ id, priority });
  };
  if (category !== undefined) vote(`category:${category}`, lookup(rules.categoryPriority, category));
  for (const subtype of new Set(input.subtypes || [])) vote(`subtype:${subtype}`, lookup(rules.subtypePriority, subtype));
  for (const rule of rules.keywordRules) {
    const applies = !rule.categories || (category !== undefined && rule.categories.includes(category));
    if (applies && PRIORITIES.includes(rule.priority) && mentions(text, rule.keywords)) vote(rule.id, rule.priority);
  }
  // PRIORITIES runs from most to least urgent, so the lowest index wins.
  const rank = Math.min(...votes.map((v) => PRIORITIES.indexOf(v.priority)));
  const priority = votes.length ? PRIORITIES[rank]! : rules.defaultPriority;
  return { priority, reasons: votes.filter((v) => v.priority === priority).map((v) => v.id) };
}

/**
 * The self-help articles worth showing for what the reporter has picked and typed so far.
 *
 * @example suggestSelfHelp({ category: 'payment', text: '支付失败' })[0].title['zh-CN'] // '支付失败？先看看这些解决办法'
 */
export function suggestSelfHelp(input: TriageInput, articles: readonly SelfHelpArticle[] = DEFAULT_SELF_HELP): SelfHelpArticle[] {
  const { category } = input;
  const subtypes = input.subtypes || [];
  const text = normalizeText(input.text || '');
  return articles.filter(
    (article) =>
      (category !== undefined && article.categories !== undefined && article.categories.includes(category)) ||
      (article.subtypes !== undefined && subtypes.some((subtype) => article.subtypes!.includes(subtype))) ||
      mentions(text, article.keywords),
  );
}

/**
 * Decides a ticket's priority and the self-help worth showing ({@link prioritize} and
 * {@link suggestSelfHelp} with one set of rules).
 *
 * @example triage({ category: 'payment', text: '昨天支付失败了但是银行卡被扣款了' })
 * // { priority: 'high', category: 'payment', reasons: ['category:payment', 'money'], suggestions: [payment FAQ] }
 */
export function triage(input: TriageInput, rules: TriageRules = DEFAULT_TRIAGE_RULES): TriageResult {
  const { priority, reasons } = prioritize(input, rules);
  return { priority, reasons, category: input.category, suggestions: suggestSelfHelp(input, rules.selfHelp) };
}

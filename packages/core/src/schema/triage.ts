import { z } from 'zod';
import { LIMITS } from '../limits';
import { LocalizedText, PrioritySchema, Slug, text } from './primitives';

/** The triage rules operators edit (core's `KeywordRule` and `SelfHelpArticle`, as schemas). */

const Keyword = text().trim().min(1).max(LIMITS.idMaxLength);
const MAX_KEYWORD_RULES = 50;
const MAX_KEYWORDS_PER_RULE = 50;
/** FAQ entries a server keeps. */
export const MAX_SELF_HELP_ARTICLES = 100;

/** Raises a ticket's priority when its text mentions one of `keywords` (core's `KeywordRule`). */
export const KeywordRuleSchema = z
  .strictObject({
    id: Slug,
    keywords: z.array(Keyword).min(1).max(MAX_KEYWORDS_PER_RULE),
    priority: PrioritySchema,
    /** Only for these categories; absent: every category. */
    categories: z.array(Slug).max(LIMITS.fieldMaxOptions).optional(),
  })
  .meta({ id: 'KeywordRule' });

/** Triage settings: keyword rules decide priority and feed the "hot keywords" statistics. */
export const TriageSettings = z
  .strictObject({ keywordRules: z.array(KeywordRuleSchema).max(MAX_KEYWORD_RULES) })
  .meta({ id: 'TriageSettings' });

/** A self-help FAQ entry offered before a ticket (core's `SelfHelpArticle`). */
export const SelfHelpArticleSchema = z
  .strictObject({
    id: Slug,
    categories: z.array(Slug).max(LIMITS.fieldMaxOptions).optional(),
    subtypes: z.array(Slug).max(LIMITS.fieldMaxOptions).optional(),
    keywords: z.array(Keyword).max(MAX_KEYWORDS_PER_RULE).optional(),
    title: LocalizedText,
    url: z.url({ protocol: /^https?$/ }).max(LIMITS.shortTextMaxLength).optional(),
    body: z
      .strictObject({
        'zh-CN': text().min(1).max(LIMITS.longTextMaxLength),
        'en-US': text().min(1).max(LIMITS.longTextMaxLength).optional(),
      })
      .optional(),
  })
  .meta({ id: 'SelfHelpArticle' });


export { DEFAULT_PRIORITY_RULES, DEFAULT_SELF_HELP, DEFAULT_TRIAGE_RULES } from './default-rules';
export {
  normalizeText,
  prioritize,
  suggestSelfHelp,
  triage,
  type KeywordRule,
  type PriorityRules,
  type SelfHelpArticle,
  type TriageInput,
  type TriageResult,
  type TriageRules,
} from './triage';

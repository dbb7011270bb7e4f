export { DEFAULT_TRIAGE_RULES } from './default-rules';
export {
  normalizeText,
  triage,
  type KeywordRule,
  type SelfHelpArticle,
  type TriageInput,
  type TriageResult,
  type TriageRules,
} from './triage';

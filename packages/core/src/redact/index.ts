export {
  findPii,
  redactDeep,
  redactPii,
  PII_KINDS,
  REDACT_CIRCULAR,
  REDACT_MAX_DEPTH,
  REDACT_TRUNCATED,
  type PiiKind,
  type PiiMatch,
  type RedactOptions,
} from './redact';

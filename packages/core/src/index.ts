/**
 * `@fankui/core` — the platform-free, zod-free heart of Fankui: the default 反馈与投诉 form
 * and answer validation, the ticket lifecycle, triage, SLA policy, PII redaction, i18n,
 * and the protocol's types. Safe to bundle into a mini-program: it touches no platform
 * global and pulls in no dependency. The zod schemas live in `@fankui/core/schema`.
 */
export * from './model';
export * from './limits';
export * from './errors';
export * from './i18n/index';
export * from './form/index';
export * from './lifecycle/index';
export * from './sla/index';
export * from './triage/index';
export * from './redact/index';
export type * from './types';

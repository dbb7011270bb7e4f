/**
 * `@fankui/core/schema` — the zod schemas of protocol v1 and of form definitions, for
 * servers, docs and tools. Mini-program bundles import `@fankui/core` instead (no zod).
 */
export * from './primitives';
export * from './form';
export * from './submission';
export * from './ticket';
export * from './config';
export * from './admin';
export * from './triage';
export * from './settings';
export * from './teams';
export * from './errors';
export * from './batch';
export * from './meta';
export * from './webhooks';
export * from './alerts';
export * from './privacy';
export * from './routes';
export { buildOpenApiDocument } from './openapi';

import type { ConformanceCase } from '../types';
import { ADMIN_CASES } from './admin';
import { REPORTER_CASES } from './reporter';

/**
 * Every case of protocol v1's behavioural contract, in run order: reporter stage first,
 * then admin; the Retry-After case reads what the others saw, so it runs last.
 */
export const CASES: readonly ConformanceCase[] = [
  ...REPORTER_CASES.filter((entry) => entry.id !== 'throttling.retry-after'),
  ...ADMIN_CASES,
  ...REPORTER_CASES.filter((entry) => entry.id === 'throttling.retry-after'),
];

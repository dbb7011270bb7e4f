import { describe, expect, it } from 'vitest';
import { BUDGETS, formatResult, measure } from '../scripts/size';

// Runs over the built output: `npm test` builds first.
describe('bundle size budgets', () => {
  for (const budget of BUDGETS) {
    it(`${budget.name} stays within its budget`, async () => {
      const result = await measure(budget);
      console.log(formatResult(result));
      expect(result.forbidden).toEqual([]);
      if (result.limit !== null) expect(result.gzipped).toBeLessThanOrEqual(result.limit);
    });
  }
});

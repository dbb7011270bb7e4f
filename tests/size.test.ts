import { describe, expect, it } from 'vitest';
import { BUDGETS, formatDirectory, formatResult, measure, measureMiniprogramDist } from '../scripts/size';

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

  it('@fankui/weapp: the whole miniprogram_dist stays within its raw budget', () => {
    const result = measureMiniprogramDist();
    console.log(formatDirectory(result));
    expect(result.raw).toBeLessThanOrEqual(result.limit);
  });
});

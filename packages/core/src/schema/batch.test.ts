import { describe, expect, it } from 'vitest';
import { parseSubmissionBatch } from './batch';
import { sampleSubmission } from './fixtures';

describe('parseSubmissionBatch', () => {
  it('checks items one by one so one bad item does not fail the batch', () => {
    const good = sampleSubmission();
    const bad = { ...sampleSubmission({ id: '0192f1e2-7b3c-7d4e-8f90-a1b2c3d4e5f7' }), createdAt: 'not a date' };
    const parsed = parseSubmissionBatch({ submissions: [good, bad, 42] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.items.map((item) => item.ok)).toEqual([true, false, false]);
    expect(parsed.items[1]).toMatchObject({ ok: false, id: bad.id, issues: [expect.objectContaining({ path: 'createdAt' })] });
    expect(parsed.items[2]).toMatchObject({ ok: false, id: null });
  });

  it('fails the whole request only when the envelope is wrong', () => {
    for (const body of [null, [], {}, { submissions: [] }, { submissions: 'x' }, { submissions: Array(51).fill({}) }]) {
      expect(parseSubmissionBatch(body).ok, JSON.stringify(body)?.slice(0, 40)).toBe(false);
    }
  });

  it('does not echo absurd ids back', () => {
    const parsed = parseSubmissionBatch({ submissions: [{ id: 'x'.repeat(10_000) }] });
    expect(parsed.ok && parsed.items[0]).toMatchObject({ ok: false, id: null });
  });
});

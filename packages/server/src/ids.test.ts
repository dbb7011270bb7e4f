import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  it('is the prefix and a lower-case ULID: 26 Crockford base32 characters', () => {
    expect(newId('tk')).toMatch(/^tk_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(newId('at')).toMatch(/^at_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('starts with the creation time, so ids sort by it', () => {
    // The ULID specification's example: ulid(1469918176385) starts 01ARYZ6S41.
    expect(newId('tk', 1_469_918_176_385).slice(3, 13)).toBe('01aryz6s41');
    const times = [0, 1, 31, 32, 1_700_000_000_000, 1_700_000_000_001, 2 ** 48 - 1];
    const ids = times.map((time) => newId('ev', time));
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]!.slice(3, 13)).toBe('0000000000');
    expect(ids.at(-1)!.slice(3, 13)).toBe('7zzzzzzzzz');
  });

  it('never repeats, also within one millisecond', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId('tk', 1_700_000_000_000)));
    expect(ids.size).toBe(20_000);
  });

  it('spreads the random part evenly over the alphabet', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4_000; i++) for (const char of newId('tk').slice(13)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(32);
    // 64,000 characters over 32 symbols: 2,000 each; ±15 % is far outside chance.
    for (const count of counts.values()) expect(Math.abs(count - 2_000)).toBeLessThan(300);
  });
});

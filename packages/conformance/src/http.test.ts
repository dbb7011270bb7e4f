import { describe, expect, it } from 'vitest';
import { waitSeconds } from './http';

describe('waitSeconds', () => {
  it('reads Retry-After as seconds or an HTTP date, capped, 1 s when absent or unreadable', () => {
    const now = Date.parse('2026-11-23T08:30:00Z');
    expect(waitSeconds('3', now)).toBe(3);
    expect(waitSeconds('120', now)).toBe(10);
    expect(waitSeconds('Mon, 23 Nov 2026 08:30:02 GMT', now)).toBe(2);
    expect(waitSeconds('Mon, 23 Nov 2026 08:00:00 GMT', now)).toBe(0);
    expect(waitSeconds(null, now)).toBe(1);
    expect(waitSeconds('soon', now)).toBe(1);
  });
});

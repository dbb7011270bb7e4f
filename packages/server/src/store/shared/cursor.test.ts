import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursorError, checkLimit, decodeCursor, encodeCursor, toPage } from './cursor';

const position = fc.record({
  createdAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  id: fc.string({ minLength: 1, maxLength: 128, unit: 'grapheme' }).filter((id) => id.length <= 128),
});

describe('cursor', () => {
  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(position, (p) => {
        expect(decodeCursor(encodeCursor(p))).toEqual(p);
      }),
    );
  });

  it('is URL-safe', () => {
    fc.assert(
      fc.property(position, (p) => {
        expect(encodeCursor(p)).toMatch(/^[A-Za-z0-9_-]+$/);
      }),
    );
  });

  it('rejects anything else with InvalidCursorError only', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (garbage) => {
        try {
          const decoded = decodeCursor(garbage);
          // The rare string that happens to be a valid cursor must decode to a valid position.
          expect(decoded.createdAt).toBe(new Date(decoded.createdAt).toISOString());
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidCursorError);
          expect((error as InvalidCursorError).code).toBe('invalid_cursor');
        }
      }),
    );
  });

  it('cuts a limit + 1 fetch into a page with a cursor at its last row', () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: `2026-03-0${n}T00:00:00.000Z`, id: `t${n}` }));
    expect(toPage(rows, 3)).toEqual({ items: rows, nextCursor: null });
    const page = toPage(rows, 2);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor(page.nextCursor as string)).toEqual(rows[1]);
  });

  it('accepts page sizes 1..1000 only', () => {
    for (const bad of [0, -1, 1.5, 1001, Number.NaN]) expect(() => checkLimit(bad)).toThrow(RangeError);
    expect(() => checkLimit(1)).not.toThrow();
    expect(() => checkLimit(1000)).not.toThrow();
  });
});

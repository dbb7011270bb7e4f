import { describe, expect, it } from 'vitest';
import { toHex, utf8Length, uuidv7 } from './ids';

describe('uuidv7', () => {
  it('is a version-7, RFC 9562 variant UUID carrying the time', () => {
    const now = Date.parse('2026-11-23T08:00:00.123Z');
    const id = uuidv7(now, new Uint8Array(10).fill(0xff));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });
  it('sorts by creation time', () => {
    const random = new Uint8Array(10);
    const ids = [1, 2, 1_000, 2 ** 40].map((offset) => uuidv7(1_700_000_000_000 + offset, random));
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('utf8Length', () => {
  it('counts bytes as UTF-8 does', () => {
    for (const text of ['', 'abc', 'é', '反馈与投诉', '😀 ok', '\u07ff\u0800']) expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });
});

describe('toHex', () => {
  it('pads every byte', () => expect(toHex(new Uint8Array([0, 15, 16, 255]))).toBe('000f10ff'));
});

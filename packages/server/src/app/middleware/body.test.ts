import { describe, expect, it } from 'vitest';
import { isJsonContentType, nestingDepth } from './body';

describe('JSON body helpers', () => {
  it('measures nesting outside strings only', () => {
    expect(nestingDepth('{}')).toBe(1);
    expect(nestingDepth('{"a":[{"b":[]}]}')).toBe(4);
    expect(nestingDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(nestingDepth('{"a":"\\"[[["}')).toBe(1);
    expect(nestingDepth('['.repeat(10_000))).toBe(10_000);
    expect(nestingDepth('42')).toBe(0);
  });

  it('accepts JSON media types only', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('Application/JSON')).toBe(true);
    expect(isJsonContentType('application/merge-patch+json')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType('application/x-www-form-urlencoded')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });
});

import { ClientId } from '@fankui/core/schema';
import { describe, expect, it } from 'vitest';
import { reporterSecret, ulid, uuidv7 } from './ids';

describe('ids', () => {
  it('makes UUIDv7s and ULIDs that the protocol takes as idempotency keys, and 64-hex secrets', () => {
    const now = Date.parse('2026-11-23T08:30:00Z');
    const uuid = uuidv7(now);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(uuid.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
    expect(ClientId.safeParse(uuid).success).toBe(true);
    expect(ClientId.safeParse(ulid(now)).success).toBe(true);
    expect(ulid(now).slice(0, 10)).toBe(ulid(now).slice(0, 10));
    expect(reporterSecret()).toMatch(/^[0-9a-f]{64}$/);
    expect(uuidv7()).not.toBe(uuidv7());
  });
});

import { describe, expect, it } from 'vitest';
import { FankuiError } from '../errors';
import {
  DEFAULT_SLA_POLICY,
  acknowledgementText,
  formatDuration,
  slaDueTimes,
  slaState,
  validateSlaPolicy,
  type SlaPolicy,
} from './sla';

const created = '2026-03-02T09:00:00.000+08:00';
const plus = (minutes: number, ms = 0) => new Date(Date.parse(created) + minutes * 60_000 + ms);

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('DEFAULT_SLA_POLICY', () => {
  it('promises what the design says', () => {
    expect(DEFAULT_SLA_POLICY.firstResponseMinutes).toEqual({ high: 30, medium: 240, low: 1440 });
    expect(DEFAULT_SLA_POLICY.resolutionMinutes).toEqual({ high: 24 * 60, medium: 72 * 60, low: 7 * 24 * 60 });
    expect(validateSlaPolicy(DEFAULT_SLA_POLICY)).toBe(DEFAULT_SLA_POLICY);
  });
});

describe('slaDueTimes', () => {
  it('adds the windows to the creation time, whatever form it comes in', () => {
    const expected = { firstResponseDueAt: plus(30), resolutionDueAt: plus(24 * 60) };
    expect(slaDueTimes('high', created)).toEqual(expected);
    expect(slaDueTimes('high', new Date(created))).toEqual(expected);
    expect(slaDueTimes('high', Date.parse(created))).toEqual(expected);
    expect(slaDueTimes('low', created).resolutionDueAt.toISOString()).toBe('2026-03-09T01:00:00.000Z');
  });

  it('follows a custom policy', () => {
    const policy: SlaPolicy = {
      firstResponseMinutes: { high: 10, medium: 60, low: 120 },
      resolutionMinutes: { high: 60, medium: 600, low: 6000 },
    };
    expect(slaDueTimes('medium', created, policy)).toEqual({ firstResponseDueAt: plus(60), resolutionDueAt: plus(600) });
  });

  it('refuses an unreadable creation time instead of computing Invalid Dates', () => {
    expect(caught(() => slaDueTimes('high', 'yesterday-ish'))).toMatchObject({ code: 'invalid_date', details: { field: 'createdAt' } });
  });
});

describe('slaState', () => {
  const high = { priority: 'high' as const, createdAt: created };

  it('runs both clocks on a fresh ticket', () => {
    expect(slaState(high, plus(1))).toEqual({ firstResponse: 'pending', resolution: 'pending', overdue: false });
  });

  it('turns at_risk once under 20% of the window remains', () => {
    // 30-minute window: at risk when fewer than 6 minutes are left, i.e. after minute 24.
    expect(slaState(high, plus(24)).firstResponse).toBe('pending');
    expect(slaState(high, plus(24, 1)).firstResponse).toBe('at_risk');
    expect(slaState(high, plus(30)).firstResponse).toBe('at_risk');
  });

  it('breaches one millisecond after the deadline, and only then is overdue', () => {
    expect(slaState(high, plus(30))).toMatchObject({ firstResponse: 'at_risk', overdue: false });
    expect(slaState(high, plus(30, 1))).toEqual({ firstResponse: 'breached', resolution: 'pending', overdue: true });
  });

  it('counts a reply exactly at the deadline as met, a millisecond later as breached', () => {
    expect(slaState({ ...high, firstRespondedAt: plus(30) }, plus(60)).firstResponse).toBe('met');
    const late = slaState({ ...high, firstRespondedAt: plus(30, 1) }, plus(60));
    // Late, but answered: a breach on record, not overdue work.
    expect(late).toEqual({ firstResponse: 'breached', resolution: 'pending', overdue: false });
  });

  it('is overdue when the resolution clock passes its deadline unresolved', () => {
    const answered = { ...high, firstRespondedAt: plus(5) };
    expect(slaState(answered, plus(24 * 60 - 1))).toEqual({ firstResponse: 'met', resolution: 'at_risk', overdue: false });
    expect(slaState(answered, plus(24 * 60 + 1))).toEqual({ firstResponse: 'met', resolution: 'breached', overdue: true });
  });

  it('treats a resolution as the first response when nobody replied separately', () => {
    expect(slaState({ ...high, resolvedAt: plus(20) }, plus(3000))).toEqual({
      firstResponse: 'met',
      resolution: 'met',
      overdue: false,
    });
    // Resolved late: both clocks are breached on record, nothing is overdue any more.
    expect(slaState({ ...high, resolvedAt: plus(25 * 60), firstRespondedAt: null }, plus(3000))).toEqual({
      firstResponse: 'breached',
      resolution: 'breached',
      overdue: false,
    });
  });

  it('reads ISO strings from the wire with null for "not yet"', () => {
    const row = { priority: 'low' as const, createdAt: created, firstRespondedAt: null, resolvedAt: null };
    expect(slaState(row, '2026-03-03T08:00:00+08:00')).toEqual({ firstResponse: 'at_risk', resolution: 'pending', overdue: false });
  });

  it('refuses an invalid now', () => {
    expect(caught(() => slaState(high, Number.NaN))).toMatchObject({ code: 'invalid_date', details: { field: 'now' } });
  });
});

describe('validateSlaPolicy', () => {
  const withValue = (clock: keyof SlaPolicy, value: unknown) => ({
    ...DEFAULT_SLA_POLICY,
    [clock]: { ...DEFAULT_SLA_POLICY[clock], medium: value },
  });

  it.each([-5, 0, Number.NaN, Number.POSITIVE_INFINITY, '240', null, undefined])('rejects %s minutes', (value) => {
    for (const clock of ['firstResponseMinutes', 'resolutionMinutes'] as const) {
      const error = caught(() => validateSlaPolicy(withValue(clock, value)));
      expect(error).toBeInstanceOf(FankuiError);
      expect(error).toMatchObject({ code: 'invalid_sla_policy', details: { path: `${clock}.medium` } });
    }
  });

  it.each([null, 'fast', {}, { firstResponseMinutes: DEFAULT_SLA_POLICY.firstResponseMinutes }])(
    'rejects a malformed policy %j',
    (policy) => {
      expect(caught(() => validateSlaPolicy(policy))).toMatchObject({ code: 'invalid_sla_policy' });
    },
  );

  it('accepts fractional minutes', () => {
    expect(() => validateSlaPolicy(withValue('firstResponseMinutes', 0.5))).not.toThrow();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 分钟', '0 minutes'],
    [1, '1 分钟', '1 minute'],
    [30, '30 分钟', '30 minutes'],
    [60, '1 小时', '1 hour'],
    [90, '1 小时 30 分钟', '1 hour 30 minutes'],
    [240, '4 小时', '4 hours'],
    [1440, '24 小时', '24 hours'],
    [48 * 60, '48 小时', '48 hours'],
    [48 * 60 + 1, '2 天 1 分钟', '2 days 1 minute'],
    [72 * 60, '3 天', '3 days'],
    [26 * 60 + 2 * 24 * 60, '3 天 2 小时', '3 days 2 hours'],
    [7 * 24 * 60, '7 天', '7 days'],
    [29.6, '30 分钟', '30 minutes'],
  ])('%s minutes → %s / %s', (minutes, zh, en) => {
    expect(formatDuration(minutes)).toBe(zh);
    expect(formatDuration(minutes, 'zh-CN')).toBe(zh);
    expect(formatDuration(minutes, 'en-US')).toBe(en);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (minutes) => {
    expect(caught(() => formatDuration(minutes))).toMatchObject({ code: 'invalid_duration' });
  });
});

describe('acknowledgementText', () => {
  it('promises the first-response window of the priority', () => {
    expect(acknowledgementText('high')).toBe('已收到，正在处理中，我们将在 30 分钟内回复');
    expect(acknowledgementText('medium', 'zh-CN')).toBe('已收到，正在处理中，我们将在 4 小时内回复');
    expect(acknowledgementText('low')).toBe('已收到，正在处理中，我们将在 24 小时内回复');
    expect(acknowledgementText('high', 'en-US')).toBe('Received — we are on it and will reply within 30 minutes');
    expect(acknowledgementText('low', 'en-US')).toBe('Received — we are on it and will reply within 24 hours');
  });

  it('uses the integrator policy', () => {
    const policy = { ...DEFAULT_SLA_POLICY, firstResponseMinutes: { high: 60, medium: 120, low: 3 * 24 * 60 } };
    expect(acknowledgementText('high', 'en-US', policy)).toBe('Received — we are on it and will reply within 1 hour');
    expect(acknowledgementText('low', 'zh-CN', policy)).toBe('已收到，正在处理中，我们将在 3 天内回复');
  });
});

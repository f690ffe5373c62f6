import { DomainError } from '@weop/contracts';
import { statsRange } from './stats-range';

const NOW = new Date('2026-03-15T22:30:00Z');

const refusal = (input: { from?: string; to?: string }): DomainError => {
  try {
    statsRange(input, NOW);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
};

describe('statsRange', () => {
  it('covers the last 30 UTC days, today included, when no dates are given', () => {
    expect(statsRange({}, NOW)).toEqual({ from: '2026-02-14', to: '2026-03-15', days: 30 });
    // Just after midnight UTC it is already the next day, whatever the server's own time zone.
    expect(statsRange({}, new Date('2026-03-16T00:00:01Z')).to).toBe('2026-03-16');
  });

  it('takes the 30 days before a given end, and a given start up to today', () => {
    expect(statsRange({ to: '2026-01-31' }, NOW)).toEqual({ from: '2026-01-02', to: '2026-01-31', days: 30 });
    expect(statsRange({ from: '2026-03-01' }, NOW)).toEqual({ from: '2026-03-01', to: '2026-03-15', days: 15 });
  });

  it('counts a single day, and allows a whole leap year but not a day more', () => {
    expect(statsRange({ from: '2026-03-01', to: '2026-03-01' }, NOW).days).toBe(1);
    expect(statsRange({ from: '2024-01-01', to: '2024-12-31' }, NOW).days).toBe(366);
    const tooLong = refusal({ from: '2024-01-01', to: '2025-01-01' });
    expect(tooLong.code).toBe('VALIDATION_FAILED');
    expect(tooLong.details).toEqual([{ field: 'to', problem: 'must make a span of at most 366 days' }]);
    expect(tooLong.message).toContain('367 days');
    // With the end left out, the start is what reaches too far.
    expect(refusal({ from: '2020-01-01' }).details).toEqual([{ field: 'from', problem: 'must make a span of at most 366 days' }]);
  });

  it('refuses a start after the end, saying so', () => {
    const backwards = refusal({ from: '2026-03-02', to: '2026-03-01' });
    expect(backwards.code).toBe('VALIDATION_FAILED');
    expect(backwards.message).toBe('from (2026-03-02) is after to (2026-03-01): the span must run forward.');
    expect(backwards.details).toEqual([{ field: 'from', problem: 'must not be after to' }]);
    expect(refusal({ from: '2026-04-01' }).details).toEqual([{ field: 'from', problem: 'must not be after to' }]);
  });

  it.each([
    ['2025-02-29', 'from'],
    ['2026-13-01', 'to'],
    ['2026-04-31', 'from'],
    ['2026-3-1', 'to'],
    ['1999-12-31', 'from'],
    ['0000-01-01', 'to'],
  ] as const)('refuses %s as %s', (value, field) => {
    const refused = refusal({ [field]: value });
    expect(refused.code).toBe('VALIDATION_FAILED');
    expect(refused.details).toEqual([{ field, problem: expect.any(String) }]);
    expect(refused.message).toContain(value);
  });

  it('accepts a leap day', () => {
    expect(statsRange({ from: '2024-02-29', to: '2024-02-29' }, NOW).from).toBe('2024-02-29');
  });
});

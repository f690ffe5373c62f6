import { DomainError } from '@weop/contracts';
import { assertUnderLimit, messageText, recipients } from './conversation-rules';

const refusal = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('not refused');
};

describe('conversation rules', () => {
  it('keeps the text trimmed and refuses it empty or too long, naming the field', () => {
    expect(messageText('  Salem!\n', 100)).toBe('Salem!');
    expect(refusal(() => messageText(' \n\t ', 100)).details).toEqual([{ field: 'text', problem: 'must not be empty' }]);
    expect(refusal(() => messageText('a'.repeat(101), 100)).details).toEqual([{ field: 'text', problem: 'must be at most 100 characters' }]);
  });

  it('refuses writing to herself and groups above the limit', () => {
    expect(recipients('me', ['a', 'b'], 3)).toEqual(['a', 'b']);
    expect(refusal(() => recipients('me', ['a', 'me'], 10)).details).toEqual([{ field: 'memberIds', problem: 'must not include yourself' }]);
    expect(refusal(() => recipients('me', ['a', 'b', 'c'], 3)).code).toBe('VALIDATION_FAILED');
  });

  it('says how long until the oldest act leaves the window', () => {
    const now = new Date('2026-11-28T10:00:00Z');
    const times = [new Date('2026-11-28T09:59:30Z'), new Date('2026-11-28T09:59:50Z')];
    expect(() => assertUnderLimit(times, 3, 60_000, now, 'messages')).not.toThrow();
    const refused = refusal(() => assertUnderLimit(times, 2, 60_000, now, 'messages'));
    expect({ code: refused.code, retryAfterSeconds: refused.retryAfterSeconds }).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
  });
});

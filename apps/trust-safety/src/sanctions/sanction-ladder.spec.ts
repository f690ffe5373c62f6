import { suggestSanction } from './sanction-ladder';

describe('the sanction ladder', () => {
  it('climbs from a warning to expulsion as strikes add up', () => {
    expect(suggestSanction(0, ['respect'], 180)).toMatchObject({ action: 'warn' });
    expect(suggestSanction(1, ['respect'], 180)).toMatchObject({ action: 'suspend', durationDays: 7 });
    expect(suggestSanction(2, ['respect'], 180)).toMatchObject({ action: 'suspend', durationDays: 30 });
    expect(suggestSanction(3, ['respect'], 180)).toMatchObject({ action: 'expel' });
    expect(suggestSanction(9, ['respect'], 180)).toMatchObject({ action: 'expel' });
  });

  it('starts a step higher for a critical guideline, and says why', () => {
    const s = suggestSanction(0, ['be-factual', 'safety'], 90);
    expect(s).toMatchObject({ action: 'suspend', durationDays: 7 });
    expect(s.reason).toContain('no strike in the last 90 days');
    expect(s.reason).toContain('safety');
    expect(suggestSanction(1, ['respect'], 180).reason).toBe('1 strike in the last 180 days');
  });
});

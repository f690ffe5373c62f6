import type { CreateNominationRequest } from '@weop/contracts';
import { eligibilityProblems } from './nomination-rules';

const achievements = 'Opened the first legal aid desk for rural women in the district and trained forty volunteers.';
const national = (nominee: Partial<CreateNominationRequest['nominee']> = {}, extra: Partial<CreateNominationRequest> = {}): CreateNominationRequest => ({
  category: 'national',
  nominee: { kind: 'individual', name: 'Dilnoza Rakhimova', country: 'UZ', ...nominee },
  achievements,
  ...extra,
});

describe('nomination eligibility', () => {
  it('accepts a person in her country\'s national category and a network working across countries in the regional one', () => {
    expect(eligibilityProblems(national())).toEqual([]);
    expect(eligibilityProblems({ category: 'regional', nominee: { kind: 'organization', name: 'Wonder Women', country: 'KZ', countries: ['KZ', 'UZ', 'TJ'] }, achievements })).toEqual([]);
  });

  it('refuses a person in the regional category and a regional nominee without several countries, naming both fields', () => {
    const problems = eligibilityProblems({ category: 'regional', nominee: { kind: 'individual', name: 'Aida', country: 'KZ' }, achievements });
    expect(problems.map((p) => p.field)).toEqual(['nominee.kind', 'nominee.countries']);
    expect(problems[0].problem).toContain('networks and organisations');
  });

  it('refuses countries on a national nomination, a member id on an organisation, and the same endorser twice', () => {
    expect(eligibilityProblems(national({ countries: ['UZ', 'KZ'] })).map((p) => p.field)).toEqual(['nominee.countries']);
    expect(eligibilityProblems(national({ kind: 'organization', memberId: '6f7c1a52-1d0e-4c57-9a3e-2f1b8c4d5e60' })).map((p) => p.field)).toEqual(['nominee.memberId']);
    const twice = national({}, { endorsers: [{ name: 'Ann', email: 'ann@example.org' }, { name: 'Ann B.', email: 'ANN@example.org ' }] });
    expect(eligibilityProblems(twice)).toEqual([{ field: 'endorsers', problem: expect.stringContaining('repeated') }]);
  });
});

import { ConflictIndex, conflictsOf, organizationKey } from './conflicts';
import type { NominationFacts, SeatFacts } from './conflicts';

const JUDGE = '0b9f4c1e-4a4f-4b6e-9d61-3c2f1a7e5b10';
const seat = (overrides: Partial<SeatFacts> = {}): SeatFacts => ({ accountId: JUDGE, tier: 'regional', country: 'GE', organizationKey: '', email: null, ...overrides });
const nomination = (overrides: Partial<NominationFacts> = {}): NominationFacts => ({
  nominatorId: 'a1b2c3d4-0000-4000-8000-000000000001',
  nomineeMemberId: null,
  nomineeCountry: 'KZ',
  nomineeCountries: [],
  organizationKeys: [organizationKey('JSC “Housing Construction Savings Bank “Otbasy Bank”')],
  endorserEmails: ['aigul@example.kz'],
  ...overrides,
});
const rules = { regionalSameCountry: true };

describe('conflicts of interest', () => {
  it('finds none for an unrelated judge from another country', () => {
    expect(conflictsOf(seat(), nomination(), rules, false)).toEqual([]);
  });

  it('finds the judge who nominated it, who is its nominee, or who was asked to endorse it', () => {
    expect(conflictsOf(seat(), nomination({ nominatorId: JUDGE }), rules, false)).toEqual(['nominator']);
    expect(conflictsOf(seat(), nomination({ nomineeMemberId: JUDGE }), rules, false)).toEqual(['nominee']);
    expect(conflictsOf(seat({ email: 'aigul@example.kz' }), nomination(), rules, false)).toEqual(['endorser']);
  });

  it('finds the same organisation whatever the quotes, case, accents and legal form', () => {
    expect(conflictsOf(seat({ organizationKey: organizationKey('Housing construction savings bank Otbasy bank') }), nomination(), rules, false)).toEqual(['same-organization']);
    expect(organizationKey('Women’s Information Center (WIC)')).toBe(organizationKey('womens information center'));
    expect(organizationKey('Ассоциация «Ақ Жол»')).toBe(organizationKey('ассоциация ақ жол'));
    expect(organizationKey('Fundación Mujer')).toBe(organizationKey('FUNDACION MUJER'));
    expect(organizationKey('National Center Against Violence')).not.toBe(organizationKey('National Federation of Female Communities of Kyrgyzstan'));
    expect(organizationKey('NGO')).toBe('');
  });

  it('keeps a regional juror from nominees of her own country only when the cycle says so, and never a national screener', () => {
    const fromKazakhstan = seat({ country: 'KZ' });
    expect(conflictsOf(fromKazakhstan, nomination(), rules, false)).toEqual(['same-country']);
    expect(conflictsOf(fromKazakhstan, nomination(), { regionalSameCountry: false }, false)).toEqual([]);
    expect(conflictsOf(seat({ country: 'KZ', tier: 'national' }), nomination(), rules, false)).toEqual([]);
    // A regional network is "from" every country it works in.
    expect(conflictsOf(seat({ country: 'TJ' }), nomination({ nomineeCountry: 'KZ', nomineeCountries: ['KZ', 'TJ', 'UZ'] }), rules, false)).toEqual(['same-country']);
  });

  it('keeps a declared conflict with the ones found', () => {
    expect(conflictsOf(seat({ country: 'KZ' }), nomination({ nominatorId: JUDGE }), rules, true)).toEqual(['declared', 'nominator', 'same-country']);
  });

  it('does not match an unknown organisation or a deleted judge against anything', () => {
    expect(conflictsOf(seat({ accountId: null, organizationKey: '' }), nomination({ nominatorId: null, organizationKeys: [''] }), rules, false)).toEqual([]);
  });
});

describe('the conflict index', () => {
  it('finds, for every seat, exactly the nominations conflictsOf finds pair by pair', () => {
    let state = 7;
    const pick = <T>(items: readonly T[]): T => items[(state = (state * 1103515245 + 12345) % 2147483648) % items.length];
    const people = ['p1', 'p2', 'p3', 'p4', null];
    const orgs = ['Otbasy Bank', 'JSC Otbasy bank', 'Wonder Women', null];
    const countries = ['KZ', 'UZ', 'TJ', 'GE'];
    const emails = ['a@x.org', 'b@x.org', 'c@x.org'];
    const nominations = Array.from({ length: 200 }, (_, i) => ({
      id: `n${i}`,
      nominatorId: pick(people),
      nomineeMemberId: pick(people),
      nomineeCountry: pick(countries),
      nomineeCountries: i % 3 === 0 ? [pick(countries), pick(countries)] : [],
      organizationKeys: [organizationKey(pick(orgs))].filter(Boolean),
      endorserEmails: i % 2 === 0 ? [pick(emails)] : [],
    }));
    const seats = Array.from({ length: 40 }, (_, i) => ({
      id: `s${i}`,
      facts: { accountId: pick(people), tier: pick(['national', 'regional'] as const), country: pick(countries), organizationKey: organizationKey(pick(orgs)), email: pick([...emails, null]) },
    }));
    const declared = new Map([['s1', new Set(['n5', 'n6'])]]);
    for (const rules of [{ regionalSameCountry: true }, { regionalSameCountry: false }]) {
      const index = new ConflictIndex(nominations, rules, declared);
      for (const seat of seats) {
        const pairwise = nominations.filter((n) => conflictsOf(seat.facts, n, rules, declared.get(seat.id)?.has(n.id) ?? false).length > 0).map((n) => n.id);
        expect([...index.conflicted(seat.id, seat.facts)].sort()).toEqual(pairwise.sort());
      }
    }
  });
});

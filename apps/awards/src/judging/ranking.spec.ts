import { rankFinalists, zScores } from './ranking';
import type { FinalistInput, SheetInput } from './ranking';

const sheet = (judge: string, nomination: string, total: number, lead = total): SheetInput => ({ judge, nomination, total, lead });
const finalist = (id: string, group: FinalistInput['group'] = 'KZ', submittedAt = 0): FinalistInput => ({ id, group, submittedAt });

describe('z-score normalisation', () => {
  it('puts each judge\'s totals on her own scale: mean 0, standard deviation 1', () => {
    const z = zScores([sheet('A', 'p', 8), sheet('A', 'q', 9), sheet('A', 'r', 10), sheet('B', 'p', 2), sheet('B', 'q', 6)]);
    expect(z[0]).toBeCloseTo(-Math.sqrt(1.5), 10);
    expect(z[1]).toBeCloseTo(0, 10);
    expect(z[2]).toBeCloseTo(Math.sqrt(1.5), 10);
    expect([z[3], z[4]]).toEqual([-1, 1]);
  });

  it('gives 0 to every sheet of a judge who marked them all the same, and to a judge with one sheet', () => {
    expect(Array.from(zScores([sheet('A', 'p', 7), sheet('A', 'q', 7), sheet('B', 'r', 9)]))).toEqual([0, 0, 0]);
  });

  it('keeps precision on totals that differ only far after the decimal point', () => {
    const z = zScores([sheet('A', 'p', 1e8 + 1), sheet('A', 'q', 1e8 + 2), sheet('A', 'r', 1e8 + 3)]);
    expect(z[0]).toBeCloseTo(-Math.sqrt(1.5), 8);
  });
});

describe('ranking', () => {
  it('lets a harsh judge\'s spread count as much as a lenient one\'s: the raw leader is not the champion', () => {
    // L marks everything 9-10; H uses the whole scale. Raw means put P first (7.5 vs 7); normalised, Q leads.
    const sheets = [sheet('L', 'Q', 10), sheet('L', 'P', 9), sheet('L', 'R', 9), sheet('H', 'Q', 4), sheet('H', 'P', 6), sheet('H', 'R', 2)];
    const { ranked } = rankFinalists([finalist('P'), finalist('Q'), finalist('R')], sheets);
    expect(ranked.map((r) => r.nominationId)).toEqual(['Q', 'P', 'R']);
    expect(ranked[0]).toMatchObject({ rank: 1, judges: 2, rawMean: 7, tieBrokenBy: null });
    expect(ranked[0].score).toBeCloseTo((Math.sqrt(2) + 0) / 2, 10);
    expect(ranked[1].rawMean).toBe(7.5);
  });

  it('ranks within each group: every member country and the regional category has its own first place', () => {
    const sheets = [sheet('J', 'kz1', 9), sheet('J', 'kz2', 5), sheet('J', 'uz1', 3), sheet('J', 'reg', 7)];
    const { ranked } = rankFinalists([finalist('kz1', 'KZ'), finalist('kz2', 'KZ'), finalist('uz1', 'UZ'), finalist('reg', 'regional')], sheets);
    expect(ranked.filter((r) => r.rank === 1).map((r) => r.nominationId).sort()).toEqual(['kz1', 'reg', 'uz1']);
    expect(ranked.find((r) => r.nominationId === 'kz2')?.rank).toBe(2);
  });

  it('normalises over the finalists only: a sheet for someone left out does not move the others', () => {
    const finalists = [finalist('a'), finalist('b')];
    const base = rankFinalists(finalists, [sheet('J', 'a', 8), sheet('J', 'b', 4)]);
    const withOutsider = rankFinalists(finalists, [sheet('J', 'a', 8), sheet('J', 'b', 4), sheet('J', 'withdrawn', 10)]);
    expect(withOutsider.ranked.map((r) => r.score)).toEqual(base.ranked.map((r) => r.score));
  });

  it('lists finalists without a counted sheet instead of ranking them', () => {
    const { ranked, unscored } = rankFinalists([finalist('a'), finalist('b')], [sheet('J', 'a', 8)]);
    expect(ranked.map((r) => r.nominationId)).toEqual(['a']);
    expect(unscored).toEqual(['b']);
  });
});

describe('tie-break rule', () => {
  // One judge gives A and B the same total, so their z-scores are equal; C spreads her scale.
  const tied = (a: Partial<SheetInput>, b: Partial<SheetInput>) => [
    { ...sheet('J', 'A', 7), ...a },
    { ...sheet('J', 'B', 7), ...b },
    sheet('J', 'C', 3),
  ];

  it('orders equal z-scores by the higher mean raw total first', () => {
    // J gives A and B the same total; M and N each see only A and B, in mirror order (z ±1 each), so the
    // z-scores tie, while M's wider marks leave B the higher raw mean (16/3 against 14/3).
    const sheets = [sheet('J', 'A', 7), sheet('J', 'B', 7), sheet('J', 'C', 3), sheet('M', 'A', 5), sheet('M', 'B', 8), sheet('N', 'A', 2), sheet('N', 'B', 1)];
    const { ranked } = rankFinalists([finalist('A'), finalist('B'), finalist('C')], sheets);
    const [first, second] = ranked;
    expect(Math.abs(first.score - second.score)).toBeLessThan(1e-9);
    expect(first).toMatchObject({ nominationId: 'B', rawMean: 16 / 3, tieBrokenBy: null });
    expect(second).toMatchObject({ nominationId: 'A', rawMean: 14 / 3, tieBrokenBy: 'raw-mean' });
  });

  it('then by the heaviest criterion, then more judges, then the earlier submission, then the id', () => {
    const byLead = rankFinalists([finalist('A'), finalist('B'), finalist('C')], tied({ lead: 6 }, { lead: 8 })).ranked;
    expect(byLead.map((r) => r.nominationId)).toEqual(['B', 'A', 'C']);
    expect(byLead[1].tieBrokenBy).toBe('lead-criterion');

    const bySubmission = rankFinalists([finalist('A', 'KZ', 2000), finalist('B', 'KZ', 1000), finalist('C')], tied({}, {})).ranked;
    expect(bySubmission.map((r) => r.nominationId)).toEqual(['B', 'A', 'C']);
    expect(bySubmission[1].tieBrokenBy).toBe('earlier-submission');

    const byId = rankFinalists([finalist('B'), finalist('A'), finalist('C')], tied({}, {})).ranked;
    expect(byId.map((r) => r.nominationId)).toEqual(['A', 'B', 'C']);
    expect(byId[1].tieBrokenBy).toBe('id');
    expect(byId[2].tieBrokenBy).toBeNull();
  });

  it('prefers the finalist more judges scored when everything else is equal', () => {
    // A and B both get total 7 from J (z 0, J's mean 7); A is also scored 7 by K, whose only other sheet is C.
    const sheets = [sheet('J', 'A', 7), sheet('J', 'B', 7), sheet('J', 'C', 5), sheet('J', 'D', 9), sheet('K', 'A', 7), sheet('K', 'C', 5), sheet('K', 'D', 9)];
    const { ranked } = rankFinalists([finalist('A'), finalist('B'), finalist('C'), finalist('D')], sheets);
    expect(ranked.map((r) => r.nominationId)).toEqual(['D', 'A', 'B', 'C']);
    expect(ranked[2]).toMatchObject({ nominationId: 'B', tieBrokenBy: 'more-judges' });
  });
});

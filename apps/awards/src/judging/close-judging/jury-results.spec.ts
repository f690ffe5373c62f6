import type { SheetInput } from '../ranking';
import { juryResults } from './jury-results';
import type { JuryFinalist } from './jury-results';

const finalist = (id: string, group: JuryFinalist['group'] = 'KZ', paused = false): JuryFinalist => ({ id, group, submittedAt: 0, paused });
const sheet = (judge: string, nomination: string, total: number): SheetInput => ({ judge, nomination, total, lead: total });
const rules = { minScoresPerFinalist: 1, championsPerCountry: 1, regionalChampions: 1 };
const none = (): ReadonlySet<string> => new Set();

describe('closing judging', () => {
  it('names the best of each group a champion', () => {
    const outcome = juryResults([finalist('a'), finalist('b'), finalist('r', 'regional')], [{ id: 'J', active: true }], [sheet('J', 'a', 9), sheet('J', 'b', 4), sheet('J', 'r', 6)], none, rules);
    if (outcome.kind !== 'ranked') throw new Error(outcome.kind);
    expect(outcome.ranked.filter((r) => r.champion).map((r) => r.nominationId).sort()).toEqual(['a', 'r']);
    expect(outcome.ranked.find((r) => r.nominationId === 'r')?.groupOrder).toBe(10);
  });

  it('leaves out a paused finalist, a paused judge\'s sheets and sheets a conflict voids', () => {
    const outcome = juryResults(
      [finalist('a'), finalist('b'), finalist('c', 'KZ', true)],
      [{ id: 'J', active: true }, { id: 'P', active: false }, { id: 'K', active: true }],
      // P (paused) loves b; K's sheet on a came before she declared a conflict with it.
      [sheet('J', 'a', 8), sheet('J', 'b', 6), sheet('J', 'c', 10), sheet('P', 'b', 10), sheet('P', 'a', 1), sheet('K', 'a', 1), sheet('K', 'b', 9)],
      (judge) => new Set(judge === 'K' ? ['a'] : []),
      rules,
    );
    if (outcome.kind !== 'ranked') throw new Error(outcome.kind);
    expect(outcome.excluded).toEqual([{ nominationId: 'c', reason: 'paused' }]);
    expect(outcome.excludedScoreSheets).toBe(4);
    expect(outcome.ranked.map((r) => [r.nominationId, r.judges])).toEqual([['a', 1], ['b', 2]]);
  });

  it('refuses to rank while a finalist has fewer sheets than the cycle asks, saying which', () => {
    const outcome = juryResults([finalist('a'), finalist('b')], [{ id: 'J', active: true }], [sheet('J', 'a', 8)], none, { ...rules, minScoresPerFinalist: 1 });
    expect(outcome).toEqual({ kind: 'incomplete', lacking: [{ nominationId: 'b', sheets: 0, needed: 1 }] });
  });

  it('names as many champions per group as the cycle says', () => {
    const outcome = juryResults([finalist('a'), finalist('b'), finalist('c')], [{ id: 'J', active: true }], [sheet('J', 'a', 9), sheet('J', 'b', 5), sheet('J', 'c', 7)], none, { ...rules, championsPerCountry: 2 });
    if (outcome.kind !== 'ranked') throw new Error(outcome.kind);
    expect(outcome.ranked.filter((r) => r.champion).map((r) => r.nominationId)).toEqual(['a', 'c']);
  });
});

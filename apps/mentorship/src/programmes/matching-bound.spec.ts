import { optimalMatching } from './optimal-matching';
import type { MatchingEdge } from './optimal-matching';
import { candidateRowWeigher, qualityUpperBound, seatPrices } from './matching-bound';
import type { CandidatePairs, RowWeigher } from './matching-bound';

const csr = (menteeCount: number, edges: MatchingEdge[]): CandidatePairs => {
  const sorted = [...edges].sort((a, b) => a.mentee - b.mentee);
  const rowStart = new Int32Array(menteeCount + 1);
  for (const e of sorted) rowStart[e.mentee + 1]++;
  for (let i = 0; i < menteeCount; i++) rowStart[i + 1] += rowStart[i];
  return { rowStart, mentor: Int32Array.from(sorted, (e) => e.mentor), tenths: Int32Array.from(sorted, (e) => Math.round(e.quality * 10)) };
};

const rows = (pairs: CandidatePairs): RowWeigher => candidateRowWeigher(pairs);
const BUDGET = 1_000_000;

function cohort(seed: number, menteeCount: number, mentorCount: number, density: number): { capacities: number[]; edges: MatchingEdge[] } {
  const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const capacities = Array.from({ length: mentorCount }, () => Math.floor(random() * 4));
  const edges: MatchingEdge[] = [];
  for (let i = 0; i < menteeCount; i++) {
    for (let j = 0; j < mentorCount; j++) if (random() < density) edges.push({ mentee: i, mentor: j, quality: (1 + Math.floor(random() * 1000)) / 10 });
  }
  return { capacities, edges };
}

/** Each mentee's best `k` edges only: what a large cohort's run keeps. */
const bestOf = (edges: MatchingEdge[], k: number): MatchingEdge[] => {
  const byMentee = new Map<number, MatchingEdge[]>();
  for (const e of edges) byMentee.set(e.mentee, [...(byMentee.get(e.mentee) ?? []), e]);
  return [...byMentee.values()].flatMap((row) => [...row].sort((a, b) => b.quality - a.quality).slice(0, k));
};

const matchedTo = (menteeCount: number, pairs: [number, number][]): Int32Array => {
  const to = new Int32Array(menteeCount).fill(-1);
  for (const [i, j] of pairs) to[i] = j;
  return to;
};

describe('the quality bound', () => {
  it('equals the total when the run saw every allowed pair: the prices prove the run optimal', () => {
    for (let round = 0; round < 40; round++) {
      const menteeCount = 10 + round * 3;
      const mentorCount = 4 + (round % 9);
      const { capacities, edges } = cohort(100 + round, menteeCount, mentorCount, 0.4);
      const run = optimalMatching(menteeCount, capacities, edges);
      const all = csr(menteeCount, edges);
      const prices = seatPrices(menteeCount, mentorCount, matchedTo(menteeCount, run.pairs), rows(all), BUDGET);
      expect(prices).not.toBeNull();
      expect(qualityUpperBound(menteeCount, capacities, prices!, rows(all))).toBeCloseTo(run.total, 6);
    }
  });

  it('over a run of each mentee\'s best few, is never below what every pair reaches, and proves some runs optimal', () => {
    let proven = 0;
    for (let round = 0; round < 40; round++) {
      const menteeCount = 30 + round * 2;
      const { capacities, edges } = cohort(900 + round, menteeCount, 12, 0.6);
      const best = optimalMatching(menteeCount, capacities, edges).total;
      const kept = bestOf(edges, 2);
      const run = optimalMatching(menteeCount, capacities, kept);
      const all = rows(csr(menteeCount, edges));
      // Over every pair the prices exist only when the pruned run is optimal anyway; else over its candidates.
      const prices = seatPrices(menteeCount, 12, matchedTo(menteeCount, run.pairs), all, BUDGET) ?? seatPrices(menteeCount, 12, matchedTo(menteeCount, run.pairs), rows(csr(menteeCount, kept)), BUDGET);
      const bound = qualityUpperBound(menteeCount, capacities, prices!, all);
      expect(bound).toBeGreaterThanOrEqual(best - 1e-9);
      expect(best).toBeGreaterThanOrEqual(run.total - 1e-9);
      if (Math.abs(bound - run.total) < 1e-9) proven++;
    }
    // Some pruned runs are proven optimal by the bound alone, and not all (the cases are not trivial).
    expect(proven).toBeGreaterThan(0);
    expect(proven).toBeLessThan(40);
  });

  it('holds for any prices, even ones that have nothing to do with the cohort', () => {
    const { capacities, edges } = cohort(7, 40, 8, 0.5);
    const best = optimalMatching(40, capacities, edges).total;
    for (const price of [0, 5, 123, 1000, 5000]) {
      expect(qualityUpperBound(40, capacities, new Float64Array(8).fill(price), rows(csr(40, edges)))).toBeGreaterThanOrEqual(best - 1e-9);
    }
  });

  it('shows how far an assignment that is not optimal may be from the best', () => {
    // Greedy's answer: mentee 0 holds the seat mentee 1 needs; moving 0 to mentor 1 makes 165 of 90.
    const edges = [{ mentee: 0, mentor: 0, quality: 90 }, { mentee: 0, mentor: 1, quality: 80 }, { mentee: 1, mentor: 0, quality: 85 }];
    // The prices put a value on mentor 1's free seat (mentee 0 would move there): the run is not proven,
    // and the bound says how much is missing: 165, not 90.
    const prices = seatPrices(2, 2, Int32Array.from([0, -1]), rows(csr(2, edges)), BUDGET)!;
    expect(prices[1]).toBeGreaterThan(0);
    expect(qualityUpperBound(2, [1, 1], prices, rows(csr(2, edges)))).toBe(165);
  });
});

import { bestFirst, greedyMatching, optimalMatching } from './optimal-matching';
import type { MatchingEdge } from './optimal-matching';

/** Every assignment, tried: the truth on small cases. */
function bruteForce(menteeCount: number, capacities: number[], edges: MatchingEdge[]): number {
  const byMentee = Array.from({ length: menteeCount }, (_, i) => edges.filter((e) => e.mentee === i && e.quality > 0));
  const left = [...capacities];
  let best = 0;
  const walk = (i: number, total: number): void => {
    if (i === menteeCount) {
      best = Math.max(best, total);
      return;
    }
    walk(i + 1, total);
    for (const e of byMentee[i]) {
      if (left[e.mentor] === 0) continue;
      left[e.mentor] -= 1;
      walk(i + 1, total + Math.round(e.quality * 10));
      left[e.mentor] += 1;
    }
  };
  walk(0, 0);
  return best / 10;
}

const valid = (menteeCount: number, capacities: number[], edges: MatchingEdge[], pairs: [number, number][]): boolean => {
  const seen = new Set<number>();
  const used = capacities.map(() => 0);
  for (const [i, j] of pairs) {
    if (seen.has(i) || !edges.some((e) => e.mentee === i && e.mentor === j)) return false;
    seen.add(i);
    used[j] += 1;
  }
  return used.every((n, j) => n <= capacities[j]) && [...seen].every((i) => i < menteeCount);
};

/**
 * An optimality certificate independent of the method: a flow of any size is of maximum total quality
 * exactly when its residual graph (with a free arc between sink and source, since the flow's size is
 * free) has no cycle of negative cost. Bellman-Ford from every node at once finds one if there is.
 */
const noImprovingCycle = (menteeCount: number, capacities: number[], edges: MatchingEdge[], pairs: [number, number][]): boolean => {
  const source = menteeCount + capacities.length;
  const sink = source + 1;
  const matched = new Map(pairs.map(([i, j]) => [i, j]));
  const used = capacities.map((_, j) => pairs.filter((p) => p[1] === j).length);
  const arcs: [number, number, number][] = [[sink, source, 0], [source, sink, 0]];
  for (let i = 0; i < menteeCount; i++) arcs.push(matched.has(i) ? [i, source, 0] : [source, i, 0]);
  for (const e of edges) {
    if (e.quality <= 0) continue;
    const q = Math.round(e.quality * 10);
    arcs.push(matched.get(e.mentee) === e.mentor ? [menteeCount + e.mentor, e.mentee, q] : [e.mentee, menteeCount + e.mentor, -q]);
  }
  capacities.forEach((c, j) => {
    if (used[j] < c) arcs.push([menteeCount + j, sink, 0]);
    if (used[j] > 0) arcs.push([sink, menteeCount + j, 0]);
  });
  const dist = new Array<number>(sink + 1).fill(0);
  for (let round = 0; round <= sink + 1; round++) {
    let changed = false;
    for (const [u, v, w] of arcs) {
      if (dist[u] + w < dist[v]) {
        dist[v] = dist[u] + w;
        changed = true;
      }
    }
    if (!changed) return true;
  }
  return false;
};

describe('optimal matching', () => {
  it('beats greedy where greedy takes the best pair and strands another mentee', () => {
    // Greedy gives A the mentor both want (90) and leaves B with nobody; the optimum moves A to Y.
    const edges = [{ mentee: 0, mentor: 0, quality: 90 }, { mentee: 0, mentor: 1, quality: 80 }, { mentee: 1, mentor: 0, quality: 85 }];
    expect(greedyMatching(2, [1, 1], edges).total).toBe(90);
    const optimal = optimalMatching(2, [1, 1], edges);
    expect(optimal.total).toBe(165);
    expect(optimal.pairs.sort()).toEqual([[0, 1], [1, 0]]);
  });

  it('fills a mentor up to her capacity and never beyond', () => {
    const edges = [0, 1, 2, 3].map((i) => ({ mentee: i, mentor: 0, quality: 50 + i }));
    const result = optimalMatching(4, [2], edges);
    expect(result.pairs).toHaveLength(2);
    expect(result.total).toBe(53 + 52);
  });

  it('leaves a mentee unmatched rather than break a constraint (no edge, no pair)', () => {
    expect(optimalMatching(2, [3], [{ mentee: 0, mentor: 0, quality: 40 }]).pairs).toEqual([[0, 0]]);
    expect(optimalMatching(0, [], []).pairs).toEqual([]);
  });

  it('finds the best total on random small cohorts, as trying every assignment does', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    let greedyWorse = 0;
    for (let round = 0; round < 200; round++) {
      const menteeCount = 1 + Math.floor(random() * 6);
      const capacities = Array.from({ length: 1 + Math.floor(random() * 3) }, () => 1 + Math.floor(random() * 2));
      const edges: MatchingEdge[] = [];
      for (let i = 0; i < menteeCount; i++) {
        for (let j = 0; j < capacities.length; j++) if (random() < 0.7) edges.push({ mentee: i, mentor: j, quality: Math.round(random() * 1000) / 10 });
      }
      const optimal = optimalMatching(menteeCount, capacities, edges);
      expect(optimal.total).toBeCloseTo(bruteForce(menteeCount, capacities, edges), 6);
      expect(valid(menteeCount, capacities, edges, optimal.pairs)).toBe(true);
      const greedy = greedyMatching(menteeCount, capacities, edges).total;
      expect(greedy).toBeLessThanOrEqual(optimal.total + 1e-9);
      if (greedy < optimal.total - 1e-9) greedyWorse++;
    }
    // The cases are not all easy ones.
    expect(greedyWorse).toBeGreaterThan(5);
  });

  it('leaves no improving re-pairing on random cohorts too large to try every assignment (ties included)', () => {
    let seed = 11;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    for (let round = 0; round < 60; round++) {
      const menteeCount = 20 + Math.floor(random() * 60);
      const capacities = Array.from({ length: 5 + Math.floor(random() * 15) }, () => Math.floor(random() * 4));
      const edges: MatchingEdge[] = [];
      for (let i = 0; i < menteeCount; i++) {
        // Few distinct qualities, so that many paths tie (as in real cohorts).
        for (let j = 0; j < capacities.length; j++) if (random() < 0.3) edges.push({ mentee: i, mentor: j, quality: 10 * (1 + Math.floor(random() * 6)) });
      }
      const optimal = optimalMatching(menteeCount, capacities, edges);
      expect(valid(menteeCount, capacities, edges, optimal.pairs)).toBe(true);
      expect(noImprovingCycle(menteeCount, capacities, edges, optimal.pairs)).toBe(true);
      expect(optimal.total).toBeGreaterThanOrEqual(greedyMatching(menteeCount, capacities, edges).total);
    }
  });

  it('leaves no improving re-pairing on larger cohorts with qualities in tenths (many phases, each search cut at its bound)', () => {
    let seed = 23;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    for (let round = 0; round < 8; round++) {
      const menteeCount = 100 + Math.floor(random() * 100);
      const capacities = Array.from({ length: 20 + Math.floor(random() * 20) }, () => Math.floor(random() * 5));
      const edges: MatchingEdge[] = [];
      for (let i = 0; i < menteeCount; i++) {
        // A popular few and a long tail, qualities from 10.0 to 100.0 with close ties (as the bench's).
        for (let j = 0; j < capacities.length; j++) if (random() < (j < 5 ? 0.8 : 0.15)) edges.push({ mentee: i, mentor: j, quality: Math.round(100 + random() * 900) / 10 });
      }
      const optimal = optimalMatching(menteeCount, capacities, edges);
      expect(valid(menteeCount, capacities, edges, optimal.pairs)).toBe(true);
      expect(noImprovingCycle(menteeCount, capacities, edges, optimal.pairs)).toBe(true);
      expect(optimal.total).toBeGreaterThanOrEqual(greedyMatching(menteeCount, capacities, edges).total);
    }
  });

  it('orders edges best first with ties in their given order, bucketed or not, as the stable sort did', () => {
    let seed = 5;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const sorted = (edges: MatchingEdge[]): number[] => edges.map((e, k) => ({ e, k })).filter(({ e }) => e.quality > 0).sort((a, b) => b.e.quality - a.e.quality).map(({ k }) => k);
    for (const quality of [
      () => Math.round(random() * 1000) / 10, // whole tenths, many ties: bucketed
      () => 10 * Math.floor(random() * 5) - 10, // some zero or negative: never taken
      () => Math.round(random() * 10000) / 100, // hundredths: sorted
    ]) {
      const edges = Array.from({ length: 3000 }, (_, k) => ({ mentee: k % 97, mentor: k % 13, quality: quality() }));
      expect([...bestFirst(edges)]).toEqual(sorted(edges));
    }
  });

  it('gives the same result for edges as typed arrays (what the matching run passes) as for edge objects', () => {
    let seed = 3;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    for (let round = 0; round < 40; round++) {
      const menteeCount = 10 + Math.floor(random() * 40);
      const capacities = Array.from({ length: 3 + Math.floor(random() * 10) }, () => Math.floor(random() * 4));
      const edges: MatchingEdge[] = [];
      for (let i = 0; i < menteeCount; i++) {
        for (let j = 0; j < capacities.length; j++) if (random() < 0.4) edges.push({ mentee: i, mentor: j, quality: 10 * (1 + Math.floor(random() * 6)) + (random() < 0.5 ? 0.5 : 0) });
      }
      const list = {
        length: edges.length,
        mentee: Int32Array.from(edges, (e) => e.mentee),
        mentor: Int32Array.from(edges, (e) => e.mentor),
        tenths: Int32Array.from(edges, (e) => Math.round(e.quality * 10)),
      };
      expect(optimalMatching(menteeCount, capacities, list)).toEqual(optimalMatching(menteeCount, capacities, edges));
      expect(greedyMatching(menteeCount, capacities, list)).toEqual(greedyMatching(menteeCount, capacities, edges));
    }
  });

  it('the certificate itself catches a sub-optimal assignment', () => {
    const edges = [{ mentee: 0, mentor: 0, quality: 90 }, { mentee: 0, mentor: 1, quality: 80 }, { mentee: 1, mentor: 0, quality: 85 }];
    expect(noImprovingCycle(2, [1, 1], edges, [[0, 0]])).toBe(false);
    expect(noImprovingCycle(2, [1, 1], edges, [[0, 1], [1, 0]])).toBe(true);
  });
});

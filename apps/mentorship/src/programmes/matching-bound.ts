/**
 * How far a matching run could be from the best assignment of the whole cohort, proven.
 *
 * A large cohort is matched over each mentee's best candidates only (matching-run.ts), so its result is
 * optimal over those candidates, not necessarily over every allowed pair. The bound says how much
 * better any assignment could possibly be, by linear-programming duality. The assignment's LP
 * (max Σ q·x, each mentee at most once, mentor j at most seats_j times) has the dual
 * min Σ u_i + Σ seats_j·v_j with u_i + v_j ≥ q_ij and u, v ≥ 0; so for ANY seat prices v ≥ 0,
 *
 *   best possible total ≤ Σ_j seats_j · v_j + Σ_i max(0, max over her allowed mentors j of (q_ij − v_j)).
 *
 * Any prices give a valid bound; good ones make it tight. `seatPrices` finds the smallest prices under
 * which the run's own assignment leaves no mentee wanting to move (the complementary-slackness
 * conditions, solved as difference constraints). Asked over every allowed pair: when the run is optimal
 * for the whole cohort, every mentor with a free seat keeps price 0 and the bound equals the total (a
 * proof); when it is not, a free seat gets a price (someone would move there) and the bound says how
 * much could be missing. Everything is in whole tenths, as the flow counts, so the arithmetic is exact.
 */

/** Weighs mentee i's allowed mentors into rowMentor/rowTenths (qualities in tenths) and returns how many. */
export type RowWeigher = (i: number, rowMentor: Int32Array, rowTenths: Int32Array) => number;

/** A run's candidate pairs, mentee by mentee (CSR): mentee i's are rowStart[i] … rowStart[i+1]−1. */
export interface CandidatePairs {
  rowStart: Int32Array;
  mentor: Int32Array;
  tenths: Int32Array;
}

/** Candidate pairs read as rows, like the cohort's weigher reads every allowed pair. */
export const candidateRowWeigher = (pairs: CandidatePairs): RowWeigher => (i, rowMentor, rowTenths) => {
  let n = 0;
  for (let k = pairs.rowStart[i]; k < pairs.rowStart[i + 1]; k++) {
    rowMentor[n] = pairs.mentor[k];
    rowTenths[n++] = pairs.tenths[k];
  }
  return n;
};

/**
 * The smallest seat prices (tenths) under which the assignment `matchedTo` (mentor per mentee, −1 when
 * unmatched) is stable over the pairs `weighRow` gives: a mentee left out values no mentor above her
 * price, and a matched one gains nothing by moving (q_ij − v_j ≥ q_ik − v_k). Longest paths over the
 * mentors by label correcting. Null when they do not settle within a budget of pair readings: a price
 * that keeps rising is an improving re-pairing over those pairs (the assignment is not optimal over them).
 */
export function seatPrices(menteeCount: number, mentorCount: number, matchedTo: Int32Array, weighRow: RowWeigher, budget: number): Float64Array | null {
  const price = new Float64Array(mentorCount);
  const rowMentor = new Int32Array(mentorCount);
  const rowTenths = new Int32Array(mentorCount);
  // Each mentor's matched mentees (CSR).
  const heldStart = new Int32Array(mentorCount + 1);
  for (let i = 0; i < menteeCount; i++) if (matchedTo[i] >= 0) heldStart[matchedTo[i] + 1]++;
  for (let j = 0; j < mentorCount; j++) heldStart[j + 1] += heldStart[j];
  const fill = heldStart.slice(0, mentorCount);
  const held = new Int32Array(heldStart[mentorCount]);
  for (let i = 0; i < menteeCount; i++) if (matchedTo[i] >= 0) held[fill[matchedTo[i]]++] = i;
  const queued = new Uint8Array(mentorCount);
  let queue: number[] = [];
  const raise = (j: number, value: number): void => {
    if (value <= price[j]) return;
    price[j] = value;
    if (!queued[j]) {
      queued[j] = 1;
      queue.push(j);
    }
  };
  for (let i = 0; i < menteeCount; i++) {
    if (matchedTo[i] >= 0) continue;
    const n = weighRow(i, rowMentor, rowTenths);
    budget -= n;
    for (let k = 0; k < n; k++) raise(rowMentor[k], rowTenths[k]);
  }
  for (let j = 0; j < mentorCount; j++) {
    if (heldStart[j + 1] > heldStart[j] && !queued[j]) {
      queued[j] = 1;
      queue.push(j);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const j = queue[head];
    queued[j] = 0;
    for (let h = heldStart[j]; h < heldStart[j + 1]; h++) {
      const n = weighRow(held[h], rowMentor, rowTenths);
      budget -= n;
      if (budget < 0) return null;
      let own = -1;
      for (let k = 0; k < n; k++) if (rowMentor[k] === j) own = rowTenths[k];
      if (own < 0) continue;
      const slack = price[j] - own;
      for (let k = 0; k < n; k++) if (rowMentor[k] !== j) raise(rowMentor[k], slack + rowTenths[k]);
    }
    // Keep the queue from growing without end: drop what has been read.
    if (head > 4096 && head * 2 > queue.length) {
      queue = queue.slice(head + 1);
      head = -1;
    }
  }
  return price;
}

/** The bound on the best total over every allowed pair (in quality units), given seat prices in tenths. */
export function qualityUpperBound(menteeCount: number, seats: readonly number[], prices: ArrayLike<number>, weighRow: RowWeigher): number {
  let bound = 0;
  for (let j = 0; j < seats.length; j++) bound += Math.max(0, seats[j]) * Math.max(0, prices[j]);
  const rowMentor = new Int32Array(seats.length);
  const rowTenths = new Int32Array(seats.length);
  for (let i = 0; i < menteeCount; i++) {
    const n = weighRow(i, rowMentor, rowTenths);
    let best = 0;
    for (let k = 0; k < n; k++) {
      const gain = rowTenths[k] - Math.max(0, prices[rowMentor[k]]);
      if (gain > best) best = gain;
    }
    bound += best;
  }
  return bound / 10;
}

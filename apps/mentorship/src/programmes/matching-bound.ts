/**
 * How far a matching run could be from the best assignment of the whole cohort, proven.
 *
 * A large cohort is matched over each mentee's best candidates only (matching-run.ts), so its result
 * is optimal over those candidates, not necessarily over every allowed pair. This bound says how much
 * better any assignment could possibly be, from linear-programming duality: for mentor prices v ≥ 0,
 *
 *   best possible total ≤ Σ_j seats_j · v_j + Σ_i max(0, max over her allowed mentors j of (q_ij − v_j))
 *
 * (the dual of the assignment's LP relaxation: mentee i's term u_i covers every pair of hers, so
 * u_i + v_j ≥ q_ij, and any assignment's total is at most Σ u_i + Σ seats_j v_j). The inequality holds
 * for ANY prices v ≥ 0, so the bound is valid whatever prices are passed; the flow's own potentials
 * (its mentor prices) make it tight, and when the run used every allowed pair it equals the total.
 * Every allowed pair is read, not only the candidates: that is what makes it a bound over the whole
 * cohort.
 */

/**
 * Every allowed pair of the cohort, mentee by mentee (CSR): mentee i's pairs are rowStart[i] … rowStart[i+1]−1,
 * with qualities in integer tenths (as the flow counts them), so the bound is exact arithmetic.
 */
export interface AllowedPairs {
  rowStart: Int32Array;
  mentor: Int32Array;
  tenths: Int32Array;
}

/** The bound on the cohort's best total. `prices`: each mentor's price in tenths (any values; negatives count as 0). */
export function qualityUpperBound(pairs: AllowedPairs, seats: readonly number[], prices: ArrayLike<number>): number {
  let bound = 0;
  for (let j = 0; j < seats.length; j++) bound += Math.max(0, seats[j]) * Math.max(0, Math.round(prices[j]));
  const menteeCount = pairs.rowStart.length - 1;
  for (let i = 0; i < menteeCount; i++) {
    let best = 0;
    for (let k = pairs.rowStart[i]; k < pairs.rowStart[i + 1]; k++) {
      const gain = pairs.tenths[k] - Math.max(0, Math.round(prices[pairs.mentor[k]]));
      if (gain > best) best = gain;
    }
    bound += best;
  }
  return bound / 10;
}

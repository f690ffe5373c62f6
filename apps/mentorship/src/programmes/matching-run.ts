/**
 * A cohort's matching run over plain facts: every allowed pair weighed (hard constraints first), the
 * optimal assignment (optimal-matching.ts), the greedy baseline's total beside it for the admin, and
 * the reasons for the pairs proposed. `candidatesPerMentee` (0 = all) keeps only each mentee's best
 * allowed mentors as edges: the result is then optimal over those candidates, which is what lets a
 * 10,000-mentee cohort run in seconds (docs/performance.md); cohorts of a few hundred use every pair.
 */
import { constraintBroken, matchQuality, matchScore, overlapHours } from '../suggestions/match-quality';
import type { MenteeFacts, MentorFacts } from '../suggestions/match-quality';
import { greedyMatching, optimalMatching } from './optimal-matching';
import type { MatchingEdge } from './optimal-matching';

export interface Proposal {
  menteeId: string;
  mentorId: string;
  score: number;
  reasons: string[];
}

export interface MatchingRunResult {
  proposals: Proposal[];
  unmatched: string[];
  totalScore: number;
  greedyScore: number;
  candidatePairs: number;
  /** Where the time went: weighing pairs, then the assignment. */
  timings: { candidatesMs: number; assignmentMs: number };
}

export function runMatching(mentees: readonly MenteeFacts[], mentors: readonly MentorFacts[], candidatesPerMentee = 0): MatchingRunResult {
  const started = performance.now();
  const seats = mentors.map((m) => Math.max(0, m.capacity - m.seatsTaken));
  const open = Int32Array.from(seats.flatMap((free, j) => (free > 0 ? [j] : [])));
  const edges: MatchingEdge[] = [];
  // One mentee's allowed mentors and their qualities, reused row after row (no object per pair weighed).
  const rowMentor = new Int32Array(open.length);
  const rowQuality = new Float64Array(open.length);
  const scratch = new Float64Array(open.length);
  const weigh = pairWeigher(mentees, mentors);
  for (let i = 0; i < mentees.length; i++) {
    let n = 0;
    for (let k = 0; k < open.length; k++) {
      const j = open[k];
      const quality = weigh(i, j);
      if (quality > 0) {
        rowMentor[n] = j;
        rowQuality[n++] = quality;
      }
    }
    if (candidatesPerMentee > 0 && n > candidatesPerMentee) {
      // Only the K best are kept: those above the K-th best quality, then ties at it in mentor order.
      scratch.set(rowQuality.subarray(0, n));
      const threshold = kthLargest(scratch, n, candidatesPerMentee);
      let above = 0;
      for (let k = 0; k < n; k++) if (rowQuality[k] > threshold) above++;
      let ties = candidatesPerMentee - above;
      for (let k = 0; k < n; k++) {
        const quality = rowQuality[k];
        if (quality > threshold || (quality === threshold && ties-- > 0)) edges.push({ mentee: i, mentor: rowMentor[k], quality });
      }
      continue;
    }
    for (let k = 0; k < n; k++) edges.push({ mentee: i, mentor: rowMentor[k], quality: rowQuality[k] });
  }
  const weighed = performance.now();
  const optimal = optimalMatching(mentees.length, seats, edges);
  const assigned = performance.now();
  const greedy = greedyMatching(mentees.length, seats, edges);
  const matched = new Set<number>();
  const proposals = optimal.pairs.map(([i, j]) => {
    matched.add(i);
    return { menteeId: mentees[i].accountId, mentorId: mentors[j].accountId, ...matchQuality(mentees[i], mentors[j]) };
  });
  proposals.sort((a, b) => b.score - a.score || a.menteeId.localeCompare(b.menteeId));
  return {
    proposals,
    unmatched: mentees.filter((_, i) => !matched.has(i)).map((m) => m.accountId),
    totalScore: optimal.total,
    greedyScore: greedy.total,
    candidatePairs: edges.length,
    timings: { candidatesMs: Math.round(weighed - started), assignmentMs: Math.round(assigned - weighed) },
  };
}

/** The k-th largest of values[0..n) (1-based k), by quickselect; reorders `values`. */
export function kthLargest(values: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let a = lo;
    let b = hi;
    while (a <= b) {
      while (values[a] > pivot) a++;
      while (values[b] < pivot) b--;
      if (a <= b) {
        const t = values[a];
        values[a++] = values[b];
        values[b--] = t;
      }
    }
    if (target <= b) hi = b;
    else if (target >= a) lo = a;
    else return values[target];
  }
  return values[target];
}

const popcount = (x: number): number => {
  let n = x - ((x >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/**
 * The quality of pair (mentee i, mentor j), or 0 when a hard constraint forbids it: the same rules as
 * `constraintBroken` + `matchScore` (a spec holds them equal), with languages, areas and countries as
 * bit sets so that a cohort's millions of pairs are weighed in a second rather than several. Falls back
 * to those functions when a cohort names more than 31 languages, areas or countries.
 */
export function pairWeigher(mentees: readonly MenteeFacts[], mentors: readonly MentorFacts[]): (i: number, j: number) => number {
  const indexer = () => {
    const map = new Map<string, number>();
    return {
      mask(values: readonly string[]): number {
        let mask = 0;
        for (const v of values) {
          let bit = map.get(v);
          if (bit === undefined) map.set(v, (bit = map.size));
          if (bit < 31) mask |= 1 << bit;
        }
        return mask;
      },
      get overflow(): boolean {
        return map.size > 31;
      },
    };
  };
  const languages = indexer();
  const areas = indexer();
  const countries = indexer();
  // Structure of arrays: millions of pairs read a few typed arrays instead of objects.
  const eLang = Int32Array.from(mentees, (m) => languages.mask(m.languages));
  const eArea = Int32Array.from(mentees, (m) => areas.mask(m.expertise));
  const eAreaCount = Int32Array.from(mentees, (m) => m.expertise.length);
  const eCountry = Int32Array.from(mentees, (m) => (m.country === null ? 0 : countries.mask([m.country])));
  const ePreference = Uint8Array.from(mentees, (m) => (m.preferences.country === 'same' ? 1 : m.preferences.country === 'other' ? 2 : 0));
  const eWomanOnly = Uint8Array.from(mentees, (m) => (m.preferences.womanMentorOnly ? 1 : 0));
  const eMinHours = Float64Array.from(mentees, (m) => m.preferences.minOverlapHours);
  const rLang = Int32Array.from(mentors, (m) => languages.mask(m.languages));
  const rArea = Int32Array.from(mentors, (m) => areas.mask(m.expertise));
  const rHome = Int32Array.from(mentors, (m) => (m.country === null ? 0 : countries.mask([m.country])));
  const rKnows = Int32Array.from(mentors, (m) => countries.mask(m.country === null ? m.countries : [...m.countries, m.country]));
  if (languages.overflow || areas.overflow || countries.overflow) {
    return (i, j) => (constraintBroken(mentees[i], mentors[j], { ignoreSeats: true }) === null ? matchScore(mentees[i], mentors[j]) : 0);
  }
  const rOpen = Uint8Array.from(mentors, (m) => (m.available && !m.sanctioned ? 1 : 0));
  const rWoman = Uint8Array.from(mentors, (m) => (m.gender === 'woman' ? 1 : 0));
  const rVerified = Uint8Array.from(mentors, (m) => (m.verified ? 5 : 0));
  // Working hours shared, from a table over the cohort's distinct UTC offsets.
  const offsets = [...new Set([...mentees, ...mentors].map((m) => m.utcOffsetMinutes))];
  const offsetIndex = new Map(offsets.map((o, k) => [o, k]));
  const hours = new Float64Array(offsets.length * offsets.length);
  offsets.forEach((a, x) => offsets.forEach((b, y) => (hours[x * offsets.length + y] = overlapHours(a, b))));
  const eOffset = Int32Array.from(mentees, (m) => offsetIndex.get(m.utcOffsetMinutes)! * offsets.length);
  const rOffset = Int32Array.from(mentors, (m) => offsetIndex.get(m.utcOffsetMinutes)!);
  // A member in the cohort on both sides is never her own mentor.
  const mentorOf = new Map(mentors.map((m, j) => [m.accountId, j]));
  const self = Int32Array.from(mentees, (m) => mentorOf.get(m.accountId) ?? -1);
  return (i, j) => {
    if (rOpen[j] === 0 || self[i] === j) return 0;
    const sharedLanguages = popcount(eLang[i] & rLang[j]);
    if (sharedLanguages === 0) return 0;
    const country = eCountry[i];
    const preference = ePreference[i];
    if (preference === 1 && (country === 0 || rHome[j] !== country)) return 0;
    if (preference === 2 && (country === 0 || rHome[j] === 0 || rHome[j] === country)) return 0;
    if (eWomanOnly[i] === 1 && rWoman[j] === 0) return 0;
    const h = hours[eOffset[i] + rOffset[j]];
    if (h < eMinHours[i]) return 0;
    const areaCount = eAreaCount[i];
    let total = areaCount === 0 ? 25 : (50 * popcount(eArea[i] & rArea[j])) / areaCount;
    total += sharedLanguages >= 2 ? 15 : 10;
    total += (20 * h) / 9;
    if (country !== 0 && (rKnows[j] & country) !== 0) total += 10;
    total += rVerified[j];
    return Math.round(total * 10) / 10;
  };
}

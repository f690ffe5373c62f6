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
  const edges: MatchingEdge[] = [];
  const row: MatchingEdge[] = [];
  const weigh = pairWeigher(mentees, mentors);
  mentees.forEach((_mentee, i) => {
    row.length = 0;
    for (let j = 0; j < mentors.length; j++) {
      if (seats[j] === 0) continue;
      const quality = weigh(i, j);
      if (quality > 0) row.push({ mentee: i, mentor: j, quality });
    }
    if (candidatesPerMentee > 0 && row.length > candidatesPerMentee) {
      // The K-th best quality, from a typed sort (far cheaper than sorting the edge objects).
      const qualities = Float64Array.from(row, (edge) => edge.quality).sort();
      const threshold = qualities[qualities.length - candidatesPerMentee];
      let kept = 0;
      for (const pass of [true, false]) {
        for (const edge of row) {
          if (kept < candidatesPerMentee && (pass ? edge.quality > threshold : edge.quality === threshold)) {
            edges.push(edge);
            kept++;
          }
        }
      }
      return;
    }
    edges.push(...row);
  });
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
  const e = mentees.map((m) => ({ lang: languages.mask(m.languages), area: areas.mask(m.expertise), areaCount: m.expertise.length, country: m.country === null ? 0 : countries.mask([m.country]) }));
  const r = mentors.map((m) => ({ lang: languages.mask(m.languages), area: areas.mask(m.expertise), home: m.country === null ? 0 : countries.mask([m.country]), knows: countries.mask(m.country === null ? m.countries : [...m.countries, m.country]) }));
  if (languages.overflow || areas.overflow || countries.overflow) {
    return (i, j) => (constraintBroken(mentees[i], mentors[j], { ignoreSeats: true }) === null ? matchScore(mentees[i], mentors[j]) : 0);
  }
  const hours = new Map<number, number>();
  const overlap = (a: number, b: number): number => {
    const key = a * 4096 + b;
    let h = hours.get(key);
    if (h === undefined) hours.set(key, (h = overlapHours(a, b)));
    return h;
  };
  return (i, j) => {
    const mentee = mentees[i];
    const mentor = mentors[j];
    const a = e[i];
    const b = r[j];
    if (mentee.accountId === mentor.accountId || !mentor.available || mentor.sanctioned) return 0;
    const sharedLanguages = popcount(a.lang & b.lang);
    if (sharedLanguages === 0) return 0;
    const { country, womanMentorOnly, minOverlapHours } = mentee.preferences;
    if (country === 'same' && (a.country === 0 || b.home !== a.country)) return 0;
    if (country === 'other' && (a.country === 0 || b.home === 0 || b.home === a.country)) return 0;
    if (womanMentorOnly && mentor.gender !== 'woman') return 0;
    const h = overlap(mentee.utcOffsetMinutes, mentor.utcOffsetMinutes);
    if (h < minOverlapHours) return 0;
    let total = a.areaCount === 0 ? 25 : (50 * popcount(a.area & b.area)) / a.areaCount;
    total += sharedLanguages >= 2 ? 15 : 10;
    total += (20 * h) / 9;
    if (a.country !== 0 && (b.knows & a.country) !== 0) total += 10;
    if (mentor.verified) total += 5;
    return Math.round(total * 10) / 10;
  };
}

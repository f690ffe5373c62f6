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
import type { EdgeList } from './optimal-matching';
import { candidateRowWeigher, qualityUpperBound, seatPrices } from './matching-bound';
import type { CandidatePairs } from './matching-bound';

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
  /**
   * No assignment of the whole cohort reaches more than this (matching-bound.ts): the total itself when
   * every allowed pair was a candidate, else a bound proven from the run's seat prices over every allowed pair.
   */
  qualityBound: number;
  /** Where the time went: weighing pairs, the assignment, then proving the bound. */
  timings: { candidatesMs: number; assignmentMs: number; boundMs: number };
}

export function runMatching(mentees: readonly MenteeFacts[], mentors: readonly MentorFacts[], candidatesPerMentee = 0): MatchingRunResult {
  const started = performance.now();
  const seats = mentors.map((m) => Math.max(0, m.capacity - m.seatsTaken));
  const open = Int32Array.from(seats.flatMap((free, j) => (free > 0 ? [j] : [])));
  // The kept pairs as typed arrays (an EdgeList), grown by doubling: no object per pair.
  const edges: EdgeList = { length: 0, mentee: new Int32Array(1024), mentor: new Int32Array(1024), tenths: new Int32Array(1024) };
  const keep = (mentee: number, mentor: number, tenths: number): void => {
    if (edges.length === edges.mentee.length) {
      for (const key of ['mentee', 'mentor', 'tenths'] as const) {
        const grown = new Int32Array(edges[key].length * 2);
        grown.set(edges[key]);
        edges[key] = grown;
      }
    }
    edges.mentee[edges.length] = mentee;
    edges.mentor[edges.length] = mentor;
    edges.tenths[edges.length++] = tenths;
  };
  // One mentee's allowed mentors and their qualities in tenths, reused row after row (no object per pair weighed).
  const rowMentor = new Int32Array(open.length);
  const rowTenths = new Int32Array(open.length);
  // How many of the row's pairs have each quality (in tenths, 0–100.0): the K-th best is read off it.
  const histogram = new Int32Array(MAX_TENTHS + 1);
  const weighRow = rowWeigher(mentees, mentors, open);
  let pruned = false;
  for (let i = 0; i < mentees.length; i++) {
    const n = weighRow(i, rowMentor, rowTenths);
    if (candidatesPerMentee > 0 && n > candidatesPerMentee) {
      pruned = true;
      // Only the K best are kept: those above the K-th best quality, then ties at it in mentor order.
      for (let k = 0; k < n; k++) histogram[rowTenths[k]]++;
      let threshold = MAX_TENTHS;
      let above = 0;
      while (above + histogram[threshold] < candidatesPerMentee) above += histogram[threshold--];
      let ties = candidatesPerMentee - above;
      for (let k = 0; k < n; k++) {
        const tenths = rowTenths[k];
        histogram[tenths] = 0;
        if (tenths > threshold || (tenths === threshold && ties-- > 0)) keep(i, rowMentor[k], tenths);
      }
      continue;
    }
    for (let k = 0; k < n; k++) keep(i, rowMentor[k], rowTenths[k]);
  }
  const weighed = performance.now();
  const optimal = optimalMatching(mentees.length, seats, edges);
  const assigned = performance.now();
  // Some pairs were left out: how much could they have added? Prices from the run, then every allowed pair weighed again.
  let qualityBound = optimal.total;
  if (pruned) {
    // Over every allowed pair first (the bound is then tight); should the prices not settle within the
    // budget, over the run's own candidates, on which its assignment is optimal, so they always settle.
    const assignment = matchedTo(mentees.length, optimal.pairs);
    const prices =
      seatPrices(mentees.length, mentors.length, assignment, weighRow, PRICE_BUDGET) ??
      seatPrices(mentees.length, mentors.length, assignment, candidateRowWeigher(candidateRows(mentees.length, edges)), PRICE_BUDGET);
    qualityBound = prices ? Math.max(optimal.total, qualityUpperBound(mentees.length, seats, prices, weighRow)) : Number.POSITIVE_INFINITY;
  }
  const bounded = performance.now();
  const greedy = greedyMatching(mentees.length, seats, edges);
  const matched = new Set<number>();
  const proposals = optimal.pairs.map(([i, j]) => {
    matched.add(i);
    return { menteeId: mentees[i].accountId, mentorId: mentors[j].accountId, ...matchQuality(mentees[i], mentors[j]) };
  });
  // The same order as localeCompare (the default collator), without looking the collator up per comparison.
  const collator = new Intl.Collator();
  proposals.sort((a, b) => b.score - a.score || collator.compare(a.menteeId, b.menteeId));
  return {
    proposals,
    unmatched: mentees.filter((_, i) => !matched.has(i)).map((m) => m.accountId),
    totalScore: optimal.total,
    greedyScore: greedy.total,
    candidatePairs: edges.length,
    qualityBound,
    timings: { candidatesMs: Math.round(weighed - started), assignmentMs: Math.round(assigned - weighed), boundMs: Math.round(bounded - assigned) },
  };
}

/** The kept pairs mentee by mentee (they were kept in mentee order, so this only counts them). */
function candidateRows(menteeCount: number, edges: EdgeList): CandidatePairs {
  const rowStart = new Int32Array(menteeCount + 1);
  for (let x = 0; x < edges.length; x++) rowStart[edges.mentee[x] + 1]++;
  for (let i = 0; i < menteeCount; i++) rowStart[i + 1] += rowStart[i];
  return { rowStart, mentor: edges.mentor.subarray(0, edges.length), tenths: edges.tenths.subarray(0, edges.length) };
}

const matchedTo = (menteeCount: number, pairs: readonly [number, number][]): Int32Array => {
  const to = new Int32Array(menteeCount).fill(-1);
  for (const [i, j] of pairs) to[i] = j;
  return to;
};

/** Pair readings the seat prices may take (about 2 s of a slow core); a bench run needs about 7 M. */
const PRICE_BUDGET = 60_000_000;

/** A quality is at most 100 (50 + 15 + 20 + 10 + 5, see matchScore), i.e. 1,000 tenths. */
const MAX_TENTHS = 1000;

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
  const cohort = cohortTables(mentees, mentors);
  if (cohort === null) return (i, j) => slowWeight(mentees[i], mentors[j]);
  const { allowed, excluded, tenths } = cohort;
  return (i, j) => (excluded(i, j) || !allowed(i, j) ? 0 : tenths(i, j) / 10);
}

/**
 * A whole row at once: fills rowMentor/rowTenths with mentee i's allowed mentors among `open` (in that
 * order) and their qualities in tenths, and returns how many. The same numbers as `pairWeigher`, but the
 * hard constraints are checked once per group of mentees who ask the same (languages, country and its
 * preference, woman mentor only, hours wanted, time zone): a 10,000-mentee cohort has a few hundred such
 * groups, so the 20 M (mentee, mentor) pairs shrink to the 8 M allowed ones, each only scored.
 */
export function rowWeigher(mentees: readonly MenteeFacts[], mentors: readonly MentorFacts[], open: Int32Array): (i: number, rowMentor: Int32Array, rowTenths: Int32Array) => number {
  const cohort = cohortTables(mentees, mentors);
  if (cohort === null) {
    return (i, rowMentor, rowTenths) => {
      let n = 0;
      for (const j of open) {
        const quality = slowWeight(mentees[i], mentors[j]);
        if (quality > 0) {
          rowMentor[n] = j;
          rowTenths[n++] = Math.round(quality * 10);
        }
      }
      return n;
    };
  }
  const { allowed, excluded, hasExclusions, groupKey, profile, profiles, profileTenths, eArea, rArea, eAreaCount } = cohort;
  const groupOf = new Map<string, number>();
  // Per group: its allowed mentors, each one's profile (what her score reads besides the areas), and
  // per number of areas the mentee asked for a table of tenths by (areas shared, profile).
  const lists: Int32Array[] = [];
  const profileOf: Uint16Array[] = [];
  // The profiles present in each group, renumbered 0.. (a table row holds only those).
  const present: number[][] = [];
  const tables: Map<number, Int32Array>[] = [];
  const local = new Int32Array(profiles).fill(-1);
  const scratch = new Int32Array(open.length);
  const group = Int32Array.from(mentees, (_, i) => {
    const key = groupKey(i);
    let g = groupOf.get(key);
    if (g === undefined) {
      groupOf.set(key, (g = lists.length));
      // The group's allowed mentors, judged on its first mentee: the constraints read only the group's key.
      // (Plain loops: a typed array's filter/from calling back per mentor cost more than the checks.)
      let count = 0;
      for (let x = 0; x < open.length; x++) if (allowed(i, open[x])) scratch[count++] = open[x];
      const list = scratch.slice(0, count);
      lists.push(list);
      const kinds: number[] = [];
      const kindOf = new Uint16Array(count);
      for (let x = 0; x < count; x++) {
        const p = profile(i, list[x]);
        if (local[p] === -1) local[p] = kinds.push(p) - 1;
        kindOf[x] = local[p];
      }
      profileOf.push(kindOf);
      for (const p of kinds) local[p] = -1;
      present.push(kinds);
      tables.push(new Map());
    }
    return g;
  });
  const tableFor = (i: number): Int32Array => {
    const byCount = tables[group[i]];
    let table = byCount.get(eAreaCount[i]);
    if (table === undefined) {
      const kinds = present[group[i]];
      // Areas shared: at most the mentee's (distinct, so at most her count) and at most 31 (the bit set).
      const rows = Math.min(eAreaCount[i], 31) + 1;
      table = new Int32Array(rows * kinds.length);
      for (let shared = 0; shared < rows; shared++) kinds.forEach((p, x) => (table![shared * kinds.length + x] = profileTenths(i, shared, p)));
      byCount.set(eAreaCount[i], table);
    }
    return table;
  };
  // A pair then costs a popcount and two reads: 8 M pairs in the bench.
  return (i, rowMentor, rowTenths) => {
    const g = group[i];
    const list = lists[g];
    const profileOfMentor = profileOf[g];
    const table = tableFor(i);
    const width = present[g].length;
    const areas = eArea[i];
    // Nearly every mentee is neither a mentor in the cohort nor blocking anyone: no check per pair then.
    const check = hasExclusions(i);
    let n = 0;
    for (let x = 0; x < list.length; x++) {
      const j = list[x];
      if (check && excluded(i, j)) continue;
      rowMentor[n] = j;
      rowTenths[n++] = table[popcount(areas & rArea[j]) * width + profileOfMentor[x]];
    }
    return n;
  };
}

const slowWeight = (mentee: MenteeFacts, mentor: MentorFacts): number => (constraintBroken(mentee, mentor, { ignoreSeats: true }) === null ? matchScore(mentee, mentor) : 0);

/**
 * The cohort as a structure of arrays (millions of pairs read a few typed arrays instead of objects),
 * and the rules over it in three parts: `allowed` (the hard constraints that read only the mentee's
 * group key and the mentor), `excluded` (the ones personal to the mentee: herself, blocks) and `tenths`
 * (the score of an allowed pair, in tenths). Null when a set has more than 31 members (no bit mask).
 */
function cohortTables(mentees: readonly MenteeFacts[], mentors: readonly MentorFacts[]) {
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
  if (languages.overflow || areas.overflow || countries.overflow) return null;
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
  // Pairs a block forbids (either side blocked the other), as mentor indices per mentee; most have none.
  const blocked = mentees.map((m) => {
    if (!m.blocked || m.blocked.size === 0) return null;
    const forbidden = new Set<number>();
    for (const id of m.blocked) {
      const j = mentorOf.get(id);
      if (j !== undefined) forbidden.add(j);
    }
    return forbidden.size > 0 ? forbidden : null;
  });
  return {
    /** Everything `allowed` reads of the mentee: mentees with equal keys are allowed the same mentors. */
    groupKey: (i: number): string => `${eLang[i]} ${eCountry[i]} ${ePreference[i]} ${eWomanOnly[i]} ${eMinHours[i]} ${eOffset[i]}`,
    allowed: (i: number, j: number): boolean => {
      if (rOpen[j] === 0 || (eLang[i] & rLang[j]) === 0) return false;
      const country = eCountry[i];
      const preference = ePreference[i];
      if (preference === 1 && (country === 0 || rHome[j] !== country)) return false;
      if (preference === 2 && (country === 0 || rHome[j] === 0 || rHome[j] === country)) return false;
      if (eWomanOnly[i] === 1 && rWoman[j] === 0) return false;
      return hours[eOffset[i] + rOffset[j]] >= eMinHours[i];
    },
    hasExclusions: (i: number): boolean => self[i] !== -1 || blocked[i] !== null,
    excluded: (i: number, j: number): boolean => {
      if (self[i] === j) return true;
      const forbidden = blocked[i];
      return forbidden !== null && forbidden.has(j);
    },
    /** The score in tenths. */
    tenths: (i: number, j: number): number => {
      const country = eCountry[i];
      const knows = country !== 0 && (rKnows[j] & country) !== 0;
      return scoreTenths(eAreaCount[i], popcount(eArea[i] & rArea[j]), popcount(eLang[i] & rLang[j]) >= 2, hours[eOffset[i] + rOffset[j]], knows, rVerified[j]);
    },
    // What the score of an allowed pair reads besides the areas, for a mentee's group: the mentor's
    // time zone, whether they share two languages, whether she knows the mentee's country, verified.
    profiles: offsets.length * 8,
    profile: (i: number, j: number): number => {
      const country = eCountry[i];
      const knows = country !== 0 && (rKnows[j] & country) !== 0;
      return ((rOffset[j] * 2 + (popcount(eLang[i] & rLang[j]) >= 2 ? 1 : 0)) * 2 + (knows ? 1 : 0)) * 2 + (rVerified[j] > 0 ? 1 : 0);
    },
    /** The tenths of mentee i with a mentor of profile p sharing `shared` areas with her. */
    profileTenths: (i: number, shared: number, p: number): number =>
      scoreTenths(eAreaCount[i], shared, ((p >> 2) & 1) === 1, hours[eOffset[i] + (p >> 3)], ((p >> 1) & 1) === 1, (p & 1) === 1 ? 5 : 0),
    eArea,
    rArea,
    eAreaCount,
  };
}

/** matchScore's arithmetic in its order (so the same rounding), in tenths: 0–1,000. */
function scoreTenths(areaCount: number, sharedAreas: number, twoLanguages: boolean, hours: number, knowsCountry: boolean, verified: number): number {
  let total = areaCount === 0 ? 25 : (50 * sharedAreas) / areaCount;
  total += twoLanguages ? 15 : 10;
  total += (20 * hours) / 9;
  if (knowsCountry) total += 10;
  total += verified;
  return Math.round(total * 10);
}

/**
 * A cohort's matching run over plain facts: every allowed pair weighed (hard constraints first), the
 * optimal assignment (optimal-matching.ts), the greedy baseline's total beside it for the admin, and
 * the reasons for the pairs proposed. `candidatesPerMentee` (0 = all) keeps only each mentee's best
 * allowed mentors as edges: the result is then optimal over those candidates, which is what lets a
 * 10,000-mentee cohort run in seconds (docs/performance.md); cohorts of a few hundred use every pair.
 */
import { constraintBroken, matchQuality, matchScore } from '../suggestions/match-quality';
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
  mentees.forEach((mentee, i) => {
    row.length = 0;
    mentors.forEach((mentor, j) => {
      if (seats[j] === 0 || constraintBroken(mentee, mentor, { ignoreSeats: true }) !== null) return;
      const quality = matchScore(mentee, mentor);
      if (quality > 0) row.push({ mentee: i, mentor: j, quality });
    });
    if (candidatesPerMentee > 0 && row.length > candidatesPerMentee) {
      row.sort((a, b) => b.quality - a.quality);
      row.length = candidatesPerMentee;
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

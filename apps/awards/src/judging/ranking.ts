/**
 * Ranking the finalists (issue 6, "Judging in two tiers"). Judges mark differently — one gives 8s and
 * 9s, another 4s and 5s — so each judge's totals are normalised to z-scores before they are combined:
 * z = (total − her mean) / her standard deviation, over the sheets she filled in for the finalists being
 * ranked (population deviation; a judge whose totals are all equal expresses no preference and gives 0).
 * A finalist's score is the mean of her judges' z-scores; finalists are ranked within their group (a
 * member country, or the regional category).
 *
 * Ties (z-scores equal to 1e-9) are broken by, in order: the higher mean raw total; the higher mean
 * score on the rubric's heaviest criterion; more score sheets; the earlier submission; the lower id.
 */
import type { ResultGroup } from '@weop/contracts';

export const TIE_BREAK_RULE =
  'Finalists are ranked by the mean of their judges\' z-scores (each judge\'s totals normalised by her own mean and standard deviation). ' +
  'Equal z-scores (to 1e-9) are ordered by the higher mean raw total, then the higher mean score on the heaviest rubric criterion, ' +
  'then more score sheets, then the earlier submission, then the nomination id.';

export type TieRule = 'raw-mean' | 'lead-criterion' | 'more-judges' | 'earlier-submission' | 'id';

/** One judge's sheet: `total` is the weighted mean of her criteria, `lead` her score on the heaviest one. */
export interface SheetInput {
  judge: string;
  nomination: string;
  total: number;
  lead: number;
}

export interface FinalistInput {
  id: string;
  group: ResultGroup;
  /** Milliseconds since the epoch. */
  submittedAt: number;
}

export interface RankedFinalist {
  nominationId: string;
  group: ResultGroup;
  rank: number;
  score: number;
  rawMean: number;
  leadMean: number;
  judges: number;
  tieBrokenBy: TieRule | null;
}

export interface Ranking {
  ranked: RankedFinalist[];
  /** Finalists no sheet was counted for. */
  unscored: string[];
}

const EPSILON = 1e-9;

/**
 * Each sheet's z-score within its judge's sheets (same order as `sheets`). Two passes per judge (mean,
 * then squared deviations) rather than a running sum of squares, which loses precision on close totals.
 */
export function zScores(sheets: readonly SheetInput[]): Float64Array {
  const index = new Map<string, number>();
  const judgeOf = new Int32Array(sheets.length);
  const sums: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sheets.length; i++) {
    let j = index.get(sheets[i].judge);
    if (j === undefined) {
      j = sums.length;
      index.set(sheets[i].judge, j);
      sums.push(0);
      counts.push(0);
    }
    judgeOf[i] = j;
    sums[j] += sheets[i].total;
    counts[j] += 1;
  }
  const means = sums.map((sum, j) => sum / counts[j]);
  const squares = new Float64Array(means.length);
  for (let i = 0; i < sheets.length; i++) {
    const d = sheets[i].total - means[judgeOf[i]];
    squares[judgeOf[i]] += d * d;
  }
  const deviations = means.map((_, j) => Math.sqrt(squares[j] / counts[j]));
  const z = new Float64Array(sheets.length);
  for (let i = 0; i < sheets.length; i++) {
    const j = judgeOf[i];
    z[i] = deviations[j] > EPSILON ? (sheets[i].total - means[j]) / deviations[j] : 0;
  }
  return z;
}

/** The tie-break order after the z-score: the first rule that separates a from b, and which comes first. */
export function tieBreak(a: RankedFinalist & { submittedAt: number }, b: RankedFinalist & { submittedAt: number }): { rule: TieRule; order: number } {
  if (Math.abs(a.rawMean - b.rawMean) > EPSILON) return { rule: 'raw-mean', order: b.rawMean - a.rawMean };
  if (Math.abs(a.leadMean - b.leadMean) > EPSILON) return { rule: 'lead-criterion', order: b.leadMean - a.leadMean };
  if (a.judges !== b.judges) return { rule: 'more-judges', order: b.judges - a.judges };
  if (a.submittedAt !== b.submittedAt) return { rule: 'earlier-submission', order: a.submittedAt - b.submittedAt };
  return { rule: 'id', order: a.nominationId < b.nominationId ? -1 : a.nominationId > b.nominationId ? 1 : 0 };
}

/** Ranks the finalists from the sheets counted for them; sheets of anyone else are left out before normalising. */
export function rankFinalists(finalists: readonly FinalistInput[], sheets: readonly SheetInput[]): Ranking {
  const slot = new Map<string, number>();
  finalists.forEach((f, i) => slot.set(f.id, i));
  const counted = sheets.filter((s) => slot.has(s.nomination));
  const z = zScores(counted);
  const zSum = new Float64Array(finalists.length);
  const rawSum = new Float64Array(finalists.length);
  const leadSum = new Float64Array(finalists.length);
  const n = new Int32Array(finalists.length);
  for (let i = 0; i < counted.length; i++) {
    const k = slot.get(counted[i].nomination)!;
    zSum[k] += z[i];
    rawSum[k] += counted[i].total;
    leadSum[k] += counted[i].lead;
    n[k] += 1;
  }
  const entries: (RankedFinalist & { submittedAt: number })[] = [];
  const unscored: string[] = [];
  finalists.forEach((f, k) => {
    if (n[k] === 0) {
      unscored.push(f.id);
      return;
    }
    entries.push({
      nominationId: f.id,
      group: f.group,
      rank: 0,
      score: zSum[k] / n[k],
      rawMean: rawSum[k] / n[k],
      leadMean: leadSum[k] / n[k],
      judges: n[k],
      tieBrokenBy: null,
      submittedAt: f.submittedAt,
    });
  });
  const byScore = (a: (typeof entries)[number], b: (typeof entries)[number]): number =>
    Math.abs(a.score - b.score) > EPSILON ? b.score - a.score : tieBreak(a, b).order;

  const groups = new Map<ResultGroup, typeof entries>();
  for (const e of entries) {
    const list = groups.get(e.group);
    if (list) list.push(e);
    else groups.set(e.group, [e]);
  }
  const ranked: RankedFinalist[] = [];
  for (const list of groups.values()) {
    list.sort(byScore);
    list.forEach((e, i) => {
      const above = list[i - 1];
      const tieBrokenBy = above && Math.abs(above.score - e.score) <= EPSILON ? tieBreak(above, e).rule : null;
      const { submittedAt: _submittedAt, ...entry } = e;
      ranked.push({ ...entry, rank: i + 1, tieBrokenBy });
    });
  }
  return { ranked, unscored };
}

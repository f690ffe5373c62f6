/**
 * What closing judging computes, without the database: which score sheets count (a held, unpaused
 * seat; a finalist that is not paused; no conflict between them), whether every finalist has enough of
 * them, the ranking, and the champions each group names.
 */
import type { ResultGroup } from '@weop/contracts';
import { groupOrderOf } from '../../cycles/cycle-rules';
import { rankFinalists } from '../ranking';
import type { RankedFinalist, SheetInput } from '../ranking';

export interface JuryFinalist {
  id: string;
  group: ResultGroup;
  submittedAt: number;
  paused: boolean;
}

export interface JurySeatState {
  id: string;
  /** Held and not paused by a sanction. */
  active: boolean;
}

export interface JuryRules {
  minScoresPerFinalist: number;
  championsPerCountry: number;
  regionalChampions: number;
}

export type JuryOutcome =
  | { kind: 'incomplete'; lacking: { nominationId: string; sheets: number; needed: number }[] }
  | {
      kind: 'ranked';
      ranked: (RankedFinalist & { champion: boolean; groupOrder: number })[];
      excluded: { nominationId: string; reason: 'paused' }[];
      excludedScoreSheets: number;
    };

export function juryResults(
  finalists: readonly JuryFinalist[],
  seats: readonly JurySeatState[],
  sheets: readonly SheetInput[],
  /** The nominations each seat is conflicted with. */
  conflicted: (seatId: string) => ReadonlySet<string>,
  rules: JuryRules,
): JuryOutcome {
  const activeSeats = new Set(seats.filter((s) => s.active).map((s) => s.id));
  const allFinalists = new Set(finalists.map((f) => f.id));
  const running = new Map(finalists.filter((f) => !f.paused).map((f) => [f.id, f]));
  const conflictsOfSeat = new Map<string, ReadonlySet<string>>();
  const isConflicted = (seatId: string, nominationId: string): boolean => {
    let found = conflictsOfSeat.get(seatId);
    if (!found) conflictsOfSeat.set(seatId, (found = conflicted(seatId)));
    return found.has(nominationId);
  };
  const counted = sheets.filter((s) => activeSeats.has(s.judge) && running.has(s.nomination) && !isConflicted(s.judge, s.nomination));
  const perFinalist = new Map<string, number>();
  for (const s of counted) perFinalist.set(s.nomination, (perFinalist.get(s.nomination) ?? 0) + 1);
  const lacking = [...running.keys()]
    .map((id) => ({ nominationId: id, sheets: perFinalist.get(id) ?? 0, needed: rules.minScoresPerFinalist }))
    .filter((l) => l.sheets < l.needed);
  if (lacking.length > 0) return { kind: 'incomplete', lacking };
  const { ranked } = rankFinalists([...running.values()], counted);
  return {
    kind: 'ranked',
    ranked: ranked.map((r) => ({ ...r, groupOrder: groupOrderOf(r.group), champion: r.rank <= (r.group === 'regional' ? rules.regionalChampions : rules.championsPerCountry) })),
    excluded: finalists.filter((f) => f.paused).map((f) => ({ nominationId: f.id, reason: 'paused' as const })),
    excludedScoreSheets: sheets.filter((s) => allFinalists.has(s.nomination)).length - counted.length,
  };
}

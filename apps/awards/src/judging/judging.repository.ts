/** Jury seats, conflict declarations, score sheets and the ranking, as awards stores them. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JuryTier, ResultGroup } from '@weop/contracts';
import { ConflictDeclaration, JurySeat, ScoreSheet } from './jury-seat.entity';
import type { RankedFinalist, SheetInput } from './ranking';

export interface RankingRow {
  nominationId: string;
  group: ResultGroup;
  rank: number;
  score: number;
  rawMean: number;
  judges: number;
  tieBrokenBy: string | null;
  champion: boolean;
}

@Injectable()
export class JudgingRepository {
  /** Her seats in a cycle that are still held. */
  seatsOf(em: EntityManager, cycleId: string, accountId: string): Promise<JurySeat[]> {
    return em.find(JurySeat, { cycleId, accountId, removedAt: null }, { orderBy: { seatedAt: 'asc' } });
  }

  /** Every seat she has held, in any cycle, ended or not (her export). */
  seatsEverHeld(em: EntityManager, accountId: string): Promise<JurySeat[]> {
    return em.find(JurySeat, { accountId }, { orderBy: [{ seatedAt: 'asc' }, { id: 'asc' }] });
  }

  /** The conflicts these seats declared, oldest first. */
  declared(em: EntityManager, seatIds: readonly string[]): Promise<ConflictDeclaration[]> {
    return seatIds.length ? em.find(ConflictDeclaration, { seatId: { $in: [...seatIds] } }, { orderBy: [{ declaredAt: 'asc' }, { id: 'asc' }] }) : Promise.resolve([]);
  }

  seat(em: EntityManager, cycleId: string, seatId: string): Promise<JurySeat | null> {
    return em.findOne(JurySeat, { id: seatId, cycleId });
  }

  /** Every seat still held in the cycle (of one tier, if given), oldest first. */
  seats(em: EntityManager, cycleId: string, tier?: JuryTier): Promise<JurySeat[]> {
    return em.find(JurySeat, { cycleId, removedAt: null, ...(tier ? { tier } : {}) }, { orderBy: [{ seatedAt: 'asc' }, { id: 'asc' }] });
  }

  /** Nominations each seat declared a conflict with. */
  async declarations(em: EntityManager, seatIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const bySeat = new Map<string, Set<string>>();
    if (seatIds.length === 0) return bySeat;
    const rows = await em.find(ConflictDeclaration, { seatId: { $in: [...seatIds] } });
    for (const d of rows) bySeat.set(d.seatId, (bySeat.get(d.seatId) ?? new Set()).add(d.nominationId));
    return bySeat;
  }

  sheetsOf(em: EntityManager, seatId: string | readonly string[], nominationIds?: readonly string[]): Promise<ScoreSheet[]> {
    return em.find(ScoreSheet, { seatId: typeof seatId === 'string' ? seatId : { $in: [...seatId] }, ...(nominationIds ? { nominationId: { $in: [...nominationIds] } } : {}) }, { orderBy: [{ scoredAt: 'asc' }, { id: 'asc' }] });
  }

  sheet(em: EntityManager, seatId: string, nominationId: string): Promise<ScoreSheet | null> {
    return em.findOne(ScoreSheet, { seatId, nominationId });
  }

  /** Score sheets per nomination. */
  async sheetCounts(em: EntityManager, nominationIds: readonly string[]): Promise<Map<string, number>> {
    const map = new Map<string, number>();
    if (nominationIds.length === 0) return map;
    const rows = await em.getConnection().execute<{ nomination_id: string; n: string }[]>(
      'select nomination_id, count(*) as n from score_sheet where nomination_id in (select value::uuid from json_array_elements_text(?::json)) group by nomination_id',
      [JSON.stringify(nominationIds)], 'all', em.getTransactionContext(),
    );
    for (const r of rows) map.set(r.nomination_id, Number(r.n));
    return map;
  }

  /** Every score sheet on the cycle's finalists, narrow: what ranking needs. */
  rankingSheets(em: EntityManager, cycleId: string): Promise<SheetInput[]> {
    return em.getConnection().execute<SheetInput[]>(
      `select s.seat_id as judge, s.nomination_id as nomination, s.total, s.lead
         from score_sheet s join nomination n on n.id = s.nomination_id
        where n.cycle_id = ? and n.status = 'finalist'`,
      [cycleId], 'all', em.getTransactionContext(),
    );
  }

  /** Replaces the cycle's ranking (judging may close again before publication). */
  async saveRanking(em: EntityManager, cycleId: string, ranked: readonly (RankedFinalist & { champion: boolean; groupOrder: number })[]): Promise<void> {
    const connection = em.getConnection();
    await connection.execute('delete from ranking_entry where cycle_id = ?', [cycleId], 'run', em.getTransactionContext());
    // One JSON parameter per thousand rows: a row of parameters each would pass PostgreSQL's limit of 65,535.
    for (let i = 0; i < ranked.length; i += 1000) {
      const chunk = ranked.slice(i, i + 1000).map((r) => ({
        nomination_id: r.nominationId, group_key: r.group, group_order: r.groupOrder, rank: r.rank, score: r.score, raw_mean: r.rawMean, judges: r.judges, tie_broken_by: r.tieBrokenBy, champion: r.champion,
      }));
      await connection.execute(
        `insert into ranking_entry (nomination_id, cycle_id, group_key, group_order, rank, score, raw_mean, judges, tie_broken_by, champion)
         select r.nomination_id, ?, r.group_key, r.group_order, r.rank, r.score, r.raw_mean, r.judges, r.tie_broken_by, r.champion
           from json_to_recordset(?::json) as r(nomination_id uuid, group_key text, group_order int, rank int, score float8, raw_mean float8, judges int, tie_broken_by text, champion boolean)`,
        [cycleId, JSON.stringify(chunk)], 'run', em.getTransactionContext(),
      );
    }
  }

  /** The ranking by group (CAREC order, regional last) and rank, after a (groupOrder, rank) cursor. */
  async ranking(em: EntityManager, cycleId: string, limit: number, filter: { group?: ResultGroup; after?: { groupOrder: number; rank: number }; championsOnly?: boolean }): Promise<(RankingRow & { groupOrder: number })[]> {
    const rows = await em.getConnection().execute<{ nomination_id: string; group_key: ResultGroup; group_order: number; rank: number; score: number; raw_mean: number; judges: number; tie_broken_by: string | null; champion: boolean }[]>(
      `select nomination_id, group_key, group_order, rank, score, raw_mean, judges, tie_broken_by, champion from ranking_entry
        where cycle_id = ? ${filter.group ? 'and group_key = ?' : ''} ${filter.championsOnly ? 'and champion' : ''}
          ${filter.after ? 'and (group_order, rank) > (?, ?)' : ''}
        order by group_order, rank limit ?`,
      [cycleId, ...(filter.group ? [filter.group] : []), ...(filter.after ? [filter.after.groupOrder, filter.after.rank] : []), limit],
      'all', em.getTransactionContext(),
    );
    return rows.map((r) => ({ nominationId: r.nomination_id, group: r.group_key, groupOrder: r.group_order, rank: r.rank, score: r.score, rawMean: r.raw_mean, judges: r.judges, tieBrokenBy: r.tie_broken_by, champion: r.champion }));
  }

  /** Her seats leave with her account; their sheets stay with the seat (the judging record). */
  async releaseSeats(em: EntityManager, accountId: string, now: Date): Promise<{ id: string; cycle_id: string }[]> {
    return em.getConnection().execute<{ id: string; cycle_id: string }[]>(
      'update jury_seat set account_id = null, email = null, removed_at = coalesce(removed_at, ?) where account_id = ? returning id, cycle_id',
      [now, accountId], 'all', em.getTransactionContext(),
    );
  }
}

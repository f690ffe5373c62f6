/**
 * An awards-admin closes judging: the finalists are ranked from the score sheets that count, normalised
 * per judge (ranking.ts), and the best of each group are named champions, ready to publish. Paused
 * finalists and paused or unseated jurors' sheets are left out; a conflict that came to light after a
 * sheet was written voids that sheet. Closing again before publication recomputes (after a sanction
 * ends, a juror is seated, or the champions per group change).
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, notFound } from '@weop/contracts';
import type { CloseJudgingResponse, Principal, RankedNomination, ResultGroup } from '@weop/contracts';
import { readTogether } from '@weop/persistence';
import { AuditRepository } from '../../audit/audit.repository';
import { requireAwardsAdmin, wrongStage } from '../../awards-access';
import { CyclesRepository } from '../../cycles/cycles.repository';
import { MembersRepository } from '../../members/members.repository';
import type { Nomination } from '../../nominations/nomination.entity';
import { nomineeView } from '../../nominations/nomination-views';
import { NominationsRepository } from '../../nominations/nominations.repository';
import { JudgingRepository } from '../judging.repository';
import { JuryAccess } from '../jury-access.service';
import type { RankedFinalist } from '../ranking';
import { juryResults } from './jury-results';

const NO_CONFLICTS: ReadonlySet<string> = new Set();

export const groupOf = (n: Nomination): ResultGroup => (n.category === 'regional' ? 'regional' : (n.nomineeCountry as ResultGroup));

export const rankedNomination = (r: Pick<RankedFinalist, 'nominationId' | 'group' | 'rank' | 'score' | 'rawMean' | 'judges'> & { tieBrokenBy: string | null; champion: boolean }, n: Nomination): RankedNomination => ({
  nominationId: r.nominationId,
  group: r.group,
  rank: r.rank,
  score: r.score,
  rawMean: r.rawMean,
  judges: r.judges,
  tieBrokenBy: r.tieBrokenBy,
  champion: r.champion,
  category: n.category,
  nominee: nomineeView(n),
});

@Injectable()
export class CloseJudgingUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly cycles: CyclesRepository,
    private readonly nominations: NominationsRepository,
    private readonly judging: JudgingRepository,
    private readonly members: MembersRepository,
    private readonly jury: JuryAccess,
    private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Principal, cycleId: string): Promise<CloseJudgingResponse> {
    requireAwardsAdmin(caller);
    return this.em.fork().transactional(async (em) => {
      const cycle = await this.cycles.byId(em, cycleId, true);
      if (!cycle) throw notFound('The award cycle');
      if (cycle.stage === 'published') throw wrongStage(`The ${cycle.year} results are already published.`);
      if (cycle.stage !== 'jury' && cycle.stage !== 'closed') throw wrongStage('Judging closes after the regional jury has scored the finalists; the jury has not begun.');
      const finalists = await this.nominations.finalists(em, cycleId);
      const [paused, seats, sheets] = await readTogether(em, [
        () => this.nominations.paused(em, finalists.map((n) => n.id)),
        () => this.judging.seats(em, cycleId, 'regional'),
        () => this.judging.rankingSheets(em, cycleId),
      ]);
      const sanctioned = await this.members.sanctioned(em, seats.map((s) => s.accountId));
      const book = await this.jury.conflictBook(em, cycle, seats, finalists);
      const seatById = new Map(seats.map((s) => [s.id, s]));
      const nominationById = new Map(finalists.map((n) => [n.id, n]));
      const outcome = juryResults(
        finalists.map((n) => ({ id: n.id, group: groupOf(n), submittedAt: n.createdAt.getTime(), paused: paused.has(n.id) })),
        seats.map((s) => ({ id: s.id, active: s.accountId !== null && !sanctioned.has(s.accountId) })),
        sheets,
        (seatId) => {
          const seat = seatById.get(seatId);
          return seat ? book.conflicted(seat) : NO_CONFLICTS;
        },
        cycle,
      );
      if (outcome.kind === 'incomplete') {
        throw new DomainError(
          'JUDGING_INCOMPLETE',
          `${outcome.lacking.length} finalist(s) have fewer than the ${cycle.minScoresPerFinalist} score sheet(s) the cycle asks for; judging cannot close yet.`,
          outcome.lacking.map((l) => ({ ...l, nominee: nominationById.get(l.nominationId)!.nomineeName })),
        );
      }
      await this.judging.saveRanking(em, cycleId, outcome.ranked);
      const now = new Date();
      cycle.stage = 'closed';
      cycle.closedAt = now;
      cycle.updatedAt = now;
      const champions = outcome.ranked.filter((r) => r.champion);
      this.audit.log(em, {
        cycleId,
        actor: caller.accountId,
        action: 'judging-closed',
        data: { ranked: outcome.ranked.length, champions: champions.map((c) => c.nominationId), excluded: outcome.excluded, excludedScoreSheets: outcome.excludedScoreSheets },
        at: now,
      });
      await em.flush();
      return {
        closedAt: now.toISOString(),
        ranked: outcome.ranked.length,
        champions: champions.sort((a, b) => a.groupOrder - b.groupOrder || a.rank - b.rank).map((c) => rankedNomination(c, nominationById.get(c.nominationId)!)),
        excluded: outcome.excluded,
        excludedScoreSheets: outcome.excludedScoreSheets,
      };
    });
  }
}

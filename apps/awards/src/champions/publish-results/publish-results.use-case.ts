/**
 * An awards-admin publishes a closed cycle's results: each champion the ranking named gets its
 * citation and becomes a CAREC Gender Champion, public at GET /awards/champions; each is announced
 * (`awards.champion.announced.v1`), which puts the champion badge on a member champion's profile;
 * every nomination that went through judging gets its result (`awards.nomination.result.v1`), which
 * tells its nominator and its member nominee in community's inbox.
 * Nothing is published while a champion is paused by a sanction or no longer in the running: judging
 * is closed again first.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ChampionAnnouncedV1, DomainError, ErrorCode, NominationResultV1, notFound } from '@weop/contracts';
import type { FieldProblem, Principal, PublishResultsRequest, PublishResponse } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { readTogether } from '@weop/persistence';
import { AuditRepository } from '../../audit/audit.repository';
import { requireAwardsAdmin, wrongStage } from '../../awards-access';
import { CyclesRepository } from '../../cycles/cycles.repository';
import { JudgingRepository } from '../../judging/judging.repository';
import { NominationsRepository } from '../../nominations/nominations.repository';
import { Champion } from '../champion.entity';
import { championView } from '../champions.service';

@Injectable()
export class PublishResultsUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly cycles: CyclesRepository,
    private readonly nominations: NominationsRepository,
    private readonly judging: JudgingRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Principal, cycleId: string, input: PublishResultsRequest): Promise<PublishResponse> {
    requireAwardsAdmin(caller);
    return this.em.fork().transactional(async (em) => {
      const cycle = await this.cycles.byId(em, cycleId, true);
      if (!cycle) throw notFound('The award cycle');
      if (cycle.stage === 'published') throw wrongStage(`The ${cycle.year} results are already published.`);
      if (cycle.stage !== 'closed') throw wrongStage('Results are published once judging has closed.');
      const winners = await this.judging.ranking(em, cycleId, 1000, { championsOnly: true });
      const winnerIds = new Set(winners.map((w) => w.nominationId));
      const strangers: FieldProblem[] = input.citations
        .map((c, i) => ({ c, i }))
        .filter(({ c }) => !winnerIds.has(c.nominationId))
        .map(({ i }) => ({ field: `citations[${i}].nominationId`, problem: 'is not a champion of these results' }));
      if (strangers.length > 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is not valid.', strangers);
      const citations = new Map(input.citations.map((c) => [c.nominationId, c.citation.trim()]));
      const nominations = new Map((await readTogether(em, winners.map((w) => () => this.nominations.byId(em, w.nominationId, true)))).filter((n) => n !== null).map((n) => [n.id, n]));
      const missing = winners.filter((w) => !citations.has(w.nominationId));
      if (missing.length > 0) {
        throw new DomainError('CITATIONS_MISSING', `Every champion needs a citation: ${missing.length} of ${winners.length} have none.`, missing.map((w) => ({ nominationId: w.nominationId, nominee: nominations.get(w.nominationId)?.nomineeName ?? null })));
      }
      const paused = await this.nominations.paused(em, [...winnerIds]);
      const gone = winners.filter((w) => paused.has(w.nominationId) || nominations.get(w.nominationId)?.status !== 'finalist');
      if (gone.length > 0) {
        throw new DomainError('RESULTS_OUTDATED', 'A champion of these results has since been paused by a sanction or left the running; close judging again to rank the finalists as they stand.', gone.map((w) => ({ nominationId: w.nominationId })));
      }
      const now = new Date();
      const champions = winners.map((w) => {
        const n = nominations.get(w.nominationId)!;
        return em.create(Champion, {
          id: randomUUID(),
          cycleId,
          nominationId: n.id,
          year: cycle.year,
          category: n.category,
          country: n.category === 'regional' ? null : n.nomineeCountry,
          kind: n.nomineeKind,
          name: n.nomineeName,
          memberId: n.nomineeMemberId,
          citation: citations.get(n.id)!,
          position: w.groupOrder * 100 + w.rank,
          announcedAt: now,
        });
      });
      await this.nominations.markWinners(em, [...winnerIds], now);
      cycle.stage = 'published';
      cycle.publishedAt = now;
      cycle.updatedAt = now;
      for (const c of champions) {
        await this.outbox.add(em, ChampionAnnouncedV1.subject, {
          championId: c.id,
          cycleId,
          year: c.year,
          category: c.category,
          country: c.country,
          kind: c.kind,
          name: c.name,
          memberId: c.memberId,
          citation: c.citation,
          announcedAt: now.toISOString(),
        });
      }
      for (const n of await this.nominations.judged(em, cycleId)) {
        await this.outbox.add(em, NominationResultV1.subject, {
          nominationId: n.id,
          cycleId,
          year: cycle.year,
          nominatorId: n.nominatorId,
          nomineeMemberId: n.nomineeMemberId,
          outcome: winnerIds.has(n.id) ? 'champion' : 'not-selected',
          publishedAt: now.toISOString(),
        });
      }
      this.audit.log(em, { cycleId, actor: caller.accountId, action: 'results-published', data: { champions: champions.map((c) => ({ championId: c.id, nominationId: c.nominationId })) }, at: now });
      await em.flush();
      return { publishedAt: now.toISOString(), champions: champions.map(championView) };
    });
  }
}

/** The ranking a closed jury produced, for awards-admins: by group (CAREC order, regional last) and rank. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, notFound, pageOf } from '@weop/contracts';
import type { Principal, ResultsPage, ResultsQuery } from '@weop/contracts';
import { requireAwardsAdmin } from '../awards-access';
import { cycleStatus } from '../cycles/cycle-rules';
import { CyclesRepository } from '../cycles/cycles.repository';
import { NominationsRepository } from '../nominations/nominations.repository';
import { rankedNomination } from './close-judging/close-judging.use-case';
import { JudgingRepository } from './judging.repository';
import { TIE_BREAK_RULE } from './ranking';

@Injectable()
export class ResultsService {
  constructor(
    private readonly em: EntityManager,
    private readonly cycles: CyclesRepository,
    private readonly nominations: NominationsRepository,
    private readonly judging: JudgingRepository,
  ) {}

  async page(caller: Principal, cycleId: string, query: ResultsQuery): Promise<ResultsPage> {
    requireAwardsAdmin(caller);
    const em = this.em.fork();
    const cycle = await this.cycles.byId(em, cycleId);
    if (!cycle) throw notFound('The award cycle');
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['number', 'number']);
    const rows = await this.judging.ranking(em, cycleId, limit + 1, { group: query.group, after: key ? { groupOrder: Number(key[0]), rank: Number(key[1]) } : undefined });
    const page = pageOf(rows, limit, (r) => [r.groupOrder, r.rank]);
    const nominations = new Map((await Promise.all(page.items.map((r) => this.nominations.byId(em, r.nominationId)))).filter((n) => n !== null).map((n) => [n.id, n]));
    return {
      judgingStage: cycleStatus(cycle, new Date()).judgingStage,
      closedAt: cycle.closedAt?.toISOString() ?? null,
      tieBreakRule: TIE_BREAK_RULE,
      items: page.items.filter((r) => nominations.has(r.nominationId)).map((r) => rankedNomination(r, nominations.get(r.nominationId)!)),
      nextCursor: page.nextCursor,
    };
  }
}

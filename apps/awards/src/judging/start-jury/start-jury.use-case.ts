/**
 * The national screening ends and the regional jury begins (awards-admin): the finalists the screeners
 * chose, within each country's quota, go on; whatever else was still in the running is not selected.
 * The conflicts the platform finds between the jury and the finalists are written to the audit trail,
 * so an admin can seat another juror where too many are conflicted.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, notFound } from '@weop/contracts';
import type { CycleView, Principal } from '@weop/contracts';
import { AuditRepository } from '../../audit/audit.repository';
import { requireAwardsAdmin, wrongStage } from '../../awards-access';
import { cycleStatus } from '../../cycles/cycle-rules';
import { CyclesRepository } from '../../cycles/cycles.repository';
import { cycleView } from '../../cycles/cycles.service';
import { NominationsRepository } from '../../nominations/nominations.repository';
import { JudgingRepository } from '../judging.repository';
import { JuryAccess } from '../jury-access.service';

@Injectable()
export class StartJuryUseCase {
  constructor(
    private readonly em: EntityManager,
    private readonly cycles: CyclesRepository,
    private readonly nominations: NominationsRepository,
    private readonly judging: JudgingRepository,
    private readonly jury: JuryAccess,
    private readonly audit: AuditRepository,
  ) {}

  async execute(caller: Principal, cycleId: string): Promise<CycleView> {
    requireAwardsAdmin(caller);
    return this.em.fork().transactional(async (em) => {
      const cycle = await this.cycles.byId(em, cycleId, true);
      if (!cycle) throw notFound('The award cycle');
      const now = new Date();
      const { judgingStage } = cycleStatus(cycle, now);
      if (judgingStage !== 'screening') {
        throw wrongStage(judgingStage ? `The regional jury of the ${cycle.year} award has already begun.` : `The national screening begins when nominations close on ${cycle.nominationsCloseAt.toISOString()}.`);
      }
      const finalists = await this.nominations.finalists(em, cycleId);
      if (finalists.length === 0) throw new DomainError('NO_FINALISTS', 'No nomination has been made a finalist yet: the national screening chooses the finalists first.');
      const notSelected = await this.nominations.markNotSelected(em, cycleId, now);
      cycle.stage = 'jury';
      cycle.updatedAt = now;
      const byGroup: Record<string, number> = {};
      for (const f of finalists) {
        const group = f.category === 'regional' ? 'regional' : f.nomineeCountry;
        byGroup[group] = (byGroup[group] ?? 0) + 1;
      }
      this.audit.log(em, { cycleId, actor: caller.accountId, action: 'jury-started', data: { finalists: byGroup, notSelected }, at: now });
      const jurors = await this.judging.seats(em, cycleId, 'regional');
      const book = await this.jury.conflictBook(em, cycle, jurors, finalists);
      const byId = new Map(finalists.map((n) => [n.id, n]));
      const found = jurors.flatMap((seat) => [...book.conflicted(seat)].map((id) => ({ seatId: seat.id, nominationId: id, reasons: book.reasons(seat, byId.get(id)!) })));
      if (found.length > 0) this.audit.log(em, { cycleId, actor: 'system', action: 'conflicts-found', data: { conflicts: found }, at: now });
      await em.flush();
      return cycleView(cycle, now);
    });
  }
}

/** Sanctions, appeals and strikes as trust-safety stores them. Services keep the rules. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/core';
import { Appeal } from '../appeals/appeal.entity';
import { Decision, Sanction } from '../cases/decision.entity';
import { CaseReport, ModerationCase } from '../cases/moderation-case.entity';

@Injectable()
export class SanctionsRepository {
  /**
   * Upheld decisions against an author since `since`: every decision that found a violation in what
   * she wrote, except those whose sanction an appeal overturned.
   */
  async activeStrikes(em: EntityManager, authorId: string, since: Date): Promise<number> {
    const [row] = await em.getConnection().execute<{ n: string }[]>(
      `select count(*) as n
         from decision d join moderation_case c on c.id = d.case_id
        where c.author_id = ? and d.action <> 'dismiss' and d.decided_at >= ?
          and not exists (select 1 from appeal a where a.sanction_id = d.sanction_id and a.status = 'overturned')`,
      [authorId, since], 'all', em.getTransactionContext(),
    );
    return Number(row.n);
  }

  /** Her sanctions, newest first, after a (startsAt, id) cursor; with their appeals. */
  async sanctionsOf(em: EntityManager, accountId: string, limit: number, after?: { startsAt: Date; id: string }): Promise<{ sanction: Sanction; appeal: Appeal | null }[]> {
    const where: FilterQuery<Sanction> = { accountId };
    if (after) where.$or = [{ startsAt: { $lt: after.startsAt } }, { startsAt: after.startsAt, id: { $lt: after.id } }];
    const sanctions = await em.find(Sanction, where, { orderBy: [{ startsAt: 'desc' }, { id: 'desc' }], limit });
    const appeals = sanctions.length ? await em.find(Appeal, { sanctionId: { $in: sanctions.map((s) => s.id) } }) : [];
    return sanctions.map((sanction) => ({ sanction, appeal: appeals.find((a) => a.sanctionId === sanction.id) ?? null }));
  }

  sanction(em: EntityManager, id: string, lock = false): Promise<Sanction | null> {
    return em.findOne(Sanction, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  decision(em: EntityManager, id: string): Promise<Decision | null> {
    return em.findOne(Decision, { id });
  }

  /** Decisions that removed content or sanctioned, by id: what an overturned appeal must undo. */
  decisionsById(em: EntityManager, ids: string[]): Promise<Decision[]> {
    return ids.length ? em.find(Decision, { id: { $in: ids } }) : Promise.resolve([]);
  }

  /** Suspensions whose end has passed and that nothing lifted yet; locked, skipping rows another replica holds. */
  endedSuspensions(em: EntityManager, now: Date): Promise<Sanction[]> {
    return em.find(Sanction, { kind: 'suspension', liftedAt: null, endsAt: { $lte: now } }, { limit: 100, orderBy: { endsAt: 'asc' }, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
  }

  /** The cases about what she wrote, newest first, each with the action decided. */
  async casesAbout(em: EntityManager, authorId: string, limit: number): Promise<{ found: ModerationCase; action: string | null }[]> {
    const cases = await em.find(ModerationCase, { authorId }, { orderBy: [{ openedAt: 'desc' }, { id: 'desc' }], limit });
    const decisions = cases.length ? await em.find(Decision, { caseId: { $in: cases.map((c) => c.id) } }) : [];
    return cases.map((found) => ({ found, action: decisions.find((d) => d.caseId === found.id)?.action ?? null }));
  }

  appeal(em: EntityManager, id: string, lock = false): Promise<Appeal | null> {
    return em.findOne(Appeal, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  appealOf(em: EntityManager, sanctionId: string): Promise<Appeal | null> {
    return em.findOne(Appeal, { sanctionId });
  }

  /** The appeals queue: oldest first, after a (filedAt, id) cursor. */
  /** The appeals with this status, oldest first, except those of `except` (her own appeals are not hers to judge). */
  async appeals(em: EntityManager, status: Appeal['status'], limit: number, except: string, after?: { filedAt: Date; id: string }): Promise<{ appeal: Appeal; sanction: Sanction }[]> {
    const where: FilterQuery<Appeal> = { status, accountId: { $ne: except } };
    if (after) where.$or = [{ filedAt: { $gt: after.filedAt } }, { filedAt: after.filedAt, id: { $gt: after.id } }];
    const appeals = await em.find(Appeal, where, { orderBy: [{ filedAt: 'asc' }, { id: 'asc' }], limit });
    const sanctions = appeals.length ? await em.find(Sanction, { id: { $in: appeals.map((a) => a.sanctionId) } }) : [];
    return appeals.map((appeal) => ({ appeal, sanction: sanctions.find((s) => s.id === appeal.sanctionId)! }));
  }

  /** The reports she filed, with where their cases stand (for her data export). */
  async reportsBy(em: EntityManager, reporterId: string): Promise<{ report: CaseReport; status: ModerationCase['status'] }[]> {
    const reports = await em.find(CaseReport, { reporterId }, { orderBy: { filedAt: 'asc' } });
    const cases = reports.length ? await em.find(ModerationCase, { id: { $in: [...new Set(reports.map((r) => r.caseId))] } }) : [];
    return reports.map((report) => ({ report, status: cases.find((c) => c.id === report.caseId)?.status ?? 'open' }));
  }
}

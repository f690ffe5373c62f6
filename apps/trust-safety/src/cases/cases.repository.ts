/** Cases, reports, reporters' standings and subjects' visibility versions as trust-safety stores them. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/core';
import type { ReportSubjectType } from '@weop/contracts';
import { lockUntilCommit } from '@weop/persistence';
import { CaseEvent, CaseReport, Member, ModerationCase, ReporterStanding } from './moderation-case.entity';
import type { Standing } from './reporter-standing';

@Injectable()
export class CasesRepository {
  /** Serialises everything about one subject within a transaction (two reports arriving together join one case). */
  async lockSubject(em: EntityManager, type: ReportSubjectType, id: string): Promise<void> {
    await lockUntilCommit(em, `trust-safety.case:${type}:${id}`);
  }

  openCaseOf(em: EntityManager, type: ReportSubjectType, id: string): Promise<ModerationCase | null> {
    return em.findOne(ModerationCase, { subjectType: type, subjectId: id, status: 'open' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /**
   * The moderators' queue (API.md "Order"): highest priority first, then oldest, after the `after` position.
   * Never the cases about the moderator (`aboutCaller` in SQL, before the LIMIT, so that a page holds cases of
   * others): not those whose subject she wrote, nor a nomination naming her as nominee. Nulls are kept where
   * `<>` alone would drop them. `claimedSince`: a claim made before it has lapsed.
   */
  queue(
    em: EntityManager,
    filters: { status: ModerationCase['status']; guideline?: string; subjectType?: ReportSubjectType; country?: string; assignee?: 'me' | 'none' },
    moderatorId: string,
    claimedSince: Date,
    limit: number,
    after?: { priority: number; openedAt: Date; id: string },
  ): Promise<ModerationCase[]> {
    const where: FilterQuery<ModerationCase> = { status: filters.status };
    if (filters.guideline) where.guidelines = { $contains: [filters.guideline] };
    if (filters.subjectType) where.subjectType = filters.subjectType;
    if (filters.country) where.authorCountry = filters.country;
    const and: FilterQuery<ModerationCase>[] = [
      { $or: [{ authorId: null }, { authorId: { $ne: moderatorId } }] },
      {
        $or: [
          { subjectType: { $ne: 'nomination' } },
          { snapshot: { extra: { nomineeMemberId: null } } },
          { snapshot: { extra: { nomineeMemberId: { $ne: moderatorId } } } },
        ],
      },
    ];
    if (filters.assignee === 'me') and.push({ assignee: moderatorId, claimedAt: { $gt: claimedSince } });
    if (filters.assignee === 'none') and.push({ $or: [{ assignee: null }, { claimedAt: { $lte: claimedSince } }] });
    if (after) {
      const { priority, openedAt, id } = after;
      and.push({ $or: [{ priority: { $lt: priority } }, { priority, openedAt: { $gt: openedAt } }, { priority, openedAt, id: { $gt: id } }] });
    }
    where.$and = and;
    return em.find(ModerationCase, where, { orderBy: [{ priority: 'desc' }, { openedAt: 'asc' }, { id: 'asc' }], limit });
  }

  caseById(em: EntityManager, id: string, lock = false): Promise<ModerationCase | null> {
    return em.findOne(ModerationCase, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  casesById(em: EntityManager, ids: string[]): Promise<ModerationCase[]> {
    return ids.length ? em.find(ModerationCase, { id: { $in: [...new Set(ids)] } }) : Promise.resolve([]);
  }

  /** Appends to the case's moderation log (flushed with the unit of work). */
  log(em: EntityManager, caseId: string, kind: CaseEvent['kind'], actor: string | null, data: Record<string, unknown>, at: Date): void {
    em.persist(em.create(CaseEvent, { id: randomUUID(), caseId, kind, actor, data, at }));
  }

  report(em: EntityManager, id: string): Promise<CaseReport | null> {
    return em.findOne(CaseReport, { id });
  }

  reportsOf(em: EntityManager, caseId: string): Promise<CaseReport[]> {
    return em.find(CaseReport, { caseId }, { orderBy: { filedAt: 'asc', id: 'asc' } });
  }

  historyOf(em: EntityManager, caseId: string): Promise<CaseEvent[]> {
    return em.find(CaseEvent, { caseId }, { orderBy: { seq: 'asc' } });
  }

  async countryOf(em: EntityManager, accountId: string): Promise<string | null> {
    return (await em.findOne(Member, { accountId }))?.country ?? null;
  }

  standing(em: EntityManager, reporterId: string): Promise<ReporterStanding | null> {
    return em.findOne(ReporterStanding, { reporterId });
  }

  /** Each reporter's standing, locked: two cases deciding at once both count. */
  standings(em: EntityManager, reporterIds: string[]): Promise<ReporterStanding[]> {
    return reporterIds.length ? em.find(ReporterStanding, { reporterId: { $in: reporterIds } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { reporterId: 'asc' } }) : Promise.resolve([]);
  }

  async saveStanding(em: EntityManager, reporterId: string, standing: Standing, now: Date): Promise<void> {
    await em.getConnection().execute(
      `insert into reporter_standing (reporter_id, upheld, dismissed, muted_until, updated_at) values (?, ?, ?, ?, ?)
       on conflict (reporter_id) do update set upheld = excluded.upheld, dismissed = excluded.dismissed, muted_until = excluded.muted_until, updated_at = excluded.updated_at`,
      [reporterId, standing.upheld, standing.dismissed, standing.mutedUntil, now], 'run', em.getTransactionContext(),
    );
  }

  /** The next version of a subject's visibility: a late, older change is ignored downstream. */
  async nextVisibilityVersion(em: EntityManager, type: ReportSubjectType, id: string): Promise<number> {
    const [row] = await em.getConnection().execute<{ version: number }[]>(
      `insert into subject_visibility (subject_type, subject_id, version) values (?, ?, 1)
       on conflict (subject_type, subject_id) do update set version = subject_visibility.version + 1
       returning version`,
      [type, id], 'all', em.getTransactionContext(),
    );
    return row.version;
  }
}

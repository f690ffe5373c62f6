/**
 * Reports on nominations (`POST /reports`, subject type `nomination`): a member files one on a
 * nomination she may see — its nominee, a judge seated for it, an awards-admin; to anyone else it does
 * not exist (404). It is announced as `awards.report.filed.v1` through the outbox, the nominator as the
 * snapshot's author, and its status follows `trust-safety.case.reports-updated.v1` for her `GET /me/reports`.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { AwardsReportFiledV1, DomainError, conflict, decodeCursor, pageOf, reportStatusesBefore } from '@weop/contracts';
import type { CaseReportsUpdatedV1, FileReportRequest, IdResponse, Principal, ReportPage } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { NominationsService } from '../nominations/nominations.service';
import { NominationReport } from './nomination-report.entity';

const ALREADY = 'You have already reported this nomination. We will let you know the outcome.';
const SNAPSHOT_BODY = 20_000;

@Injectable()
export class ReportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly nominations: NominationsService,
    private readonly outbox: Outbox,
  ) {}

  async file(caller: Principal, input: FileReportRequest): Promise<IdResponse> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const { nomination, cycle } = await this.nominations.access(em, caller, input.subject.id);
        if (nomination.nominatorId === caller.accountId) throw new DomainError('REPORT_OWN_CONTENT', 'You cannot report your own nomination; withdraw it instead.');
        const now = new Date();
        const report = em.create(NominationReport, { id: randomUUID(), nominationId: nomination.id, reporterId: caller.accountId, guideline: input.guideline, details: input.details ?? null, createdAt: now, updatedAt: now });
        em.persist(report);
        await em.flush();
        await this.outbox.add(em, AwardsReportFiledV1.subject, {
          reportId: report.id,
          subjectType: 'nomination',
          subjectId: nomination.id,
          guideline: input.guideline,
          reporterId: caller.accountId,
          details: input.details ?? null,
          signals: [],
          snapshot: {
            title: `Nomination of ${nomination.nomineeName}`.slice(0, 300),
            body: nomination.achievements.slice(0, SNAPSHOT_BODY),
            authorId: nomination.nominatorId,
            authorName: null,
            createdAt: nomination.createdAt.toISOString(),
            // The nominee's account, when she is a member: a moderator who is the nominee must not open the case (it names her nominator).
            extra: {
              year: String(cycle.year), category: nomination.category, nomineeKind: nomination.nomineeKind, nomineeCountry: nomination.nomineeCountry, status: nomination.status,
              ...(nomination.nomineeMemberId ? { nomineeMemberId: nomination.nomineeMemberId } : {}),
            },
          },
          filedAt: now.toISOString(),
        });
        return { id: report.id };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict(ALREADY);
      throw error;
    }
  }

  /** Her reports on nominations, newest first, for `GET /me/reports` (the gateway merges every source). */
  async mine(reporterId: string, limit = 20, cursor?: string): Promise<ReportPage> {
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const rows = await this.reportsBy(this.em.fork(), reporterId, limit + 1, key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
    return {
      items: page.items.map((r) => ({ id: r.id, subject: { type: 'nomination', id: r.nominationId }, guideline: r.guideline, status: r.status, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })),
      nextCursor: page.nextCursor,
    };
  }

  /** Her reports with her details, for her export. */
  async export(em: EntityManager, reporterId: string): Promise<Record<string, unknown>[]> {
    return (await this.reportsBy(em, reporterId)).map((r) => ({
      id: r.id, subject: { type: 'nomination', id: r.nominationId }, guideline: r.guideline, details: r.details, status: r.status, filedAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
    }));
  }

  /** Trust-safety moved a case on: her reports follow, never back to an earlier state. */
  async applyCaseUpdate(em: EntityManager, update: CaseReportsUpdatedV1): Promise<void> {
    if (update.subjectType !== 'nomination' || update.reportIds.length === 0) return;
    await em.nativeUpdate(NominationReport, { id: { $in: update.reportIds }, nominationId: update.subjectId, status: { $in: reportStatusesBefore(update.status) } }, { status: update.status, updatedAt: new Date(update.changedAt) });
  }

  /** Her account is gone: her reports stay with their cases, no longer tied to her. */
  async forgetReporter(em: EntityManager, accountId: string): Promise<void> {
    await em.nativeUpdate(NominationReport, { reporterId: accountId }, { reporterId: null });
  }

  private reportsBy(em: EntityManager, reporterId: string, limit?: number, after?: { createdAt: Date; id: string }): Promise<NominationReport[]> {
    const where: FilterQuery<NominationReport> = { reporterId };
    if (after) where.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }];
    return em.find(NominationReport, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit });
  }
}

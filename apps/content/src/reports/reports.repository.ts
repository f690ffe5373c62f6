import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { reportStatusesBefore } from '@weop/contracts';
import type { ReportStatus, ReportSubjectType } from '@weop/contracts';
import type { Keyset } from '../items/content-items.repository';
import { ContentReport } from './report.entity';

@Injectable()
export class ReportsRepository {
  constructor(private readonly em: EntityManager) {}

  exists(reporterId: string, subjectType: ReportSubjectType, subjectId: string, em: EntityManager): Promise<number> {
    return em.count(ContentReport, { reporterId, subjectType, subjectId });
  }

  /** Whether a detector already reported this subject (one system report per subject and detector). */
  async systemReportExists(em: EntityManager, subjectType: ReportSubjectType, subjectId: string, detector: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ id: string }[]>(
      `select id from report where reporter_id is null and subject_type = ? and subject_id = ? and signals->0->>'detector' = ?`,
      [subjectType, subjectId, detector], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }

  /** A member's own reports, newest first. */
  mine(reporterId: string, after: Keyset | undefined, limit: number, em: EntityManager = this.em.fork()): Promise<ContentReport[]> {
    const where: FilterQuery<ContentReport> = { reporterId };
    if (after) {
      const at = new Date(after.at);
      where.$or = [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: after.id } }];
    }
    return em.find(ContentReport, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: limit + 1 });
  }

  /** All her reports, oldest first: for her export. */
  filedBy(reporterId: string, em: EntityManager = this.em.fork()): Promise<ContentReport[]> {
    return em.find(ContentReport, { reporterId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** Moves reports forward (received → in-review → actioned / no-violation), never back to an earlier state. */
  async setStatus(em: EntityManager, ids: string[], subjectType: ReportSubjectType, subjectId: string, status: ReportStatus, at: Date): Promise<number> {
    if (ids.length === 0) return 0;
    return em.nativeUpdate(ContentReport, { id: { $in: ids }, subjectType, subjectId, status: { $in: reportStatusesBefore(status) } }, { status, updatedAt: at });
  }

  /** A member who deletes her account stops being named as a reporter; the reports stay as evidence. */
  forgetReporter(em: EntityManager, reporterId: string): Promise<number> {
    return em.nativeUpdate(ContentReport, { reporterId }, { reporterId: null });
  }
}

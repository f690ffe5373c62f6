/** Reports filed in community (reporters kept here only; trust-safety shows them as pseudonyms), and the visibility versions applied. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { reportStatusesBefore } from '@weop/contracts';
import type { Guideline, ReportStatus } from '@weop/contracts';

export interface CommunityReportRow {
  id: string;
  subjectType: string;
  subjectId: string;
  guideline: Guideline;
  status: ReportStatus;
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class ReportsRepository {
  /** The reports she filed, oldest first (her export). */
  async filedBy(em: EntityManager, reporterId: string): Promise<{ id: string; subjectType: string; subjectId: string; guideline: string; details: string | null; status: string; createdAt: Date }[]> {
    const rows = await this.run(em, 'select id, subject_type, subject_id, guideline, details, status, created_at from community_report where reporter_id = ? order by created_at, id', [reporterId]);
    return rows.map((r) => ({
      id: r.id as string, subjectType: r.subject_type as string, subjectId: r.subject_id as string, guideline: r.guideline as string,
      details: (r.details as string | null) ?? null, status: r.status as string, createdAt: new Date(r.created_at as string),
    }));
  }

  private run(em: EntityManager, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    return em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
  }

  /** Answers false when she already reported this subject. */
  async insert(em: EntityManager, r: { id: string; subjectType: string; subjectId: string; reporterId: string | null; guideline: Guideline; details: string | null; at: Date }): Promise<boolean> {
    const rows = await this.run(
      em,
      `insert into community_report (id, subject_type, subject_id, reporter_id, guideline, details, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict do nothing returning id`,
      [r.id, r.subjectType, r.subjectId, r.reporterId, r.guideline, r.details, r.at, r.at],
    );
    return rows.length > 0;
  }

  async mine(em: EntityManager, reporterId: string, limit: number, after?: { at: Date; id: string }): Promise<CommunityReportRow[]> {
    const rows = await this.run(
      em,
      `select id, subject_type, subject_id, guideline, status, created_at, updated_at from community_report
       where reporter_id = ?${after ? ' and (created_at, id) < (?, ?)' : ''} order by created_at desc, id desc limit ?`,
      [reporterId, ...(after ? [after.at, after.id] : []), limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      subjectType: r.subject_type as string,
      subjectId: r.subject_id as string,
      guideline: r.guideline as Guideline,
      status: r.status as ReportStatus,
      createdAt: new Date(r.created_at as string),
      updatedAt: new Date(r.updated_at as string),
    }));
  }

  /** Statuses only move forward: received → in-review → actioned | no-violation. */
  async setStatus(em: EntityManager, reportIds: readonly string[], subjectType: string, subjectId: string, status: ReportStatus, at: Date): Promise<void> {
    if (reportIds.length === 0) return;
    const from = reportStatusesBefore(status);
    await this.run(
      em,
      'update community_report set status = ?, updated_at = ? where id in (?) and subject_type = ? and subject_id = ? and status in (?)',
      [status, at, [...reportIds], subjectType, subjectId, from],
    );
  }

  /** Records a subject's visibility version; answers false when a newer (or the same) one was applied already. */
  async advanceVisibility(em: EntityManager, subjectType: string, subjectId: string, version: number): Promise<boolean> {
    const rows = await this.run(
      em,
      `insert into subject_visibility_version (subject_type, subject_id, version) values (?, ?, ?)
       on conflict (subject_type, subject_id) do update set version = excluded.version where subject_visibility_version.version < excluded.version
       returning version`,
      [subjectType, subjectId, version],
    );
    return rows.length > 0;
  }
}

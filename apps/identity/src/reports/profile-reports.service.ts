/**
 * Reports on profiles: the profile must be one she can see, she reports it once, what it showed is
 * kept as evidence (public fields only: never the email, never a legal name she hides), and
 * trust-safety hears of it through the outbox. Detectors (photo reuse) file system reports the same way.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { DomainError, IdentityReportFiledV1, conflict, decodeCursor, notFound, pageOf, reportStatusesBefore } from '@weop/contracts';
import type { CaseReportsUpdatedV1, FileReportRequest, Guideline, IdResponse, Principal, ReportPage, ReportSignal, ReportSnapshot } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { AccountsRepository } from '../accounts/accounts.repository';
import type { PublicProfileRow } from '../accounts/accounts.repository';
import { ProfileReport } from './profile-report.entity';

const ALREADY = 'You have already reported this profile. We will let you know the outcome.';

@Injectable()
export class ProfileReportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly accounts: AccountsRepository,
    private readonly outbox: Outbox,
  ) {}

  async file(reporter: Principal, input: FileReportRequest): Promise<IdResponse> {
    const subjectId = input.subject.id;
    if (subjectId === reporter.accountId) throw new DomainError('REPORT_OWN_CONTENT', 'You cannot report your own profile.');
    try {
      return await this.em.fork().transactional(async (em) => {
        const row = await this.accounts.publicProfileRow(subjectId, em);
        if (!row || row.status === 'expelled') throw notFound('The profile');
        if ((await em.count(ProfileReport, { reporterId: reporter.accountId, subjectId })) > 0) throw conflict(ALREADY);
        return { id: await this.record(em, row, { reporterId: reporter.accountId, guideline: input.guideline, details: input.details ?? null, signals: [] }) };
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw conflict(ALREADY);
      throw error;
    }
  }

  /**
   * A detector's report on a profile (reporter null, "system"), in the caller's transaction, with the
   * signals that fired. Answers the report's id, or null when the profile no longer exists.
   */
  async fileSystem(em: EntityManager, subjectId: string, guideline: Guideline, signals: ReportSignal[]): Promise<string | null> {
    const row = await this.accounts.publicProfileRow(subjectId, em);
    if (!row) return null;
    return this.record(em, row, { reporterId: null, guideline, details: null, signals });
  }

  async mine(reporterId: string, limit = 20, cursor?: string): Promise<ReportPage> {
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const where: FilterQuery<ProfileReport> = { reporterId };
    if (key) where.$or = [{ createdAt: { $lt: new Date(String(key[0])) } }, { createdAt: new Date(String(key[0])), id: { $lt: String(key[1]) } }];
    const rows = await this.em.fork().find(ProfileReport, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: limit + 1 });
    const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
    return {
      items: page.items.map((r) => ({ id: r.id, subject: { type: 'profile', id: r.subjectId }, guideline: r.guideline, status: r.status, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })),
      nextCursor: page.nextCursor,
    };
  }

  async applyCaseUpdate(em: EntityManager, update: CaseReportsUpdatedV1): Promise<void> {
    if (update.subjectType !== 'profile' || update.reportIds.length === 0) return;
    await em.nativeUpdate(ProfileReport, { id: { $in: update.reportIds }, subjectId: update.subjectId, status: { $in: reportStatusesBefore(update.status) } }, { status: update.status, updatedAt: new Date(update.changedAt) });
  }

  /** Keeps the report with what the profile shows now (public fields only) and tells trust-safety through the outbox. */
  private async record(em: EntityManager, row: PublicProfileRow, input: { reporterId: string | null; guideline: Guideline; details: string | null; signals: ReportSignal[] }): Promise<string> {
    const snapshot: ReportSnapshot = {
      title: row.display_name,
      body: [row.bio, row.organization ? `Organisation: ${row.organization}` : '', row.expertise.length ? `Expertise: ${row.expertise.join(', ')}` : ''].filter(Boolean).join('\n'),
      authorId: row.id,
      authorName: row.show_legal_name ? row.full_name : row.display_name,
      createdAt: new Date().toISOString(),
      extra: { country: row.country, ...(row.city && row.show_city ? { city: row.city } : {}), photo: row.photo_key ? 'yes' : 'no' },
    };
    const now = new Date();
    const report = em.create(ProfileReport, { id: randomUUID(), reporterId: input.reporterId, subjectId: row.id, guideline: input.guideline, details: input.details, snapshot, createdAt: now, updatedAt: now });
    em.persist(report);
    await em.flush();
    await this.outbox.add(em, IdentityReportFiledV1.subject, {
      reportId: report.id,
      subjectType: 'profile',
      subjectId: row.id,
      guideline: input.guideline,
      reporterId: input.reporterId,
      details: input.details,
      signals: input.signals.map((s) => ({ ...s })),
      snapshot: { ...snapshot, extra: { ...snapshot.extra } },
      filedAt: now.toISOString(),
    });
    return report.id;
  }
}

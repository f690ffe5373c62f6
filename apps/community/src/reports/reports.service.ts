/**
 * Reports on community's subjects (API.md "Reports and moderation": `message`, `group`). The
 * subject's owner snapshots it as the reporter saw it (null: she may not see it, 404); the report is
 * stored with its reporter, who stays here, and `community.report.filed.v1` carries it to
 * trust-safety through the outbox. Trust-safety's answers come back as case updates (her
 * `GET /me/reports`) and visibility changes (applied by the subject's owner).
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CONTENT_SUBJECT_TYPES, CommunityReportFiledV1, DomainError, conflict, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type {
  CaseReportsUpdatedV1, FileReportRequest, Guideline, IdResponse, Principal, ReportPage, ReportSignal, ReportSnapshot, ReportSubjectType, SubjectVisibilityChangedV1,
} from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { ReportableSubjects } from './reportable-subjects';
import { FeedService } from '../feed/feed.service';
import { ReportsRepository } from './reports.repository';

@Injectable()
export class ReportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly subjects: ReportableSubjects,
    private readonly reports: ReportsRepository,
    private readonly outbox: Outbox,
    private readonly feed: FeedService,
  ) {}

  async file(caller: Principal, input: FileReportRequest): Promise<IdResponse> {
    const owner = this.subjects.of(input.subject.type);
    if (!owner) throw notFound(`The ${input.subject.type}`);
    return this.em.fork().transactional(async (em) => {
      const snapshot = await owner.snapshot(em, input.subject.id, caller.accountId);
      if (!snapshot) throw notFound(`The ${input.subject.type}`);
      if (snapshot.authorId === caller.accountId) throw new DomainError('REPORT_OWN_CONTENT', `You cannot report your own ${input.subject.type}.`);
      const id = await this.record(em, {
        subjectType: input.subject.type, subjectId: input.subject.id, reporterId: caller.accountId, guideline: input.guideline, details: input.details ?? null, signals: [], snapshot,
      });
      if (!id) throw conflict(`You have already reported this ${input.subject.type}.`);
      return { id };
    });
  }

  /** A detector's report (reporter null), in the caller's transaction. */
  async fileSystem(em: EntityManager, subject: { type: ReportSubjectType; id: string }, guideline: Guideline, signals: ReportSignal[], snapshot: ReportSnapshot): Promise<void> {
    if (signals.length === 0) return;
    await this.record(em, { subjectType: subject.type, subjectId: subject.id, reporterId: null, guideline, details: null, signals, snapshot });
  }

  async mine(reporterId: string, limit = 20, cursor?: string): Promise<ReportPage> {
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const rows = await this.reports.mine(this.em.fork(), reporterId, limit + 1, key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
    return {
      items: page.items.map((r) => ({
        id: r.id, subject: { type: r.subjectType as ReportSubjectType, id: r.subjectId }, guideline: r.guideline, status: r.status, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Trust-safety moved a case on: the reports it names that were filed here follow. */
  async applyCaseUpdate(em: EntityManager, update: CaseReportsUpdatedV1): Promise<void> {
    if (!this.subjects.of(update.subjectType)) return;
    await this.reports.setStatus(em, update.reportIds, update.subjectType, update.subjectId, update.status, new Date(update.changedAt));
  }

  /** Hidden, removed or visible again: the subject's owner applies it, once and in version order. */
  async applyVisibility(em: EntityManager, event: SubjectVisibilityChangedV1): Promise<void> {
    if ((CONTENT_SUBJECT_TYPES as readonly string[]).includes(event.subjectType)) return this.onContentVisibility(em, event);
    const owner = this.subjects.of(event.subjectType);
    if (!owner) return;
    if (!(await this.reports.advanceVisibility(em, event.subjectType, event.subjectId, event.version))) return;
    await owner.setVisibility(em, event.subjectId, event.visibility);
  }

  /**
   * A visibility change of one of content's subjects (blogs, comments…): the feed drops a hidden or
   * removed item and shows it again when restored, once per version like community's own subjects.
   */
  async onContentVisibility(em: EntityManager, event: SubjectVisibilityChangedV1): Promise<void> {
    if (!(await this.reports.advanceVisibility(em, event.subjectType, event.subjectId, event.version))) return;
    await this.feed.setVisibility(em, event.subjectType, event.subjectId, event.visibility);
  }

  private async record(
    em: EntityManager,
    r: { subjectType: ReportSubjectType; subjectId: string; reporterId: string | null; guideline: Guideline; details: string | null; signals: ReportSignal[]; snapshot: ReportSnapshot },
  ): Promise<string | null> {
    const id = randomUUID();
    const now = new Date();
    if (!(await this.reports.insert(em, { id, subjectType: r.subjectType, subjectId: r.subjectId, reporterId: r.reporterId, guideline: r.guideline, details: r.details, at: now }))) return null;
    await this.outbox.add(em, CommunityReportFiledV1.subject, {
      reportId: id, subjectType: r.subjectType, subjectId: r.subjectId, guideline: r.guideline, reporterId: r.reporterId, details: r.details, signals: r.signals, snapshot: r.snapshot, filedAt: now.toISOString(),
    });
    return id;
  }
}

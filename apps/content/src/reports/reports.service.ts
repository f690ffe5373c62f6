/**
 * Reports on content: the subject must exist and be visible to the reporter, a member reports a
 * subject once, the subject is snapshotted as evidence, and trust-safety hears of it through the outbox.
 * Detectors file system reports through the same path.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ContentReportFiledV1, DomainError, conflict, cutText, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type { CaseReportsUpdatedV1, ContentSubjectType, FileReportRequest, Guideline, IdResponse, Principal, ReportPage, ReportSignal, ReportSnapshot } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { canSee, isStaff } from '../items/content-access';
import { Comment, ContentItem } from '../items/content-item.entity';
import { ContentItemsRepository } from '../items/content-items.repository';
import { ContentReport } from './report.entity';
import { ReportsRepository } from './reports.repository';

const SNAPSHOT_BODY = 20000;

/** The type-specific facts a moderator needs beside the text. */
function snapshotExtra(item: ContentItem): Record<string, string> | undefined {
  const d = item.details;
  const pairs: [string, unknown][] =
    item.type === 'job' ? [['organization', d.organization], ['country', item.country], ['city', d.city], ['howToApply', d.howToApply], ['salary', d.salaryMin || d.salaryMax ? `${d.salaryMin ?? '?'}–${d.salaryMax ?? '?'} ${d.currency ?? ''}`.trim() : null]]
    : item.type === 'event' ? [['place', d.place], ['link', d.link], ['startsAt', item.startsAt?.toISOString()]]
    : item.type === 'resource' ? [['url', d.url]]
    : item.type === 'publication' ? [['authors', d.authors?.join(', ')], ['year', d.year]]
    : item.type === 'discussion' ? [['topic', d.topic]]
    : [];
  const extra = Object.fromEntries(pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [k, cutText(String(v), 2000)]));
  return Object.keys(extra).length > 0 ? extra : undefined;
}

export function itemSnapshot(item: ContentItem, authorName: string | null): ReportSnapshot {
  return {
    title: item.title,
    body: cutText(item.body, SNAPSHOT_BODY),
    authorId: item.authorId,
    authorName,
    createdAt: item.createdAt.toISOString(),
    extra: snapshotExtra(item),
  };
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ContentItemsRepository,
    private readonly reports: ReportsRepository,
    private readonly outbox: Outbox,
  ) {}

  async file(reporter: Principal, input: FileReportRequest): Promise<IdResponse> {
    const type = input.subject.type as ContentSubjectType;
    return this.em.fork().transactional(async (em) => {
      const target = await this.subject(em, type, input.subject.id, reporter);
      if (target.authorId === reporter.accountId) {
        throw new DomainError('REPORT_OWN_CONTENT', 'You cannot report your own content; edit or delete it instead.');
      }
      if ((await this.reports.exists(reporter.accountId, type, input.subject.id, em)) > 0) {
        throw conflict('You have already reported this. We will let you know the outcome.');
      }
      const report = await this.record(em, { reporterId: reporter.accountId, type, subjectId: input.subject.id, guideline: input.guideline, details: input.details ?? null, signals: [], target });
      return { id: report.id };
    }).catch((error: unknown) => {
      // Two reports from her racing: the unique index decides.
      if ((error as { code?: string }).code === '23505') throw conflict('You have already reported this. We will let you know the outcome.');
      throw error;
    });
  }

  /** A detector's report: reporter "system", with the signals that fired. One per subject and detector. */
  async fileSystem(em: EntityManager, item: ContentItem, guideline: Guideline, signals: ReportSignal[], subject?: { type: 'comment' | 'reply'; comment: Comment }): Promise<void> {
    if (signals.length === 0) return;
    const type: ContentSubjectType = subject?.type ?? item.type;
    const subjectId = subject?.comment.id ?? item.id;
    if (await this.reports.systemReportExists(em, type, subjectId, signals[0].detector)) return;
    const member = await this.items.member(subject?.comment.authorId ?? item.authorId, em);
    const snapshot = subject
      ? { title: item.title, body: cutText(subject.comment.body, SNAPSHOT_BODY), authorId: subject.comment.authorId, authorName: member?.displayName ?? null, createdAt: subject.comment.createdAt.toISOString() }
      : itemSnapshot(item, member?.displayName ?? null);
    await this.record(em, { reporterId: null, type, subjectId, guideline, details: null, signals, target: { authorId: snapshot.authorId, snapshot } });
  }

  async mine(reporterId: string, limit = 20, cursor?: string): Promise<ReportPage> {
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const rows = await this.reports.mine(reporterId, key ? { at: String(key[0]), id: String(key[1]) } : undefined, limit);
    const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
    return {
      items: page.items.map((r) => ({
        id: r.id,
        subject: { type: r.subjectType, id: r.subjectId },
        guideline: r.guideline,
        status: r.status,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** trust-safety moved a case on: the reports it names (those of content) follow. */
  async applyCaseUpdate(em: EntityManager, update: CaseReportsUpdatedV1): Promise<void> {
    await this.reports.setStatus(em, update.reportIds, update.subjectType, update.subjectId, update.status, new Date(update.changedAt));
  }

  private async subject(em: EntityManager, type: ContentSubjectType, id: string, reporter: Principal): Promise<{ authorId: string; snapshot: ReportSnapshot }> {
    if (type === 'comment' || type === 'reply') {
      const comment = await this.items.comment(id, em);
      const item = comment && (await this.items.byId(comment.itemId, em));
      const parentType = type === 'comment' ? 'blog' : 'discussion';
      if (!comment || !item || item.type !== parentType || (comment.visibility !== 'visible' && !isStaff(reporter)) || !canSee(item, reporter)) throw notFound('The comment');
      const member = await this.items.member(comment.authorId, em);
      return {
        authorId: comment.authorId,
        snapshot: { title: item.title, body: cutText(comment.body, SNAPSHOT_BODY), authorId: comment.authorId, authorName: member?.displayName ?? null, createdAt: comment.createdAt.toISOString() },
      };
    }
    const item = await this.items.byId(id, em);
    if (!item || item.type !== type || !canSee(item, reporter)) throw notFound(`The ${type}`);
    const member = await this.items.member(item.authorId, em);
    return { authorId: item.authorId, snapshot: itemSnapshot(item, member?.displayName ?? null) };
  }

  private async record(
    em: EntityManager,
    input: { reporterId: string | null; type: ContentSubjectType; subjectId: string; guideline: Guideline; details: string | null; signals: ReportSignal[]; target: { authorId: string | null; snapshot: ReportSnapshot } },
  ): Promise<ContentReport> {
    const now = new Date();
    const report = em.create(ContentReport, {
      id: randomUUID(),
      reporterId: input.reporterId,
      subjectType: input.type,
      subjectId: input.subjectId,
      subjectAuthorId: input.target.authorId,
      guideline: input.guideline,
      details: input.details,
      snapshot: input.target.snapshot,
      signals: input.signals,
      createdAt: now,
      updatedAt: now,
    });
    em.persist(report);
    await em.flush();
    await this.outbox.add(em, ContentReportFiledV1.subject, {
      reportId: report.id,
      subjectType: input.type,
      subjectId: input.subjectId,
      guideline: input.guideline,
      reporterId: input.reporterId,
      details: input.details,
      signals: input.signals.map((s) => ({ ...s })),
      snapshot: { ...input.target.snapshot, ...(input.target.snapshot.extra ? { extra: { ...input.target.snapshot.extra } } : {}) },
      filedAt: now.toISOString(),
    });
    return report;
  }
}

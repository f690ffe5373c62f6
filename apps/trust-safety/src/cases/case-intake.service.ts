/**
 * Reports become cases: every `<service>.report.filed.v1` joins the open case of its subject, or opens
 * one. Applied once per event by the inbox; a report delivered again (same report id) adds nothing.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { ContentReportFiledV1, IdentityReportFiledV1 } from '@weop/contracts';
import type { Guideline, ReportFiled } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import type { EventEnvelope } from '@weop/contracts';
import { casePriority, isSafetyLane } from './case-priority';
import { CaseEvent, CaseReport, ModerationCase } from './moderation-case.entity';
import { PseudonymService } from './pseudonym.service';

@Injectable()
export class CaseIntakeService {
  constructor(private readonly pseudonyms: PseudonymService) {}

  @OnEvent(ContentReportFiledV1.subject)
  async contentReport(report: ContentReportFiledV1, { em, envelope }: { em: EntityManager; envelope: EventEnvelope }): Promise<void> {
    await this.intake(em, envelope.producer, report);
  }

  @OnEvent(IdentityReportFiledV1.subject)
  async profileReport(report: IdentityReportFiledV1, { em, envelope }: { em: EntityManager; envelope: EventEnvelope }): Promise<void> {
    await this.intake(em, envelope.producer, report);
  }

  async intake(em: EntityManager, producer: string, report: ReportFiled): Promise<void> {
    if (await em.findOne(CaseReport, { id: report.reportId })) return;
    // Events can arrive before start-up has read the pseudonym key.
    await this.pseudonyms.init();
    const now = new Date();
    // The open case of this subject, locked: two reports arriving together join one case.
    await em.getConnection().execute('select pg_advisory_xact_lock(hashtext(?))', [`case:${report.subjectType}:${report.subjectId}`], 'all', em.getTransactionContext());
    // The row lock too: a decision committing meanwhile closes the case, and then this report opens a new one.
    const found = await em.findOne(ModerationCase, { subjectType: report.subjectType, subjectId: report.subjectId, status: 'open' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const opening = !found;
    const moderationCase =
      found ??
      em.create(ModerationCase, {
        id: randomUUID(),
        subjectType: report.subjectType,
        subjectId: report.subjectId,
        authorId: report.snapshot.authorId ?? null,
        snapshot: { ...report.snapshot },
        openedAt: now,
        updatedAt: now,
      });
    if (opening) em.persist(moderationCase);
    em.persist(
      em.create(CaseReport, {
        id: report.reportId,
        caseId: moderationCase.id,
        producer,
        reporterId: report.reporterId ?? null,
        guideline: report.guideline,
        details: report.details ?? null,
        signals: report.signals.map((s) => ({ ...s })),
        filedAt: new Date(report.filedAt),
      }),
    );
    await em.flush();

    const reports = await em.find(CaseReport, { caseId: moderationCase.id });
    const guidelines = [...new Set(reports.map((r) => r.guideline))] as Guideline[];
    const reporterCount = new Set(reports.map((r) => r.reporterId ?? 'system')).size;
    const safetyLane = isSafetyLane(guidelines, reports.flatMap((r) => r.signals));
    Object.assign(moderationCase, {
      guidelines,
      reportCount: reports.length,
      reporterCount,
      safetyLane,
      priority: casePriority({ guidelines, reporterCount, safetyLane }),
      updatedAt: now,
    });
    const actor = report.reporterId ? this.pseudonyms.of(moderationCase.id, report.reporterId) : 'system';
    if (opening) em.persist(em.create(CaseEvent, { id: randomUUID(), caseId: moderationCase.id, kind: 'opened', actor, data: { subject: { type: report.subjectType, id: report.subjectId } }, at: now }));
    em.persist(em.create(CaseEvent, { id: randomUUID(), caseId: moderationCase.id, kind: 'report-added', actor, data: { reportId: report.reportId, guideline: report.guideline, signals: report.signals.map((s) => s.code) }, at: now }));
    await em.flush();
  }
}

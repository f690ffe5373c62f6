/**
 * Reports become cases: every `<service>.report.filed.v1` joins the open case of its subject, or opens
 * one. Applied once per event by the inbox; a report delivered again (same report id) adds nothing.
 * Each report is weighed by its reporter's track record; when the weighted reports pass the auto-hide
 * threshold and at least two members (not detectors, not muted) have reported it, the subject is
 * hidden pending review (only subjects whose owner applies it: subject-visibility.ts).
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AwardsReportFiledV1, CommunityReportFiledV1, ContentReportFiledV1, IdentityReportFiledV1, MentorshipReportFiledV1 } from '@weop/contracts';
import type { EventEnvelope, Guideline, ReportFiled } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { TrustSafetyConfig } from '../trust-safety.config';
import { casePriority, isSafetyLane } from './case-priority';
import { CasesRepository } from './cases.repository';
import { CaseReport, ModerationCase } from './moderation-case.entity';
import { PseudonymService } from './pseudonym.service';
import { reportWeight } from './reporter-standing';
import { SubjectVisibilityService, canHide } from './subject-visibility';

/**
 * Distinct members (not detectors, not muted) who must have reported a subject before it is hidden
 * pending review, whatever AUTO_HIDE_THRESHOLD says: a post hidden after one report tells its author
 * that someone reported it and, in a small circle, who.
 */
export const AUTO_HIDE_MIN_REPORTERS = 2;

@Injectable()
export class CaseIntakeService {
  constructor(
    private readonly pseudonyms: PseudonymService,
    private readonly cases: CasesRepository,
    private readonly visibility: SubjectVisibilityService,
    @Inject(TrustSafetyConfig) private readonly config: TrustSafetyConfig,
  ) {}

  @OnEvent(ContentReportFiledV1.subject)
  async contentReport(report: ContentReportFiledV1, { em, envelope }: { em: EntityManager; envelope: EventEnvelope }): Promise<void> {
    await this.intake(em, envelope.producer, report);
  }

  @OnEvent(IdentityReportFiledV1.subject)
  async profileReport(report: IdentityReportFiledV1, { em, envelope }: { em: EntityManager; envelope: EventEnvelope }): Promise<void> {
    await this.intake(em, envelope.producer, report);
  }

  /** A report on a mentorship by one of the pair; the other side is the snapshot's author. */
  @OnEvent(MentorshipReportFiledV1.subject)
  async mentorshipReport(report: MentorshipReportFiledV1, { em, envelope }: { em: EntityManager; envelope: EventEnvelope }): Promise<void> {
    await this.intake(em, envelope.producer, report);
  }

  /** A report on a nomination by a member who may see it; the nominator is the snapshot's author. */
  @OnEvent(AwardsReportFiledV1.subject)
  async awardsReport(report: AwardsReportFiledV1, { em, envelope }: { em: EntityManager; envelope: EventEnvelope }): Promise<void> {
    await this.intake(em, envelope.producer, report);
  }

  /** A report on a message (its author, and a few messages around it, in the snapshot) or on a group. */
  @OnEvent(CommunityReportFiledV1.subject)
  async communityReport(report: CommunityReportFiledV1, { em, envelope }: { em: EntityManager; envelope: EventEnvelope }): Promise<void> {
    await this.intake(em, envelope.producer, report);
  }

  async intake(em: EntityManager, producer: string, report: ReportFiled): Promise<void> {
    if (await this.cases.report(em, report.reportId)) return;
    // Events can arrive before start-up has read the pseudonym key.
    await this.pseudonyms.init();
    const now = new Date();
    await this.cases.lockSubject(em, report.subjectType, report.subjectId);
    // The row lock too: a decision committing meanwhile closes the case, and then this report opens a new one.
    const found = await this.cases.openCaseOf(em, report.subjectType, report.subjectId);
    const opening = !found;
    const authorId = report.snapshot.authorId ?? null;
    const moderationCase =
      found ??
      em.create(ModerationCase, {
        id: randomUUID(),
        subjectType: report.subjectType,
        subjectId: report.subjectId,
        authorId,
        authorCountry: authorId ? await this.cases.countryOf(em, authorId) : null,
        snapshot: { ...report.snapshot },
        openedAt: now,
        updatedAt: now,
      });
    if (opening) em.persist(moderationCase);
    const standing = report.reporterId ? await this.cases.standing(em, report.reporterId) : null;
    const { weight, muted } = reportWeight(standing, now);
    const pseudonym = report.reporterId ? this.pseudonyms.of(moderationCase.id, report.reporterId) : 'system';
    em.persist(
      em.create(CaseReport, {
        id: report.reportId,
        caseId: moderationCase.id,
        producer,
        reporterId: report.reporterId ?? null,
        reporterPseudonym: report.reporterId ? pseudonym : null,
        weight,
        muted,
        guideline: report.guideline,
        details: report.details ?? null,
        signals: report.signals.map((s) => ({ ...s })),
        snapshot: { ...report.snapshot },
        filedAt: new Date(report.filedAt),
      }),
    );
    await em.flush();

    const reports = await this.cases.reportsOf(em, moderationCase.id);
    const counted = reports.filter((r) => !r.muted);
    const guidelines = [...new Set(reports.map((r) => r.guideline))] as Guideline[];
    const reporterCount = new Set(reports.map((r) => r.reporterId ?? r.reporterPseudonym ?? 'system')).size;
    const weightedReports = Math.round(counted.reduce((sum, r) => sum + r.weight, 0) * 100) / 100;
    const safetyLane = isSafetyLane(guidelines, reports.flatMap((r) => r.signals));
    Object.assign(moderationCase, {
      guidelines,
      reportCount: reports.length,
      reporterCount,
      weightedReports,
      safetyLane,
      priority: casePriority({ guidelines: [...new Set(counted.map((r) => r.guideline))], weightedReports, safetyLane }),
      updatedAt: now,
    });
    if (opening) this.cases.log(em, moderationCase.id, 'opened', pseudonym, { subject: { type: report.subjectType, id: report.subjectId } }, now);
    this.cases.log(em, moderationCase.id, 'report-added', pseudonym, { reportId: report.reportId, guideline: report.guideline, signals: report.signals.map((s) => s.code), ...(muted ? { muted: true } : {}) }, now);
    // Never on one member's word, whatever the threshold: the author would know who reported her.
    const humanReporters = new Set(counted.map((r) => r.reporterId ?? r.reporterPseudonym).filter((r): r is string => r !== null)).size;
    if (!moderationCase.hidden && canHide(moderationCase) && weightedReports >= this.config.AUTO_HIDE_THRESHOLD && humanReporters >= AUTO_HIDE_MIN_REPORTERS) {
      moderationCase.hidden = true;
      await this.visibility.change(em, moderationCase, 'hidden', undefined, now);
      this.cases.log(em, moderationCase.id, 'hidden', 'system', { weightedReports, threshold: this.config.AUTO_HIDE_THRESHOLD, reporters: humanReporters }, now);
    }
    await em.flush();
  }
}

/**
 * Safeguarding (issue 7): the code of conduct both sides accept before being matched, reports on a
 * mentorship by one of the pair (announced as `mentorship.report.filed.v1`, the other side as the
 * author, so trust-safety's case and any sanction fall on her), and the confidential exit survey that
 * only programme administrators read.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, MentorshipReportFiledV1, conflict, decodeCursor, forbidden, pageOf, reportStatusesBefore } from '@weop/contracts';
import type { CaseReportsUpdatedV1, CodeOfConductView, ExitSurveyPage, ExitSurveyPayload, ExitSurveyView, ExitSurveyQuery, FileReportRequest, IdResponse, Principal, ReportPage } from '@weop/contracts';
import { Outbox } from '@weop/messaging';
import { MembersRepository } from '../members/members.repository';
import { MentorshipsService, otherSide } from '../mentorships/mentorships.service';
import { CODE_OF_CONDUCT } from './code-of-conduct';
import { ExitSurvey, MentorshipReport } from './safeguarding.entity';
import { SafeguardingRepository } from './safeguarding.repository';

export const conductRequired = (who: 'you' | 'mentor' | 'mentee'): DomainError =>
  new DomainError(
    'CODE_OF_CONDUCT_REQUIRED',
    who === 'you' ? 'Accept the mentoring code of conduct first (POST /mentorship/code-of-conduct/acceptance).' : `The ${who} has not accepted the mentoring code of conduct yet.`,
  );

const surveyView = (s: ExitSurvey): ExitSurveyView => ({
  mentorshipId: s.mentorshipId, programmeId: s.programmeId, side: s.side, rating: s.rating, feltSafe: s.feltSafe, wouldRecommend: s.wouldRecommend, comments: s.comments, submittedAt: s.submittedAt.toISOString(),
});

@Injectable()
export class SafeguardingService {
  constructor(
    private readonly em: EntityManager,
    private readonly members: MembersRepository,
    private readonly mentorships: MentorshipsService,
    private readonly safeguarding: SafeguardingRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Whether she accepted the code of conduct in force. */
  async accepted(em: EntityManager, accountId: string): Promise<boolean> {
    return (await this.members.find(em, accountId))?.conductVersion === CODE_OF_CONDUCT.version;
  }

  async conduct(caller: Principal): Promise<CodeOfConductView> {
    const member = await this.members.find(this.em.fork(), caller.accountId);
    const current = member?.conductVersion === CODE_OF_CONDUCT.version;
    return { ...CODE_OF_CONDUCT, acceptedAt: current ? (member.conductAcceptedAt?.toISOString() ?? null) : null };
  }

  async acceptConduct(caller: Principal): Promise<CodeOfConductView> {
    await this.em.fork().transactional((em) => this.members.acceptConduct(em, caller.accountId, CODE_OF_CONDUCT.version, new Date()));
    return this.conduct(caller);
  }

  async fileReport(caller: Principal, input: FileReportRequest): Promise<IdResponse> {
    try {
      return await this.em.fork().transactional(async (em) => {
        // Only the pair can report a mentorship; to anyone else it does not exist.
        const mentorship = await this.mentorships.ofPair(em, caller, input.subject.id);
        const reported = otherSide(mentorship, caller.accountId);
        const now = new Date();
        const report = em.create(MentorshipReport, { id: randomUUID(), mentorshipId: mentorship.id, reporterId: caller.accountId, guideline: input.guideline, details: input.details ?? null, createdAt: now, updatedAt: now });
        em.persist(report);
        await em.flush();
        await this.outbox.add(em, MentorshipReportFiledV1.subject, {
          reportId: report.id,
          subjectType: 'mentorship',
          subjectId: mentorship.id,
          guideline: input.guideline,
          reporterId: caller.accountId,
          details: input.details ?? null,
          signals: [],
          snapshot: {
            title: 'Mentorship',
            body: `A mentorship that began ${mentorship.startedAt.toISOString().slice(0, 10)}, ${mentorship.status}. Reported by the ${caller.accountId === mentorship.mentorId ? 'mentor' : 'mentee'}; the other side is the author.`,
            authorId: reported,
            authorName: null,
            createdAt: mentorship.startedAt.toISOString(),
            extra: { status: mentorship.status, reportedSide: reported === mentorship.mentorId ? 'mentor' : 'mentee', ...(mentorship.programmeId ? { programmeId: mentorship.programmeId } : {}) },
          },
          filedAt: now.toISOString(),
        });
        return { id: report.id };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict('You have already reported this mentorship.');
      throw error;
    }
  }

  /** Once per side, after the mentorship is over; never shown to the other side. */
  async submitExitSurvey(caller: Principal, input: ExitSurveyPayload): Promise<{ submitted: true }> {
    try {
      await this.em.fork().transactional(async (em) => {
        const mentorship = await this.mentorships.ofPair(em, caller, input.id);
        if (mentorship.status !== 'completed' && mentorship.status !== 'ended') throw new DomainError('MENTORSHIP_NOT_OVER', 'The exit survey is for the end of a mentorship.');
        em.persist(em.create(ExitSurvey, {
          mentorshipId: mentorship.id, accountId: caller.accountId, programmeId: mentorship.programmeId, side: caller.accountId === mentorship.mentorId ? 'mentor' : 'mentee',
          rating: input.rating, feltSafe: input.feltSafe, wouldRecommend: input.wouldRecommend, comments: input.comments?.trim() ?? '', submittedAt: new Date(),
        }));
        await em.flush();
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict('You have already answered the exit survey for this mentorship.');
      throw error;
    }
    return { submitted: true };
  }

  /** Programme administrators only: the answers without who gave them. */
  async exitSurveys(caller: Principal, query: ExitSurveyQuery): Promise<ExitSurveyPage> {
    if (!caller.roles.some((r) => r === 'programme-admin' || r === 'admin')) throw forbidden('Exit surveys are read by programme administrators only.');
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid', 'uuid']);
    const rows = await this.safeguarding.surveys(this.em.fork(), query.programmeId, limit + 1, key ? { submittedAt: new Date(String(key[0])), mentorshipId: String(key[1]), accountId: String(key[2]) } : undefined);
    const page = pageOf(rows, limit, (s) => [s.submittedAt.toISOString(), s.mentorshipId, s.accountId]);
    return {
      items: page.items.map(surveyView),
      nextCursor: page.nextCursor,
    };
  }


  /** Her reports on mentorships, newest first, for `GET /me/reports` (the gateway merges every source). */
  async mine(reporterId: string, limit = 20, cursor?: string): Promise<ReportPage> {
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const rows = await this.safeguarding.reportsBy(this.em.fork(), reporterId, limit + 1, key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
    return {
      items: page.items.map((r) => ({ id: r.id, subject: { type: 'mentorship', id: r.mentorshipId }, guideline: r.guideline, status: r.status, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Her part of the export kept here: the code of conduct she accepted, the reports she filed (with
   * her details) and the exit surveys she wrote. Exit surveys by the other side stay with the programme
   * administrators: they are confidential from her, as hers are from them.
   */
  async export(caller: Principal): Promise<Record<string, unknown>> {
    const em = this.em.fork();
    const member = await this.members.find(em, caller.accountId);
    const reports = await this.safeguarding.reportsBy(em, caller.accountId);
    const surveys = await this.safeguarding.surveysBy(em, caller.accountId);
    return {
      codeOfConduct: member?.conductVersion
        ? { version: member.conductVersion, acceptedAt: member.conductAcceptedAt?.toISOString() ?? null, current: member.conductVersion === CODE_OF_CONDUCT.version }
        : null,
      reportsFiled: reports.map((r) => ({
        id: r.id, subject: { type: 'mentorship', id: r.mentorshipId }, guideline: r.guideline, details: r.details, status: r.status, filedAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
      })),
      exitSurveys: surveys.map(surveyView),
    };
  }

  /** Trust-safety moved a case on: her reports follow, never back to an earlier state. */
  async applyCaseUpdate(em: EntityManager, update: CaseReportsUpdatedV1): Promise<void> {
    if (update.subjectType !== 'mentorship' || update.reportIds.length === 0) return;
    await em.nativeUpdate(MentorshipReport, { id: { $in: update.reportIds }, mentorshipId: update.subjectId, status: { $in: reportStatusesBefore(update.status) } }, { status: update.status, updatedAt: new Date(update.changedAt) });
  }
}

/**
 * What mentorship holds of her, for `GET /me/export`, grouped by kind: what mentorship knows of her
 * from other services' events, her profiles, the code of conduct, the requests she sent or received,
 * the mentorships she is in with what the pair keeps in them, her cohorts, the reports and exit surveys
 * she wrote, her notifications. Of the other side she gets what the product already shows her, no
 * more: never the other side's exit survey, a report filed about her, an early-end note or who ended a
 * mentorship (a block ends one, and who blocked whom is never told), nor matching runs' scores.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@weop/contracts';
import { MentorshipsRepository } from '../mentorships/mentorships.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { ProfilesService } from '../profiles/profiles.service';
import { CohortSessionsService } from '../programmes/cohort-sessions.service';
import { RequestsRepository } from '../requests/requests.repository';
import { SafeguardingService } from '../safeguarding/safeguarding.service';
import { mentorshipView, requestView } from '../views';
import { WorkService } from '../work/work.service';
import { MembersRepository } from './members.repository';

@Injectable()
export class MemberExportService {
  constructor(
    private readonly em: EntityManager,
    private readonly members: MembersRepository,
    private readonly requests: RequestsRepository,
    private readonly mentorships: MentorshipsRepository,
    private readonly profiles: ProfilesService,
    private readonly work: WorkService,
    private readonly cohorts: CohortSessionsService,
    private readonly safeguarding: SafeguardingService,
    private readonly notifications: NotificationsService,
  ) {}

  async export(caller: Principal): Promise<Record<string, unknown>> {
    const me = caller.accountId;
    const em = this.em.fork();
    const member = await this.members.find(em, me);
    const sanctions = await this.members.sanctionsOf(em, me);
    const requests = await this.requests.involving(em, me);
    const mentorships = await this.mentorships.page(em, me);
    const work = await this.work.export(caller, mentorships);
    const [profiles, cohorts, safeguarding, notifications] = await Promise.all([
      this.profiles.export(caller), this.cohorts.export(caller), this.safeguarding.export(caller), this.notifications.export(caller),
    ]);
    return {
      member: member && { country: member.country, displayName: member.displayName, verified: member.verified, sanctionsInForce: member.sanctions, sanctions, updatedAt: member.updatedAt?.toISOString() ?? null },
      ...profiles,
      codeOfConduct: safeguarding.codeOfConduct,
      requests: requests.map((r) => ({ ...requestView(r), yourRole: r.menteeId === me ? 'mentee' : 'mentor', pausedAt: r.pausedAt?.toISOString() ?? null })),
      mentorships: mentorships.map((m) => ({
        ...mentorshipView(m),
        yourRole: m.mentorId === me ? 'mentor' : 'mentee',
        requestId: m.requestId,
        // Her own early-end note only: whoever else ended it (or blocked) is not told to her.
        yourEndNote: m.endedBy === me ? m.endNote : null,
        ...work.get(m.id),
      })),
      programmes: cohorts.programmes,
      programmeAssignments: mentorships.filter((m) => m.programmeId !== null).map((m) => ({
        programmeId: m.programmeId, mentorshipId: m.id, yourRole: m.mentorId === me ? 'mentor' : 'mentee', startedAt: m.startedAt.toISOString(),
      })),
      certificates: cohorts.certificates,
      reportsFiled: safeguarding.reportsFiled,
      exitSurveys: safeguarding.exitSurveys,
      ...notifications,
    };
  }
}

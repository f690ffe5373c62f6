import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ExitSurvey, MentorshipReport } from './safeguarding.entity';

@Injectable()
export class SafeguardingRepository {
  /** Newest first, after a (submittedAt, mentorshipId, accountId) key. */
  surveys(em: EntityManager, programmeId: string | undefined, limit: number, after?: { submittedAt: Date; mentorshipId: string; accountId: string }): Promise<ExitSurvey[]> {
    const where: FilterQuery<ExitSurvey> = programmeId ? { programmeId } : {};
    if (after) {
      where.$or = [
        { submittedAt: { $lt: after.submittedAt } },
        { submittedAt: after.submittedAt, mentorshipId: { $lt: after.mentorshipId } },
        { submittedAt: after.submittedAt, mentorshipId: after.mentorshipId, accountId: { $lt: after.accountId } },
      ];
    }
    return em.find(ExitSurvey, where, { orderBy: [{ submittedAt: 'desc' }, { mentorshipId: 'desc' }, { accountId: 'desc' }], limit });
  }

  /** The exit surveys she wrote, newest first (her export; never the other side's). */
  surveysBy(em: EntityManager, accountId: string): Promise<ExitSurvey[]> {
    return em.find(ExitSurvey, { accountId }, { orderBy: [{ submittedAt: 'desc' }, { mentorshipId: 'desc' }] });
  }

  /** The reports she filed, newest first, after a (createdAt, id) key; all of them without a limit (her export). */
  reportsBy(em: EntityManager, reporterId: string, limit?: number, after?: { createdAt: Date; id: string }): Promise<MentorshipReport[]> {
    const where: FilterQuery<MentorshipReport> = { reporterId };
    if (after) where.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }];
    return em.find(MentorshipReport, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit });
  }
}

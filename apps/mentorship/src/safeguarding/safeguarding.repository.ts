import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ExitSurvey } from './safeguarding.entity';

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
}

import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MenteeProfile, MentorProfile } from './profile.entity';

@Injectable()
export class ProfilesRepository {
  /** `lock`: true for update (her seats, her availability changing); 'share' to read her availability while no one changes it. */
  mentor(em: EntityManager, accountId: string, lock: boolean | 'share' = false): Promise<MentorProfile | null> {
    if (!lock) return em.findOne(MentorProfile, { accountId });
    return em.findOne(MentorProfile, { accountId }, { lockMode: lock === 'share' ? LockMode.PESSIMISTIC_READ : LockMode.PESSIMISTIC_WRITE });
  }

  mentee(em: EntityManager, accountId: string): Promise<MenteeProfile | null> {
    return em.findOne(MenteeProfile, { accountId });
  }

  /** Mentors who take mentees now: available, and not every seat taken. */
  openMentors(em: EntityManager): Promise<MentorProfile[]> {
    return em.find(MentorProfile, { available: true }, { orderBy: { accountId: 'asc' } });
  }

  mentorsByIds(em: EntityManager, ids: readonly string[]): Promise<MentorProfile[]> {
    return ids.length ? em.find(MentorProfile, { accountId: { $in: [...ids] } }) : Promise.resolve([]);
  }

  menteesByIds(em: EntityManager, ids: readonly string[]): Promise<MenteeProfile[]> {
    return ids.length ? em.find(MenteeProfile, { accountId: { $in: [...ids] } }) : Promise.resolve([]);
  }

  /** Seats each mentor has taken: mentorships active or paused. */
  async seatsTaken(em: EntityManager, mentorIds: readonly string[]): Promise<Map<string, number>> {
    if (mentorIds.length === 0) return new Map();
    const rows = await em.getConnection().execute<{ mentor_id: string; n: string }[]>(
      `select mentor_id, count(*) as n from mentorship where status in ('active','paused') and mentor_id = any(?::uuid[]) group by mentor_id`,
      [`{${mentorIds.join(',')}}`], 'all', em.getTransactionContext(),
    );
    return new Map(rows.map((r) => [r.mentor_id, Number(r.n)]));
  }

  async forget(em: EntityManager, accountId: string): Promise<void> {
    await em.nativeDelete(MentorProfile, { accountId });
    await em.nativeDelete(MenteeProfile, { accountId });
  }
}

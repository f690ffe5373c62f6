import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MentorshipStatus } from '@weop/contracts';
import { Mentorship } from './mentorship.entity';

@Injectable()
export class MentorshipsRepository {
  find(em: EntityManager, id: string, lock = false): Promise<Mentorship | null> {
    return em.findOne(Mentorship, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  /** Hers, on either side, newest first, after a (startedAt, id) key; every one of them without a limit (her export). */
  page(em: EntityManager, accountId: string, limit?: number, after?: { startedAt: Date; id: string }): Promise<Mentorship[]> {
    const where: FilterQuery<Mentorship> = { $or: [{ menteeId: accountId }, { mentorId: accountId }] };
    if (after) where.$and = [{ $or: [{ startedAt: { $lt: after.startedAt } }, { startedAt: after.startedAt, id: { $lt: after.id } }] }];
    return em.find(Mentorship, where, { orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], limit });
  }

  livePair(em: EntityManager, mentorId: string, menteeId: string): Promise<Mentorship | null> {
    return em.findOne(Mentorship, { mentorId, menteeId, status: { $in: ['active', 'paused'] } });
  }

  /**
   * Of these mentees, those a programme already matched: a mentorship from it active, paused or
   * completed. One ended early leaves her free for a later run of the cohort.
   */
  async matchedInProgramme(em: EntityManager, programmeId: string, menteeIds: readonly string[]): Promise<Set<string>> {
    if (menteeIds.length === 0) return new Set();
    const rows = await em.find(Mentorship, { programmeId, menteeId: { $in: [...menteeIds] }, status: { $in: ['active', 'paused', 'completed'] } });
    return new Set(rows.map((m) => m.menteeId));
  }

  /** Mentorships in these states where she is either side, locked. */
  involving(em: EntityManager, accountId: string, statuses: MentorshipStatus[], lock = false): Promise<Mentorship[]> {
    return em.find(Mentorship, { status: { $in: statuses }, $or: [{ menteeId: accountId }, { mentorId: accountId }] }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  /** Active mentorships with no session since `before` (counting from the start) and no reminder since then. */
  quiet(em: EntityManager, before: Date): Promise<Mentorship[]> {
    return em.find(
      Mentorship,
      {
        status: 'active',
        $and: [
          { $or: [{ lastSessionAt: { $lte: before } }, { lastSessionAt: null, startedAt: { $lte: before } }] },
          { $or: [{ remindedAt: null }, { remindedAt: { $lte: before } }] },
        ],
      },
      { limit: 200, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
    );
  }

  /** Her closing notes and end notes leave every mentorship she was in. */
  async eraseNotes(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute(
      `update mentorship set mentor_note = case when mentor_id = ? then null else mentor_note end,
                             mentee_note = case when mentee_id = ? then null else mentee_note end,
                             end_note = case when ended_by = ? then null else end_note end
        where mentor_id = ? or mentee_id = ?`,
      [accountId, accountId, accountId, accountId, accountId], 'run', em.getTransactionContext(),
    );
  }
}

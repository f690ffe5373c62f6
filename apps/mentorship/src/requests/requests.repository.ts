import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MentorshipRequestStatus } from '@weop/contracts';
import { MentorshipRequest } from './mentorship-request.entity';

@Injectable()
export class RequestsRepository {
  find(em: EntityManager, id: string, lock = false): Promise<MentorshipRequest | null> {
    return em.findOne(MentorshipRequest, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  /** Sent by her (mentee) or to her (mentor), newest first, after a (createdAt, id) key. */
  page(em: EntityManager, side: 'mentee' | 'mentor', accountId: string, status: MentorshipRequestStatus | undefined, limit: number, after?: { createdAt: Date; id: string }): Promise<MentorshipRequest[]> {
    const where: FilterQuery<MentorshipRequest> = side === 'mentee' ? { menteeId: accountId } : { mentorId: accountId };
    if (status) where.status = status;
    if (after) where.$or = [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }];
    return em.find(MentorshipRequest, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit });
  }

  /** Every request she sent or received, newest first (her export). */
  involving(em: EntityManager, accountId: string): Promise<MentorshipRequest[]> {
    return em.find(MentorshipRequest, { $or: [{ menteeId: accountId }, { mentorId: accountId }] }, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
  }

  /** A mentor's requests still open (pending, or paused by a sanction), locked. */
  openFor(em: EntityManager, mentorId: string): Promise<MentorshipRequest[]> {
    return em.find(MentorshipRequest, { mentorId, status: { $in: ['pending', 'paused'] } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** Open (pending or paused) requests where she is either side, locked. */
  openInvolving(em: EntityManager, accountId: string, statuses: MentorshipRequestStatus[]): Promise<MentorshipRequest[]> {
    return em.find(MentorshipRequest, { status: { $in: statuses }, $or: [{ menteeId: accountId }, { mentorId: accountId }] }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** Pending requests unanswered past their expiry; locked, skipping rows another replica holds. */
  due(em: EntityManager, now: Date): Promise<MentorshipRequest[]> {
    return em.find(MentorshipRequest, { status: 'pending', expiresAt: { $lte: now } }, { limit: 200, orderBy: { expiresAt: 'asc' }, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
  }
}

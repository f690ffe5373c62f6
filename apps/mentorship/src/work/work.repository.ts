import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readTogether } from '@weop/persistence';
import { MentorshipFeedback, MentorshipGoal, MentorshipSession, MentorshipTask } from './work.entity';

/** Rows after a (createdAt, id) key, oldest first. */
const afterCreated = (after?: { at: Date; id: string }) =>
  after ? { $or: [{ createdAt: { $gt: after.at } }, { createdAt: after.at, id: { $gt: after.id } }] } : {};

@Injectable()
export class WorkRepository {
  /** Oldest first, after a (createdAt, id) key. */
  goals(em: EntityManager, mentorshipId: string, limit: number, after?: { at: Date; id: string }): Promise<MentorshipGoal[]> {
    return em.find(MentorshipGoal, { mentorshipId, ...afterCreated(after) }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], limit });
  }

  goal(em: EntityManager, mentorshipId: string, id: string): Promise<MentorshipGoal | null> {
    return em.findOne(MentorshipGoal, { id, mentorshipId });
  }

  /** Newest first, after a (heldAt, id) key. */
  sessions(em: EntityManager, mentorshipId: string, limit: number, after?: { at: Date; id: string }): Promise<MentorshipSession[]> {
    const where: FilterQuery<MentorshipSession> = { mentorshipId };
    if (after) where.$or = [{ heldAt: { $lt: after.at } }, { heldAt: after.at, id: { $lt: after.id } }];
    return em.find(MentorshipSession, where, { orderBy: [{ heldAt: 'desc' }, { id: 'desc' }], limit });
  }

  /** Oldest first, after a (createdAt, id) key. */
  tasks(em: EntityManager, mentorshipId: string, limit: number, after?: { at: Date; id: string }): Promise<MentorshipTask[]> {
    return em.find(MentorshipTask, { mentorshipId, ...afterCreated(after) }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], limit });
  }

  task(em: EntityManager, mentorshipId: string, id: string): Promise<MentorshipTask | null> {
    return em.findOne(MentorshipTask, { id, mentorshipId });
  }

  feedback(em: EntityManager, mentorshipId: string): Promise<MentorshipFeedback[]> {
    return em.find(MentorshipFeedback, { mentorshipId });
  }

  /** Everything the pairs keep in these mentorships, without the lists' limit (a member's export). */
  async ofMentorships(em: EntityManager, mentorshipIds: readonly string[]): Promise<{ goals: MentorshipGoal[]; sessions: MentorshipSession[]; tasks: MentorshipTask[]; feedback: MentorshipFeedback[] }> {
    if (mentorshipIds.length === 0) return { goals: [], sessions: [], tasks: [], feedback: [] };
    const mentorshipId = { $in: [...mentorshipIds] };
    const [goals, sessions, tasks, feedback] = await readTogether(em, [
      () => em.find(MentorshipGoal, { mentorshipId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      () => em.find(MentorshipSession, { mentorshipId }, { orderBy: [{ heldAt: 'desc' }, { id: 'desc' }] }),
      () => em.find(MentorshipTask, { mentorshipId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      () => em.find(MentorshipFeedback, { mentorshipId }),
    ]);
    return { goals, sessions, tasks, feedback };
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MentorshipFeedback, MentorshipGoal, MentorshipSession, MentorshipTask } from './work.entity';

@Injectable()
export class WorkRepository {
  goals(em: EntityManager, mentorshipId: string): Promise<MentorshipGoal[]> {
    return em.find(MentorshipGoal, { mentorshipId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], limit: 200 });
  }

  goal(em: EntityManager, mentorshipId: string, id: string): Promise<MentorshipGoal | null> {
    return em.findOne(MentorshipGoal, { id, mentorshipId });
  }

  sessions(em: EntityManager, mentorshipId: string): Promise<MentorshipSession[]> {
    return em.find(MentorshipSession, { mentorshipId }, { orderBy: [{ heldAt: 'desc' }, { id: 'desc' }], limit: 200 });
  }

  tasks(em: EntityManager, mentorshipId: string): Promise<MentorshipTask[]> {
    return em.find(MentorshipTask, { mentorshipId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], limit: 200 });
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
    const [goals, sessions, tasks, feedback] = await Promise.all([
      em.find(MentorshipGoal, { mentorshipId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      em.find(MentorshipSession, { mentorshipId }, { orderBy: [{ heldAt: 'desc' }, { id: 'desc' }] }),
      em.find(MentorshipTask, { mentorshipId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      em.find(MentorshipFeedback, { mentorshipId }),
    ]);
    return { goals, sessions, tasks, feedback };
  }
}

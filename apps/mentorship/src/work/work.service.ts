/**
 * Inside a mentorship (issue 7): goals with progress, session logs whose notes only the pair reads,
 * tasks, and the feedback at the end, where each side sees the other's only once both answered.
 * Every call goes through `ofPair`: to anyone outside the pair the mentorship does not exist.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, conflict, decodeCursor, notFound, pageOf, validationFailed } from '@weop/contracts';
import type {
  AddGoalPayload, AddTaskPayload, FeedbackEntry, FeedbackView, GiveFeedbackPayload, GoalList, GoalView, LogSessionPayload, MentorshipListPayload, Principal, MentoringSessionList, MentoringSessionView, TaskList, TaskView, UpdateGoalPayload, UpdateTaskPayload,
} from '@weop/contracts';
import type { Mentorship } from '../mentorships/mentorship.entity';
import { MentorshipsService } from '../mentorships/mentorships.service';
import { MentorshipFeedback, MentorshipGoal, MentorshipSession, MentorshipTask } from './work.entity';
import { WorkRepository } from './work.repository';

const goalView = (g: MentorshipGoal): GoalView => ({ id: g.id, title: g.title, progress: g.progress, createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() });
const sessionView = (s: MentorshipSession): MentoringSessionView => ({ id: s.id, heldAt: s.heldAt.toISOString(), durationMinutes: s.durationMinutes, notes: s.notes, loggedBy: s.loggedBy });
const taskView = (t: MentorshipTask): TaskView => ({ id: t.id, title: t.title, dueAt: t.dueAt?.toISOString() ?? null, done: t.done, createdAt: t.createdAt.toISOString() });

const feedbackEntry = (f: MentorshipFeedback): FeedbackEntry => ({ rating: f.rating, text: f.text, givenAt: f.givenAt.toISOString() });

/** Her feedback and, once both answered, the other side's: never theirs before she gave hers. */
const feedbackView = (rows: readonly MentorshipFeedback[], accountId: string): FeedbackView => {
  const mine = rows.find((f) => f.authorId === accountId) ?? null;
  const theirs = rows.find((f) => f.authorId !== accountId) ?? null;
  return { mine: mine && feedbackEntry(mine), theirs: mine && theirs ? feedbackEntry(theirs) : null, theyAnswered: theirs !== null };
};

const requireActive = (m: Mentorship): void => {
  if (m.status !== 'active') throw new DomainError('MENTORSHIP_NOT_ACTIVE', `This mentorship is ${m.status}; its goals, sessions and tasks can be read but not changed.`);
};

/** A list's (date, id) key from its cursor; a malformed cursor is 400 VALIDATION_FAILED. */
const afterKey = (cursor: string | undefined): { at: Date; id: string } | undefined => {
  const key = decodeCursor(cursor, ['date', 'uuid']);
  return key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined;
};

const parseDate = (field: string, value: string): Date => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw validationFailed(field, 'must be a valid date');
  return date;
};

@Injectable()
export class WorkService {
  constructor(
    private readonly em: EntityManager,
    private readonly mentorships: MentorshipsService,
    private readonly work: WorkRepository,
  ) {}

  async goals(caller: Principal, query: MentorshipListPayload): Promise<GoalList> {
    const em = this.em.fork();
    await this.mentorships.ofPair(em, caller, query.id);
    const limit = query.limit ?? 20;
    const page = pageOf(await this.work.goals(em, query.id, limit + 1, afterKey(query.cursor)), limit, (g) => [g.createdAt.toISOString(), g.id]);
    return { items: page.items.map(goalView), nextCursor: page.nextCursor };
  }

  async addGoal(caller: Principal, input: AddGoalPayload): Promise<GoalView> {
    return this.em.fork().transactional(async (em) => {
      requireActive(await this.mentorships.ofPair(em, caller, input.id, true));
      const now = new Date();
      const goal = em.create(MentorshipGoal, { id: randomUUID(), mentorshipId: input.id, title: input.title.trim(), progress: 0, createdAt: now, updatedAt: now });
      em.persist(goal);
      await em.flush();
      return goalView(goal);
    });
  }

  async updateGoal(caller: Principal, input: UpdateGoalPayload): Promise<GoalView> {
    return this.em.fork().transactional(async (em) => {
      requireActive(await this.mentorships.ofPair(em, caller, input.id, true));
      const goal = await this.work.goal(em, input.id, input.itemId);
      if (!goal) throw notFound('The goal');
      if (input.title !== undefined) goal.title = input.title.trim();
      if (input.progress !== undefined) goal.progress = input.progress;
      goal.updatedAt = new Date();
      await em.flush();
      return goalView(goal);
    });
  }

  async sessions(caller: Principal, query: MentorshipListPayload): Promise<MentoringSessionList> {
    const em = this.em.fork();
    await this.mentorships.ofPair(em, caller, query.id);
    const limit = query.limit ?? 20;
    const page = pageOf(await this.work.sessions(em, query.id, limit + 1, afterKey(query.cursor)), limit, (s) => [s.heldAt.toISOString(), s.id]);
    return { items: page.items.map(sessionView), nextCursor: page.nextCursor };
  }

  /** A session that took place; it resets the 30-day reminder clock. */
  async logSession(caller: Principal, input: LogSessionPayload): Promise<MentoringSessionView> {
    const heldAt = parseDate('heldAt', input.heldAt);
    if (heldAt.getTime() > Date.now() + 60_000) throw validationFailed('heldAt', 'must not be in the future: log a session once it took place');
    return this.em.fork().transactional(async (em) => {
      const mentorship = await this.mentorships.ofPair(em, caller, input.id, true);
      requireActive(mentorship);
      if (heldAt < mentorship.startedAt) throw validationFailed('heldAt', 'must not be before the mentorship began');
      const session = em.create(MentorshipSession, { id: randomUUID(), mentorshipId: input.id, heldAt, durationMinutes: input.durationMinutes, notes: input.notes?.trim() ?? '', loggedBy: caller.accountId });
      em.persist(session);
      if (!mentorship.lastSessionAt || mentorship.lastSessionAt < heldAt) mentorship.lastSessionAt = heldAt;
      await em.flush();
      return sessionView(session);
    });
  }

  async tasks(caller: Principal, query: MentorshipListPayload): Promise<TaskList> {
    const em = this.em.fork();
    await this.mentorships.ofPair(em, caller, query.id);
    const limit = query.limit ?? 20;
    const page = pageOf(await this.work.tasks(em, query.id, limit + 1, afterKey(query.cursor)), limit, (t) => [t.createdAt.toISOString(), t.id]);
    return { items: page.items.map(taskView), nextCursor: page.nextCursor };
  }

  async addTask(caller: Principal, input: AddTaskPayload): Promise<TaskView> {
    const dueAt = input.dueAt ? parseDate('dueAt', input.dueAt) : null;
    return this.em.fork().transactional(async (em) => {
      requireActive(await this.mentorships.ofPair(em, caller, input.id, true));
      const task = em.create(MentorshipTask, { id: randomUUID(), mentorshipId: input.id, title: input.title.trim(), dueAt, done: false, createdAt: new Date() });
      em.persist(task);
      await em.flush();
      return taskView(task);
    });
  }

  async updateTask(caller: Principal, input: UpdateTaskPayload): Promise<TaskView> {
    return this.em.fork().transactional(async (em) => {
      requireActive(await this.mentorships.ofPair(em, caller, input.id, true));
      const task = await this.work.task(em, input.id, input.itemId);
      if (!task) throw notFound('The task');
      task.done = input.done;
      await em.flush();
      return taskView(task);
    });
  }

  async feedback(caller: Principal, id: string): Promise<FeedbackView> {
    const em = this.em.fork();
    await this.mentorships.ofPair(em, caller, id);
    return feedbackView(await this.work.feedback(em, id), caller.accountId);
  }

  /**
   * What the pair keeps in each of her mentorships, for `GET /me/export`: goals, sessions with their
   * notes (she is one of the pair), tasks, and the feedback as she sees it (the other side's only once
   * both answered). Only mentorships she is one of the pair of are read.
   */
  async export(caller: Principal, given: readonly Mentorship[]): Promise<Map<string, Record<string, unknown>>> {
    const mentorships = given.filter((m) => m.mentorId === caller.accountId || m.menteeId === caller.accountId);
    const work = await this.work.ofMentorships(this.em.fork(), mentorships.map((m) => m.id));
    const of = <T extends { mentorshipId: string }>(rows: T[], id: string): T[] => rows.filter((r) => r.mentorshipId === id);
    return new Map(mentorships.map((m) => [m.id, {
      goals: of(work.goals, m.id).map(goalView),
      sessions: of(work.sessions, m.id).map((s) => ({ ...sessionView(s), loggedByYou: s.loggedBy === caller.accountId })),
      tasks: of(work.tasks, m.id).map(taskView),
      feedback: feedbackView(of(work.feedback, m.id), caller.accountId),
    }]));
  }

  /** Once the mentorship is over (completed or ended); once per side. */
  async giveFeedback(caller: Principal, input: GiveFeedbackPayload): Promise<FeedbackView> {
    try {
      await this.em.fork().transactional(async (em) => {
        const mentorship = await this.mentorships.ofPair(em, caller, input.id, true);
        if (mentorship.status !== 'completed' && mentorship.status !== 'ended') {
          throw new DomainError('MENTORSHIP_NOT_OVER', 'Feedback is given at the end of a mentorship.');
        }
        em.persist(em.create(MentorshipFeedback, { mentorshipId: input.id, authorId: caller.accountId, rating: input.rating, text: input.text.trim(), givenAt: new Date() }));
        await em.flush();
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict('You have already given your feedback on this mentorship.');
      throw error;
    }
    return this.feedback(caller, input.id);
  }
}

/**
 * Requests for mentoring (issue 7, "Requests"): one open request per mentor, the mentor's answer, the
 * mentee's withdrawal, expiry. Capacity is enforced at acceptance under a lock on the mentor's
 * profile, so two acceptances racing for her last seat are serialised and the second finds her full.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, conflict, decodeCursor, forbidden, notFound, pageOf } from '@weop/contracts';
import type { CreateMentorshipRequest, CreatedRequestView, DeclineMentorshipPayload, MentorshipRequestPage, MentorshipRequestView, MyRequestsQuery, Principal } from '@weop/contracts';
import { MentorshipBlocks } from '../blocks/mentorship-blocks';
import { MembersRepository } from '../members/members.repository';
import { Mentorship } from '../mentorships/mentorship.entity';
import { MentorshipsRepository } from '../mentorships/mentorships.repository';
import { MentorshipConfig } from '../mentorship.config';
import { NotificationsService } from '../notifications/notifications.service';
import { ProfilesRepository } from '../profiles/profiles.repository';
import { menteeProfileRequired } from '../profiles/profiles.service';
import { conductRequired, SafeguardingService } from '../safeguarding/safeguarding.service';
import { requestView } from '../views';
import { MentorshipRequest } from './mentorship-request.entity';
import { RequestsRepository } from './requests.repository';

const DAY = 86_400_000;
const OPEN_REQUEST = 'You already have an open request to this mentor; wait for her answer or withdraw it first.';
export const mentorAtCapacity = (): DomainError =>
  new DomainError('MENTOR_AT_CAPACITY', 'Every seat this mentor offers is taken: she cannot accept another mentee until a mentorship ends or she raises her capacity.');
const notPending = (status: string): DomainError => new DomainError('REQUEST_NOT_PENDING', `This request is ${status}; only a pending request can be answered.`);

@Injectable()
export class RequestsService {
  constructor(
    private readonly em: EntityManager,
    private readonly requests: RequestsRepository,
    private readonly profiles: ProfilesRepository,
    private readonly mentorships: MentorshipsRepository,
    private readonly members: MembersRepository,
    private readonly notifications: NotificationsService,
    private readonly safeguarding: SafeguardingService,
    private readonly blocks: MentorshipBlocks,
    @Inject(MentorshipConfig) private readonly config: MentorshipConfig,
  ) {}

  async create(caller: Principal, input: CreateMentorshipRequest): Promise<CreatedRequestView> {
    if (input.mentorId === caller.accountId) throw new DomainError('SELF_REQUEST', 'You cannot ask yourself for mentoring.');
    try {
      return await this.em.fork().transactional(async (em) => {
        if (!(await this.profiles.mentee(em, caller.accountId))) throw menteeProfileRequired();
        // A block either way: 403 BLOCKED, which names no one and says nothing of who blocked.
        await this.blocks.assertNotBlocked(em, caller.accountId, input.mentorId);
        // Her profile row share-locked: a pause (which locks it for update, then closes her open requests)
        // either commits first and is read here, or waits for this request and then closes it.
        const mentor = await this.profiles.mentor(em, input.mentorId, 'share');
        if (!mentor) throw notFound('The mentor');
        if (!(await this.safeguarding.accepted(em, caller.accountId))) throw conductRequired('you');
        if (!mentor.available || (await this.members.restricted(em, mentor.accountId))) {
          throw new DomainError('MENTOR_UNAVAILABLE', 'This mentor is not taking new mentees at the moment.');
        }
        if (await this.mentorships.livePair(em, mentor.accountId, caller.accountId)) throw conflict('You already have a mentorship with this mentor.');
        const now = new Date();
        const request = em.create(MentorshipRequest, {
          id: randomUUID(),
          menteeId: caller.accountId,
          mentorId: mentor.accountId,
          message: input.message.trim(),
          goals: [...new Set((input.goals ?? []).map((g) => g.trim()))],
          createdAt: now,
          expiresAt: new Date(now.getTime() + this.config.REQUEST_EXPIRY_DAYS * DAY),
        });
        em.persist(request);
        await this.notifications.tell(em, mentor.accountId, 'mentorship.request.received', 'A member asked you for mentoring.', `/mentorship/requests/${request.id}`, now);
        await em.flush();
        return { id: request.id, status: 'pending' as const };
      });
    } catch (error) {
      // The partial unique index: a second open request to her, even one sent at the same instant.
      if (error instanceof UniqueConstraintViolationException) throw conflict(OPEN_REQUEST);
      throw error;
    }
  }

  async mine(caller: Principal, query: MyRequestsQuery): Promise<MentorshipRequestPage> {
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.requests.page(this.em.fork(), query.as ?? 'mentee', caller.accountId, query.status, limit + 1, key ? { createdAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
    return { items: page.items.map(requestView), nextCursor: page.nextCursor };
  }

  async accept(caller: Principal, id: string): Promise<MentorshipRequestView> {
    try {
      return await this.em.fork().transactional(async (em) => {
        // Her profile row is the seat lock: acceptances for the same mentor queue here. It is taken
        // before the request's row, in the order pausing takes them, so the two never deadlock.
        const mentor = await this.profiles.mentor(em, caller.accountId, true);
        const request = await this.ownRequest(em, caller, id, 'mentor');
        if (request.status !== 'pending') throw notPending(request.status);
        if (!mentor) throw notFound('Your mentor profile');
        if (!(await this.safeguarding.accepted(em, caller.accountId))) throw conductRequired('you');
        if (!(await this.safeguarding.accepted(em, request.menteeId))) throw conductRequired('mentee');
        // A block closes open requests; this covers one that raced with it.
        await this.blocks.assertNotBlocked(em, caller.accountId, request.menteeId);
        const seats = (await this.profiles.seatsTaken(em, [mentor.accountId])).get(mentor.accountId) ?? 0;
        if (seats >= mentor.capacity) throw mentorAtCapacity();
        const now = new Date();
        const mentorship = em.create(Mentorship, { id: randomUUID(), mentorId: request.mentorId, menteeId: request.menteeId, requestId: request.id, startedAt: now });
        em.persist(mentorship);
        request.status = 'accepted';
        request.answeredAt = now;
        request.mentorshipId = mentorship.id;
        await this.notifications.tell(em, request.menteeId, 'mentorship.request.accepted', 'Your mentoring request was accepted: your mentorship has begun.', `/mentorship/mentorships/${mentorship.id}`, now);
        await em.flush();
        return requestView(request);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict('You already have a mentorship with this mentee.');
      throw error;
    }
  }

  async decline(caller: Principal, input: DeclineMentorshipPayload): Promise<MentorshipRequestView> {
    return this.em.fork().transactional(async (em) => {
      const request = await this.ownRequest(em, caller, input.id, 'mentor');
      if (request.status !== 'pending' && request.status !== 'paused') throw notPending(request.status);
      const now = new Date();
      request.status = 'declined';
      request.declineReason = input.reason;
      request.declineNote = input.note?.trim() || null;
      request.answeredAt = now;
      await this.notifications.tell(em, request.menteeId, 'mentorship.request.declined', 'Your mentoring request was declined. Other mentors in your suggestions may be a better fit.', `/mentorship/requests/${request.id}`, now);
      await em.flush();
      return requestView(request);
    });
  }

  async withdraw(caller: Principal, id: string): Promise<MentorshipRequestView> {
    return this.em.fork().transactional(async (em) => {
      const request = await this.ownRequest(em, caller, id, 'mentee');
      if (request.status !== 'pending' && request.status !== 'paused') throw notPending(request.status);
      request.status = 'withdrawn';
      request.answeredAt = new Date();
      await em.flush();
      return requestView(request);
    });
  }

  /** Pending requests unanswered for REQUEST_EXPIRY_DAYS expire; the mentee is told. */
  async expireDue(now = new Date()): Promise<number> {
    return this.em.fork().transactional(async (em) => {
      const due = await this.requests.due(em, now);
      for (const request of due) {
        request.status = 'expired';
        request.answeredAt = now;
        await this.notifications.tell(em, request.menteeId, 'mentorship.request.expired', 'Your mentoring request expired without an answer. You are welcome to ask another mentor.', `/mentorship/requests/${request.id}`, now);
      }
      await em.flush();
      return due.length;
    });
  }

  /**
   * The request, locked, when the caller is the side that may act on it. The other side of the pair
   * is refused (403); anyone else learns nothing (404).
   */
  private async ownRequest(em: EntityManager, caller: Principal, id: string, side: 'mentor' | 'mentee'): Promise<MentorshipRequest> {
    const request = await this.requests.find(em, id, true);
    if (!request || (request.menteeId !== caller.accountId && request.mentorId !== caller.accountId)) throw notFound('The request');
    const mine = side === 'mentor' ? request.mentorId === caller.accountId : request.menteeId === caller.accountId;
    if (!mine) throw forbidden(side === 'mentor' ? 'Only the mentor answers a request.' : 'Only the mentee withdraws her request.');
    return request;
  }
}

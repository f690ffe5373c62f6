/**
 * Mentor and mentee profiles. A mentor who pauses (available: false) has her open requests (pending, or
 * paused by a sanction) answered for her, kindly, in the same transaction.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, forbidden, notFound, validationFailed } from '@weop/contracts';
import type { MenteeProfileRequest, MenteeProfileView, MentorProfileRequest, MentorProfileView, Principal } from '@weop/contracts';
import { NotificationsService } from '../notifications/notifications.service';
import type { MentorshipRequest } from '../requests/mentorship-request.entity';
import { RequestsRepository } from '../requests/requests.repository';
import { isKnownTimeZone } from '../suggestions/match-quality';
import { menteeProfileView, mentorProfileView } from '../views';
import { MenteeProfile, MentorProfile } from './profile.entity';
import { ProfilesRepository } from './profiles.repository';

export const menteeProfileRequired = (): DomainError =>
  new DomainError('MENTEE_PROFILE_REQUIRED', 'Tell us what you are looking for first: create your mentee profile (PUT /mentorship/mentee-profile).');

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

const checkZone = (zone: string): void => {
  if (!isKnownTimeZone(zone)) throw validationFailed('timeZone', 'is not a time zone this platform knows (use an IANA name such as Asia/Almaty)');
};

/** The words a mentee reads when the mentor she asked has paused. */
export const PAUSED_MENTOR_NOTE = 'Thank you for reaching out. This mentor is not taking new mentees at the moment, so your request has been closed for you. Other mentors in your suggestions would be glad to hear from you.';

/** An open request (locked by the caller) answered for a mentor who takes no new mentees, with the kind note. */
export async function declineForUnavailableMentor(em: EntityManager, notifications: NotificationsService, request: MentorshipRequest, now: Date): Promise<void> {
  request.status = 'declined';
  request.declineReason = 'mentor-unavailable';
  request.declineNote = PAUSED_MENTOR_NOTE;
  request.answeredAt = now;
  request.pausedAt = null;
  await notifications.tell(em, request.menteeId, 'mentorship.request.declined', PAUSED_MENTOR_NOTE, `/mentorship/requests/${request.id}`, now);
}

@Injectable()
export class ProfilesService {
  constructor(
    private readonly em: EntityManager,
    private readonly profiles: ProfilesRepository,
    private readonly requests: RequestsRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async putMentor(caller: Principal, input: MentorProfileRequest): Promise<MentorProfileView> {
    if (!caller.roles.includes('mentor')) throw forbidden('Only members with the mentor role offer mentoring.');
    checkZone(input.timeZone);
    return this.em.fork().transactional(async (em) => {
      const now = new Date();
      let profile = await this.profiles.mentor(em, caller.accountId, true);
      const fields = {
        expertise: unique(input.expertise),
        languages: unique(input.languages),
        countries: unique(input.countries),
        timeZone: input.timeZone,
        capacity: input.capacity,
        available: input.available,
        industries: unique(input.industries ?? profile?.industries ?? []),
        gender: input.gender ?? profile?.gender ?? 'undisclosed',
        bio: input.bio ?? profile?.bio ?? '',
        updatedAt: now,
      };
      if (profile) em.assign(profile, fields);
      else {
        profile = em.create(MentorProfile, { accountId: caller.accountId, ...fields });
        em.persist(profile);
      }
      if (!input.available) await this.closeOpenRequests(em, caller.accountId, now);
      await em.flush();
      const seats = (await this.profiles.seatsTaken(em, [caller.accountId])).get(caller.accountId) ?? 0;
      return mentorProfileView(profile, seats);
    });
  }

  /**
   * She no longer holds the mentor role (identity's event): she stops taking mentees, as if she had
   * paused; her mentorships in progress go on. Only the profile row's lock is taken, before the requests'.
   */
  async mentorRoleRemoved(em: EntityManager, accountId: string, now = new Date()): Promise<void> {
    const profile = await this.profiles.mentor(em, accountId, true);
    if (!profile || !profile.available) return;
    profile.available = false;
    profile.updatedAt = now;
    await this.closeOpenRequests(em, accountId, now);
    await em.flush();
  }

  /**
   * Her open requests, answered for her with a kind note: pending ones, and those a sanction (hers or the
   * mentee's) holds paused, which would otherwise come back pending for a mentor who takes no one.
   */
  private async closeOpenRequests(em: EntityManager, mentorId: string, now: Date): Promise<void> {
    for (const request of await this.requests.openFor(em, mentorId)) await declineForUnavailableMentor(em, this.notifications, request, now);
  }

  async getMentor(caller: Principal): Promise<MentorProfileView> {
    const view = await this.mentorView(this.em.fork(), caller.accountId);
    if (!view) throw notFound('Your mentor profile');
    return view;
  }

  private async mentorView(em: EntityManager, accountId: string): Promise<MentorProfileView | null> {
    const profile = await this.profiles.mentor(em, accountId);
    if (!profile) return null;
    const seats = (await this.profiles.seatsTaken(em, [accountId])).get(accountId) ?? 0;
    return mentorProfileView(profile, seats);
  }

  /** Her profiles, every field, for `GET /me/export` (null when she has none). */
  async export(caller: Principal): Promise<{ mentorProfile: MentorProfileView | null; menteeProfile: MenteeProfileView | null }> {
    const em = this.em.fork();
    const mentee = await this.profiles.mentee(em, caller.accountId);
    return { mentorProfile: await this.mentorView(em, caller.accountId), menteeProfile: mentee && menteeProfileView(mentee) };
  }

  async putMentee(caller: Principal, input: MenteeProfileRequest): Promise<MenteeProfileView> {
    checkZone(input.timeZone);
    return this.em.fork().transactional(async (em) => {
      const fields = {
        goals: unique(input.goals.map((g) => g.trim())),
        expertise: unique(input.expertise),
        languages: unique(input.languages),
        timeZone: input.timeZone,
        preferences: {
          country: input.preferences?.country ?? 'any',
          womanMentorOnly: input.preferences?.womanMentorOnly ?? false,
          minOverlapHours: input.preferences?.minOverlapHours ?? 0,
        },
        updatedAt: new Date(),
      };
      let profile = await this.profiles.mentee(em, caller.accountId);
      if (profile) em.assign(profile, fields);
      else {
        profile = em.create(MenteeProfile, { accountId: caller.accountId, ...fields });
        em.persist(profile);
      }
      await em.flush();
      return menteeProfileView(profile);
    });
  }

  async getMentee(caller: Principal): Promise<MenteeProfileView> {
    const profile = await this.profiles.mentee(this.em.fork(), caller.accountId);
    if (!profile) throw menteeProfileRequired();
    return menteeProfileView(profile);
  }
}

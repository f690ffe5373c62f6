/**
 * Sanctions reach mentoring (DESIGN.md rule 5): while a member is suspended or expelled, her
 * mentorships and open requests are paused, both sides told in neutral words; when the last sanction
 * in force lifts, what was paused for her resumes, unless the other side is still under one. A
 * request's time to answer does not run while it is paused; one whose mentor takes no new mentees by
 * then is answered for her with the kind note instead of coming back pending.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MentorshipsRepository } from '../mentorships/mentorships.repository';
import { otherSide } from '../mentorships/mentorships.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ProfilesRepository } from '../profiles/profiles.repository';
import { declineForUnavailableMentor } from '../profiles/profiles.service';
import { RequestsRepository } from '../requests/requests.repository';
import { MembersRepository } from './members.repository';

const PAUSED = 'This mentorship is paused for the time being. Nothing is needed from you; you will be told when it resumes.';
const RESUMED = 'This mentorship has resumed.';
const REQUEST_PAUSED = 'A mentoring request is on hold for the time being. You will be told when it resumes.';
const REQUEST_RESUMED = 'A mentoring request is open again.';

@Injectable()
export class PausingService {
  constructor(
    private readonly members: MembersRepository,
    private readonly mentorships: MentorshipsRepository,
    private readonly requests: RequestsRepository,
    private readonly profiles: ProfilesRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async pauseFor(em: EntityManager, accountId: string, now = new Date()): Promise<void> {
    for (const m of await this.mentorships.involving(em, accountId, ['active'], true)) {
      m.status = 'paused';
      for (const side of [m.mentorId, m.menteeId]) await this.notifications.tell(em, side, 'mentorship.paused', PAUSED, `/mentorship/mentorships/${m.id}`, now);
    }
    for (const r of await this.requests.openInvolving(em, accountId, ['pending'])) {
      r.status = 'paused';
      r.pausedAt = now;
      for (const side of [r.mentorId, r.menteeId]) await this.notifications.tell(em, side, 'mentorship.request.paused', REQUEST_PAUSED, `/mentorship/requests/${r.id}`, now);
    }
    await em.flush();
  }

  async resumeFor(em: EntityManager, accountId: string, now = new Date()): Promise<void> {
    for (const m of await this.mentorships.involving(em, accountId, ['paused'], true)) {
      if (await this.members.restricted(em, otherSide(m, accountId))) continue;
      m.status = 'active';
      for (const side of [m.mentorId, m.menteeId]) await this.notifications.tell(em, side, 'mentorship.resumed', RESUMED, `/mentorship/mentorships/${m.id}`, now);
    }
    for (const r of await this.requests.openInvolving(em, accountId, ['paused'])) {
      // A mentor who stopped taking mentees meanwhile (or lost her profile) answers it as if she had paused
      // with it open. Her profile is read without a lock (the request rows are held; taking hers now would
      // invert accept's order): a pause committing meanwhile finds the request pending and closes it.
      const mentor = await this.profiles.mentor(em, r.mentorId);
      if (!mentor?.available) {
        await declineForUnavailableMentor(em, this.notifications, r, now);
        continue;
      }
      if (await this.members.restricted(em, otherSide(r, accountId))) continue;
      r.status = 'pending';
      if (r.pausedAt) r.expiresAt = new Date(r.expiresAt.getTime() + (now.getTime() - r.pausedAt.getTime()));
      r.pausedAt = null;
      for (const side of [r.mentorId, r.menteeId]) await this.notifications.tell(em, side, 'mentorship.request.resumed', REQUEST_RESUMED, `/mentorship/requests/${r.id}`, now);
    }
    await em.flush();
  }
}

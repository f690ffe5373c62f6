/**
 * Mentorships as the pair sees them: listing, reading (only the pair), completing with a closing note
 * from each side, ending early with a reason.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, decodeCursor, notFound, pageOf } from '@weop/contracts';
import type { CompleteMentorshipPayload, EndMentorshipPayload, MentorshipPage, MentorshipView, PageQuery, Principal } from '@weop/contracts';
import { NotificationsService } from '../notifications/notifications.service';
import { mentorshipView } from '../views';
import type { Mentorship } from './mentorship.entity';
import { MentorshipsRepository } from './mentorships.repository';

const notLive = (status: string): DomainError => new DomainError('MENTORSHIP_NOT_ACTIVE', `This mentorship is ${status}; it cannot be changed now.`);

@Injectable()
export class MentorshipsService {
  constructor(
    private readonly em: EntityManager,
    private readonly mentorships: MentorshipsRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async mine(caller: Principal, query: PageQuery): Promise<MentorshipPage> {
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.mentorships.page(this.em.fork(), caller.accountId, limit + 1, key ? { startedAt: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (m) => [m.startedAt.toISOString(), m.id]);
    return { items: page.items.map(mentorshipView), nextCursor: page.nextCursor };
  }

  async get(caller: Principal, id: string): Promise<MentorshipView> {
    return mentorshipView(await this.ofPair(this.em.fork(), caller, id));
  }

  /** Her closing note; once both sides wrote one, the mentorship is completed and its seat is free. */
  async complete(caller: Principal, input: CompleteMentorshipPayload): Promise<MentorshipView> {
    return this.em.fork().transactional(async (em) => {
      const mentorship = await this.ofPair(em, caller, input.id, true);
      if (mentorship.status !== 'active') throw notLive(mentorship.status);
      const now = new Date();
      if (caller.accountId === mentorship.mentorId) mentorship.mentorNote = input.note.trim();
      else mentorship.menteeNote = input.note.trim();
      if (mentorship.mentorNote !== null && mentorship.menteeNote !== null) {
        mentorship.status = 'completed';
        mentorship.endedAt = now;
      }
      await this.notifications.tell(em, otherSide(mentorship, caller.accountId), 'mentorship.closing-note', mentorship.status === 'completed' ? 'Your mentorship is complete: both of you wrote your closing notes.' : 'Your mentoring partner wrote a closing note; write yours to complete the mentorship.', `/mentorship/mentorships/${mentorship.id}`, now);
      await em.flush();
      return mentorshipView(mentorship);
    });
  }

  /** Either side ends it early, with a reason; the other side is told. */
  async end(caller: Principal, input: EndMentorshipPayload): Promise<MentorshipView> {
    return this.em.fork().transactional(async (em) => {
      const mentorship = await this.ofPair(em, caller, input.id, true);
      if (mentorship.status !== 'active' && mentorship.status !== 'paused') throw notLive(mentorship.status);
      const now = new Date();
      mentorship.status = 'ended';
      mentorship.endedAt = now;
      mentorship.endReason = input.reason;
      mentorship.endNote = input.note?.trim() || null;
      mentorship.endedBy = caller.accountId;
      await this.notifications.tell(em, otherSide(mentorship, caller.accountId), 'mentorship.ended', 'Your mentorship has ended.', `/mentorship/mentorships/${mentorship.id}`, now);
      await em.flush();
      return mentorshipView(mentorship);
    });
  }

  /** Active mentorships with no session for `days` remind both sides, once per quiet spell. */
  async remindQuiet(days: number, now = new Date()): Promise<number> {
    return this.em.fork().transactional(async (em) => {
      const quiet = await this.mentorships.quiet(em, new Date(now.getTime() - days * 86_400_000));
      for (const m of quiet) {
        m.remindedAt = now;
        for (const side of [m.mentorId, m.menteeId]) {
          await this.notifications.tell(em, side, 'mentorship.reminder', `No session has been logged in this mentorship for ${days} days. A short check-in keeps it going.`, `/mentorship/mentorships/${m.id}`, now);
        }
      }
      await em.flush();
      return quiet.length;
    });
  }

  /** The mentorship, when the caller is one of the pair; to anyone else it does not exist. */
  async ofPair(em: EntityManager, caller: Principal, id: string, lock = false): Promise<Mentorship> {
    const mentorship = await this.mentorships.find(em, id, lock);
    if (!mentorship || (mentorship.mentorId !== caller.accountId && mentorship.menteeId !== caller.accountId)) throw notFound('The mentorship');
    return mentorship;
  }
}

export const otherSide = (m: { mentorId: string; menteeId: string }, accountId: string): string => (m.mentorId === accountId ? m.menteeId : m.mentorId);

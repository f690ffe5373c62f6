/**
 * Mentorship's copy of blocks (the shared `BlocksProjection`), and what a new block means here: the
 * two stop mentoring each other at once. A survivor must be able to cut contact, so an open request
 * between them closes (the mentor who blocked declines it, the mentee who blocked withdraws it) and a
 * live mentorship ends early (reason `other`). Whoever did not block is told in the same neutral
 * words as any other decline or early end: never who blocked whom.
 *
 * It subclasses the projection because a service has one durable consumer per subject: this class is
 * that consumer for `identity.block.created.v1` (and, inherited, `removed`), and is injected wherever
 * mentorship asks whether two members may meet.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BlockCreatedV1 } from '@weop/contracts';
import { BlocksProjection, OnEvent } from '@weop/messaging';
import { MentorshipsRepository } from '../mentorships/mentorships.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { RequestsRepository } from '../requests/requests.repository';

/** What the mentee reads when the mentor's block closes her request: the words of an ordinary decline. */
export const CLOSED_REQUEST_NOTE = 'Thank you for reaching out. This request has been closed. Other mentors in your suggestions would be glad to hear from you.';
const ENDED = 'Your mentorship has ended.';
/** A uuid[] literal: the driver would spread a JS array into a list of parameters. */
const pgArray = (ids: readonly string[]): string => `{${ids.join(',')}}`;

@Injectable()
export class MentorshipBlocks extends BlocksProjection {
  constructor(
    private readonly mentorships: MentorshipsRepository,
    private readonly requests: RequestsRepository,
    private readonly notifications: NotificationsService,
  ) {
    super();
  }

  @OnEvent(BlockCreatedV1.subject)
  override async created(event: BlockCreatedV1, context: { em: EntityManager }): Promise<void> {
    await super.created(event, context);
    // A late, older "created" (the pair unblocked since) changes nothing.
    if (await this.between(context.em, event.blockerId, event.blockedId)) await this.separate(context.em, event.blockerId, event.blockedId, new Date(event.at));
  }

  /** For a matching run: each mentee's mentors she must not be paired with (a block either way). */
  async forbiddenPairs(em: EntityManager, menteeIds: readonly string[], mentorIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const forbidden = new Map<string, Set<string>>();
    if (menteeIds.length === 0 || mentorIds.length === 0) return forbidden;
    const rows = await em.getConnection().execute<{ mentee: string; mentor: string }[]>(
      `select blocker_id as mentee, blocked_id as mentor from block_projection where active and blocker_id = any(?::uuid[]) and blocked_id = any(?::uuid[])
       union select blocked_id as mentee, blocker_id as mentor from block_projection where active and blocked_id = any(?::uuid[]) and blocker_id = any(?::uuid[])`,
      [pgArray(menteeIds), pgArray(mentorIds), pgArray(menteeIds), pgArray(mentorIds)], 'all', em.getTransactionContext(),
    );
    for (const { mentee, mentor } of rows) {
      let set = forbidden.get(mentee);
      if (!set) forbidden.set(mentee, (set = new Set()));
      set.add(mentor);
    }
    return forbidden;
  }

  /** Locks mentorships before requests, as pausing and account deletion do. */
  private async separate(em: EntityManager, blockerId: string, blockedId: string, now: Date): Promise<void> {
    for (const m of await this.mentorships.involving(em, blockerId, ['active', 'paused'], true)) {
      if (m.mentorId !== blockedId && m.menteeId !== blockedId) continue;
      m.status = 'ended';
      m.endedAt = now;
      m.endReason = 'other';
      m.endNote = null;
      m.endedBy = blockerId;
      for (const side of [m.mentorId, m.menteeId]) await this.notifications.tell(em, side, 'mentorship.ended', ENDED, `/mentorship/mentorships/${m.id}`, now);
    }
    for (const r of await this.requests.openInvolving(em, blockerId, ['pending', 'paused'])) {
      if (r.mentorId !== blockedId && r.menteeId !== blockedId) continue;
      r.answeredAt = now;
      r.pausedAt = null;
      if (r.menteeId === blockerId) {
        r.status = 'withdrawn';
        continue;
      }
      r.status = 'declined';
      r.declineReason = 'mentor-unavailable';
      r.declineNote = CLOSED_REQUEST_NOTE;
      await this.notifications.tell(em, r.menteeId, 'mentorship.request.declined', CLOSED_REQUEST_NOTE, `/mentorship/requests/${r.id}`, now);
    }
    await em.flush();
  }
}

/**
 * Other services' events that become lines in a member's inbox, each applied once through the inbox
 * table (a redelivered event adds nothing). Identity's and trust-safety's sanction events are not here:
 * `MembersConsumer` is community's one consumer of those subjects and calls `NotificationsService`.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ContentCommentCreatedV1, MentorshipNotificationCreatedV1, NominationResultV1, ReportOutcomeV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { MembersRepository } from '../members/members.repository';
import { commentLine, mentorshipKind, nominationResultLines, reportOutcomeLine } from './notification-texts';
import { NotificationsService } from './notifications.service';

@Injectable()
export class NotificationsConsumer {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly members: MembersRepository,
  ) {}

  /** Someone else commented on her item (her own comments tell no one: `tell` skips the actor herself). */
  @OnEvent(ContentCommentCreatedV1.subject)
  async commentCreated(event: ContentCommentCreatedV1, { em }: { em: EntityManager }): Promise<void> {
    if (event.commentAuthorId === event.itemAuthorId) return;
    const commenter = await this.members.find(em, event.commentAuthorId);
    await this.notifications.tell(em, { recipientId: event.itemAuthorId, actorId: event.commentAuthorId, ...commentLine(event, commenter?.displayName ?? null), at: new Date(event.createdAt) });
  }

  /** Mentorship's own line, as mentorship worded it; mentorship keeps its list too. */
  @OnEvent(MentorshipNotificationCreatedV1.subject)
  async mentorshipNotification(event: MentorshipNotificationCreatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.notifications.tell(em, { recipientId: event.recipientId, kind: mentorshipKind(event.kind), text: event.text, link: event.link, at: new Date(event.createdAt) });
  }

  @OnEvent(ReportOutcomeV1.subject)
  async reportOutcome(event: ReportOutcomeV1, { em }: { em: EntityManager }): Promise<void> {
    await this.notifications.tell(em, { recipientId: event.reporterId, ...reportOutcomeLine(event), at: new Date(event.decidedAt) });
  }

  @OnEvent(NominationResultV1.subject)
  async nominationResult(event: NominationResultV1, { em }: { em: EntityManager }): Promise<void> {
    for (const { recipientId, line } of nominationResultLines(event)) {
      await this.notifications.tell(em, { recipientId, ...line, at: new Date(event.publishedAt) });
    }
  }
}

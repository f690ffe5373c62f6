/**
 * Other services' events that become lines in a member's inbox, each applied once through the inbox
 * table (a redelivered event adds nothing), trust-safety's appeal outcomes and bare removals included.
 * Identity's and trust-safety's sanction events are not here:
 * `MembersConsumer` is community's one consumer of those subjects and calls `NotificationsService`.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppealDecidedV1, ContentCommentCreatedV1, DecisionMadeV1, MentorshipNotificationCreatedV1, NominationResultV1, ReportOutcomeV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { MembersRepository } from '../members/members.repository';
import { appealDecidedLine, commentLine, contentRemovedLine, mentorshipKind, nominationResultLines, reportOutcomeLine } from './notification-texts';
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

  /** Her appeal decided, either way (an overturn's effects follow from `sanction.lifted`, which adds no line). */
  @OnEvent(AppealDecidedV1.subject)
  async appealDecided(event: AppealDecidedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.notifications.tell(em, { recipientId: event.accountId, ...appealDecidedLine(event), at: new Date(event.decidedAt) });
  }

  /** A removal with no sanction tells its author (a sanction's own notice tells her otherwise). */
  @OnEvent(DecisionMadeV1.subject)
  async decisionMade(event: DecisionMadeV1, { em }: { em: EntityManager }): Promise<void> {
    const line = contentRemovedLine(event);
    if (line && event.authorId) await this.notifications.tell(em, { recipientId: event.authorId, ...line, at: new Date(event.decidedAt) });
  }

  @OnEvent(NominationResultV1.subject)
  async nominationResult(event: NominationResultV1, { em }: { em: EntityManager }): Promise<void> {
    for (const { recipientId, line } of nominationResultLines(event)) {
      await this.notifications.tell(em, { recipientId, ...line, at: new Date(event.publishedAt) });
    }
  }
}

/**
 * What community applies from other services' events, each once, in its inbox transaction:
 * identity's (her public name and country, her verified badge, her account deleted) and
 * trust-safety's sanctions. Features that react to these (conversations closed for an expelled
 * member, posting frozen while suspended) hook in here, so each subject has one consumer.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AccountDeletedV1, AccountRegisteredV1, ProfileChangedV1, SanctionImposedV1, SanctionLiftedV1, VerificationApprovedV1, VerificationRevokedV1,
} from '@weop/contracts';
import { BlocksProjection, OnEvent } from '@weop/messaging';
import { ConnectionsRepository } from '../connections/connections.repository';
import { FeedRepository } from '../feed/feed.repository';
import { GroupsService } from '../groups/groups.service';
import { sanctionImposedLine, sanctionLiftedLine } from '../notifications/notification-texts';
import { NotificationsService } from '../notifications/notifications.service';
import { ConversationsService } from '../conversations/conversations.service';
import { MutesRepository } from '../mutes/mutes.repository';
import { MembersRepository } from './members.repository';

@Injectable()
export class MembersConsumer {
  constructor(
    private readonly members: MembersRepository,
    private readonly blocks: BlocksProjection,
    private readonly connections: ConnectionsRepository,
    private readonly feed: FeedRepository,
    private readonly groups: GroupsService,
    private readonly notifications: NotificationsService,
    private readonly conversations: ConversationsService,
    private readonly mutes: MutesRepository,
  ) {}

  @OnEvent(AccountRegisteredV1.subject)
  async registered(event: AccountRegisteredV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.saveProfile(em, event.accountId, { country: event.country }, new Date(event.registeredAt));
  }

  @OnEvent(ProfileChangedV1.subject)
  async profileChanged(event: ProfileChangedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.saveProfile(em, event.accountId, { displayName: event.displayName, country: event.country }, new Date(event.changedAt));
  }

  @OnEvent(VerificationApprovedV1.subject)
  async verified(event: VerificationApprovedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.setVerified(em, event.accountId, true);
  }

  @OnEvent(VerificationRevokedV1.subject)
  async verificationRevoked(event: VerificationRevokedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.setVerified(em, event.accountId, false);
  }

  /** She is told of every sanction (a warning too); a suspension or expulsion restricts her here, a warning restricts nothing. */
  @OnEvent(SanctionImposedV1.subject)
  async sanctionImposed(event: SanctionImposedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.notifications.tell(em, { recipientId: event.accountId, ...sanctionImposedLine(event), at: new Date(event.startsAt) });
    if (event.kind === 'warning') return;
    await this.members.addSanction(em, event.accountId, { id: event.sanctionId, kind: event.kind });
    // A suspension freezes her sending, read from the sanctions in force; an expulsion also closes her conversations for the others.
    if (event.kind === 'expulsion') await this.conversations.closeForExpulsion(em, event.accountId, event.sanctionId, new Date());
  }

  @OnEvent(SanctionLiftedV1.subject)
  async sanctionLifted(event: SanctionLiftedV1, { em }: { em: EntityManager }): Promise<void> {
    const line = sanctionLiftedLine(event);
    if (line) await this.notifications.tell(em, { recipientId: event.accountId, ...line, at: new Date(event.liftedAt) });
    await this.members.removeSanction(em, event.accountId, event.sanctionId);
    await this.conversations.reopenAfterLift(em, event.sanctionId, new Date());
  }

  @OnEvent(AccountDeletedV1.subject)
  async accountDeleted(event: AccountDeletedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.blocks.forgetMember(em, event.accountId);
    await this.conversations.forgetMember(em, event.accountId);
    await this.connections.forgetMember(em, event.accountId);
    await this.mutes.forgetMember(em, event.accountId);
    await this.feed.forgetAuthor(em, event.accountId);
    await this.groups.forgetMember(em, event.accountId);
    await this.members.forget(em, event.accountId);
    await this.notifications.forget(em, event.accountId);
  }
}

/**
 * Authors' public names, kept from identity's events so that every read shows them without asking
 * identity; and a member who deletes her account takes her content with her.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountDeletedV1, OrganizationVerifiedV1, ProfileChangedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { organizationKey } from '../items/content-items.service';
import { MemberErasureService } from './member-erasure.service';
import { MembersRepository } from './members.repository';

@Injectable()
export class MembersHandler {
  constructor(
    private readonly members: MembersRepository,
    private readonly erasure: MemberErasureService,
  ) {}

  @OnEvent(ProfileChangedV1.subject)
  async profileChanged(event: ProfileChangedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.saveNewest(em, event.accountId, event.displayName, event.country, new Date(event.changedAt));
  }

  /** The members allowed to post for a verified organisation: their job posts for it skip review. Each event carries the whole list. */
  @OnEvent(OrganizationVerifiedV1.subject)
  async organizationVerified(event: OrganizationVerifiedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.members.replaceOrganizationPosters(em, event.organizationId, organizationKey(event.name), event.status === 'verified' ? event.memberIds : []);
  }

  /** Her content goes with her account (MemberErasureService). */
  @OnEvent(AccountDeletedV1.subject)
  async accountDeleted(event: AccountDeletedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.erasure.erase(em, event.accountId, new Date(event.deletedAt));
  }
}

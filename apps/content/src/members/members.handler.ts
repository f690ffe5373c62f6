/**
 * Authors' public names, kept from identity's events so that every read shows them without asking
 * identity; and a member who deletes her account takes her content with her.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountDeletedV1, OrganizationVerifiedV1, ProfileChangedV1 } from '@weop/contracts';
import { BlocksProjection, OnEvent } from '@weop/messaging';
import { BLOB_STORAGE } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';
import { fillSeats } from '../events/waitlist';
import { ContentItemsRepository } from '../items/content-items.repository';
import { ContentItemsService, organizationKey } from '../items/content-items.service';
import { ReportsRepository } from '../reports/reports.repository';
import { MembersRepository } from './members.repository';

@Injectable()
export class MembersHandler {
  constructor(
    private readonly members: MembersRepository,
    private readonly items: ContentItemsRepository,
    private readonly lifecycle: ContentItemsService,
    private readonly reports: ReportsRepository,
    private readonly blocks: BlocksProjection,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
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

  /** Her items, comments, reactions, registrations and blocks go; reports she filed stay as evidence without her name. */
  @OnEvent(AccountDeletedV1.subject)
  async accountDeleted(event: AccountDeletedV1, { em }: { em: EntityManager }): Promise<void> {
    const { documents, announced } = await this.members.eraseAuthored(em, event.accountId, new Date(event.deletedAt));
    // What was ever announced is withdrawn, as when she deletes one item: feeds and cohort sessions drop it.
    for (const item of announced) await this.lifecycle.announceWithdrawn(em, item, 'deleted');
    // Her seats free up, and the waitlists move as they would had she cancelled.
    for (const seat of await this.members.takeSeats(em, event.accountId)) {
      const item = await this.items.byId(seat.eventId, em, true);
      if (!item) continue;
      if (seat.status === 'waitlisted') item.waitlistCount -= 1;
      else item.registeredCount -= 1;
      await em.flush();
      if (seat.status === 'registered' && item.status === 'published' && item.startsAt && item.startsAt > new Date()) await fillSeats(em, this.items, item);
    }
    await this.reports.forgetReporter(em, event.accountId);
    await this.blocks.forgetMember(em, event.accountId);
    await this.members.forget(em, event.accountId);
    // The documents go last; a retry of this event finds no rows and deletes nothing twice.
    for (const key of documents) await this.storage.delete(key);
  }
}

/**
 * A member who deletes her account takes her content with her (identity's `identity.account.deleted.v1`):
 * her items, comments, reactions, registrations and blocks go; reports she filed stay as evidence without her
 * name. Runs in the consumer's transaction; a redelivery finds nothing left to do.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BlocksProjection } from '@weop/messaging';
import { BLOB_STORAGE } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';
import { releaseSeat } from '../events/waitlist';
import { ContentItemsRepository } from '../items/content-items.repository';
import { ContentItemsService } from '../items/content-items.service';
import { ReportsRepository } from '../reports/reports.repository';
import { MembersRepository } from './members.repository';

@Injectable()
export class MemberErasureService {
  constructor(
    private readonly members: MembersRepository,
    private readonly items: ContentItemsRepository,
    private readonly lifecycle: ContentItemsService,
    private readonly reports: ReportsRepository,
    private readonly blocks: BlocksProjection,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
  ) {}

  async erase(em: EntityManager, accountId: string, deletedAt: Date): Promise<void> {
    const { documents, announced } = await this.members.eraseAuthored(em, accountId, deletedAt);
    // What was ever announced is withdrawn, as when she deletes one item: feeds and cohort sessions drop it.
    for (const item of announced) await this.lifecycle.announceWithdrawn(em, item, 'deleted');
    // Her seats free up, and the waitlists move as they would had she cancelled.
    for (const seat of await this.members.takeSeats(em, accountId)) {
      const item = await this.items.byId(seat.eventId, em, true);
      if (item) await releaseSeat(em, this.items, item, seat.status);
    }
    await this.reports.forgetReporter(em, accountId);
    await this.blocks.forgetMember(em, accountId);
    await this.members.forget(em, accountId);
    // The documents go last; a retry of this event finds no rows and deletes nothing twice.
    for (const key of documents) await this.storage.delete(key);
  }
}

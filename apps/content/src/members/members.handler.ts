/**
 * Authors' public names, kept from identity's events so that every read shows them without asking
 * identity; and a member who deletes her account takes her content with her.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountDeletedV1, ProfileChangedV1 } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { BLOB_STORAGE } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';
import { fillSeats } from '../events/waitlist';
import { Comment, ContentItem, EventRegistration, Member } from '../items/content-item.entity';
import { ContentItemsRepository } from '../items/content-items.repository';
import { ReportsRepository } from '../reports/reports.repository';

@Injectable()
export class MembersHandler {
  constructor(
    private readonly items: ContentItemsRepository,
    private readonly reports: ReportsRepository,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
  ) {}

  @OnEvent(ProfileChangedV1.subject)
  async profileChanged(event: ProfileChangedV1, { em }: { em: EntityManager }): Promise<void> {
    const at = new Date(event.changedAt);
    // Events of one member can arrive out of order; the newest change wins.
    await em.getConnection().execute(
      `insert into member (account_id, display_name, country, updated_at) values (?, ?, ?, ?)
       on conflict (account_id) do update set display_name = excluded.display_name, country = excluded.country, updated_at = excluded.updated_at
       where member.updated_at <= excluded.updated_at`,
      [event.accountId, event.displayName, event.country, at], 'run', em.getTransactionContext(),
    );
  }

  /** Her items, comments, reactions and registrations go; reports she filed stay as evidence without her name. */
  @OnEvent(AccountDeletedV1.subject)
  async accountDeleted(event: AccountDeletedV1, { em }: { em: EntityManager }): Promise<void> {
    const now = new Date(event.deletedAt);
    const conn = em.getConnection();
    const run = (sql: string, params: unknown[]) => conn.execute(sql, params, 'run', em.getTransactionContext());
    const files = await conn.execute<{ storage_key: string }[]>(
      'select f.storage_key from stored_file f join content_item i on i.id = f.item_id where i.author_id = ?', [event.accountId], 'all', em.getTransactionContext(),
    );
    await run('delete from stored_file f using content_item i where i.id = f.item_id and i.author_id = ?', [event.accountId]);
    await em.nativeUpdate(ContentItem, { authorId: event.accountId, deletedAt: null }, { deletedAt: now, updatedAt: now });
    // Counts stay equal to what members can see: her visible comments come off their items' counts.
    await run(
      `update content_item i set comment_count = greatest(0, i.comment_count - c.n)
         from (select item_id, count(*)::int as n from comment where author_id = ? and deleted_at is null and visibility = 'visible' group by item_id) c
        where i.id = c.item_id`,
      [event.accountId],
    );
    await em.nativeUpdate(Comment, { authorId: event.accountId, deletedAt: null }, { deletedAt: now });
    for (const kind of ['like', 'insightful', 'support'] as const) {
      await run(`update content_item i set ${kind}_count = ${kind}_count - 1 from reaction r where r.item_id = i.id and r.account_id = ? and r.kind = ?`, [event.accountId, kind]);
    }
    await run('delete from reaction where account_id = ?', [event.accountId]);
    // Her seats free up, and the waitlists move as they would had she cancelled.
    const seats = await em.find(EventRegistration, { accountId: event.accountId });
    for (const seat of seats) {
      const item = await this.items.byId(seat.eventId, em, true);
      em.remove(seat);
      if (!item) continue;
      if (seat.status === 'waitlisted') item.waitlistCount -= 1;
      else item.registeredCount -= 1;
      await em.flush();
      if (seat.status === 'registered' && item.status === 'published' && item.startsAt && item.startsAt > new Date()) await fillSeats(em, this.items, item);
    }
    await this.reports.forgetReporter(em, event.accountId);
    await em.nativeDelete(Member, { accountId: event.accountId });
    // The documents go last; a retry of this event finds no rows and deletes nothing twice.
    for (const file of files) await this.storage.delete(file.storage_key);
  }
}

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
import { Comment, ContentItem, Member, StoredFile } from '../items/content-item.entity';
import { ReportsRepository } from '../reports/reports.repository';

@Injectable()
export class MembersHandler {
  constructor(
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
    const files = await em.getConnection().execute<{ storage_key: string }[]>(
      'select f.storage_key from stored_file f join content_item i on i.id = f.item_id where i.author_id = ?', [event.accountId], 'all', em.getTransactionContext(),
    );
    await em.nativeDelete(StoredFile, { itemId: { $in: (await em.find(ContentItem, { authorId: event.accountId }, { fields: ['id'] })).map((i) => i.id) } });
    await em.nativeUpdate(ContentItem, { authorId: event.accountId, deletedAt: null }, { deletedAt: now, updatedAt: now });
    await em.nativeUpdate(Comment, { authorId: event.accountId, deletedAt: null }, { deletedAt: now });
    const conn = em.getConnection();
    for (const kind of ['like', 'insightful', 'support'] as const) {
      await conn.execute(
        `update content_item i set ${kind}_count = ${kind}_count - 1 from reaction r where r.item_id = i.id and r.account_id = ? and r.kind = ?`, [event.accountId, kind], 'run', em.getTransactionContext(),
      );
    }
    await conn.execute('delete from reaction where account_id = ?', [event.accountId], 'run', em.getTransactionContext());
    await conn.execute(
      `update content_item i set registered_count = registered_count - (r.status = 'registered')::int, waitlist_count = waitlist_count - (r.status = 'waitlisted')::int
         from event_registration r where r.event_id = i.id and r.account_id = ?`, [event.accountId], 'run', em.getTransactionContext(),
    );
    await conn.execute('delete from event_registration where account_id = ?', [event.accountId], 'run', em.getTransactionContext());
    await this.reports.forgetReporter(em, event.accountId);
    await em.nativeDelete(Member, { accountId: event.accountId });
    // The documents go last; a retry of this event finds no rows and deletes nothing twice.
    for (const file of files) await this.storage.delete(file.storage_key);
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubjectVisibility } from '@weop/contracts';
import { ConnectionsRepository } from '../connections/connections.repository';
import { MutesRepository } from '../mutes/mutes.repository';
import type { FeedItem } from './feed-item.entity';

export interface FeedRow {
  item_id: string;
  type: FeedItem['type'];
  title: string;
  author_id: string;
  published_at: Date;
  link: string;
}

@Injectable()
export class FeedRepository {
  /**
   * Published (again) or edited: the item as content last announced it, unless an event of it at
   * least as new was applied already (a redelivery, or a withdrawal that came later).
   */
  async upsert(em: EntityManager, item: Pick<FeedItem, 'itemId' | 'type' | 'title' | 'authorId' | 'publishedAt' | 'link' | 'changedAt'>): Promise<void> {
    await em.getConnection().execute(
      `insert into feed_item (item_id, type, title, author_id, published_at, link, changed_at) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (item_id) do update set title = excluded.title, published_at = excluded.published_at, link = excluded.link,
         changed_at = excluded.changed_at, withdrawn_at = null
       where feed_item.changed_at < excluded.changed_at`,
      [item.itemId, item.type, item.title, item.authorId, item.publishedAt, item.link, item.changedAt], 'run', em.getTransactionContext(),
    );
  }

  /**
   * No longer public: her title goes, the row stays as a marker so that an older published or edited
   * event delivered late is not applied. At equal times the withdrawal wins.
   */
  async withdraw(em: EntityManager, item: { itemId: string; type: FeedItem['type']; authorId: string; changedAt: Date }): Promise<void> {
    await em.getConnection().execute(
      `insert into feed_item (item_id, type, title, author_id, published_at, link, changed_at, withdrawn_at) values (?, ?, '', ?, ?, '', ?, ?)
       on conflict (item_id) do update set title = '', link = '', changed_at = excluded.changed_at, withdrawn_at = excluded.withdrawn_at
       where feed_item.changed_at <= excluded.changed_at`,
      [item.itemId, item.type, item.authorId, item.changedAt, item.changedAt, item.changedAt], 'run', em.getTransactionContext(),
    );
  }

  async setVisibility(em: EntityManager, itemId: string, visibility: SubjectVisibility): Promise<void> {
    await em.getConnection().execute('update feed_item set visibility = ? where item_id = ?', [visibility, itemId], 'run', em.getTransactionContext());
  }

  /**
   * What her connections published, newest first: visible items still public only, none by a member either of
   * them blocked, none by a member she muted, none by an expelled member.
   */
  async page(em: EntityManager, memberId: string, limit: number, after?: { at: Date; id: string }): Promise<FeedRow[]> {
    return em.getConnection().execute<FeedRow[]>(
      `select f.item_id, f.type, f.title, f.author_id, f.published_at, f.link
       from feed_item f
       where f.visibility = 'visible' and f.withdrawn_at is null
         and f.author_id in (${ConnectionsRepository.connectedIdsSql()})
         and f.author_id not in (${MutesRepository.mutedIdsSql()})
         and not exists (select 1 from member m where m.account_id = f.author_id and m.sanctions @> '[{"kind": "expulsion"}]'::jsonb)
         ${after ? 'and (f.published_at, f.item_id) < (?, ?)' : ''}
       order by f.published_at desc, f.item_id desc limit ?`,
      [memberId, memberId, memberId, memberId, ...(after ? [after.at, after.id] : []), limit], 'all', em.getTransactionContext(),
    );
  }

  async forgetAuthor(em: EntityManager, accountId: string): Promise<void> {
    await em.getConnection().execute('delete from feed_item where author_id = ?', [accountId], 'run', em.getTransactionContext());
  }
}

/** Queries over content items and what hangs off them; no rules here, only reads and writes. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/core';
import type { ContentType, Reaction } from '@weop/contracts';
import { Comment, ContentItem, EventRegistration, Member, StoredFile } from './content-item.entity';

export interface FeedFilter {
  type?: ContentType;
  tag?: string;
  author?: string;
  country?: string;
  language?: string;
  topic?: string;
  /** Leave discussions out (anonymous readers). */
  membersOnly?: boolean;
  /** Leave out the items of everyone this member blocked or who blocked her. */
  blocksOf?: string;
}

export interface Keyset {
  at: string;
  id: string;
}

/**
 * Rows whose `column` (an author) is a member who blocked `?` or whom `?` blocked are left out: an
 * anti-join on block_projection's primary key, both directions, in the same query as the page. Takes
 * the viewer's id twice.
 */
export const notBlockedSql = (column: string): string =>
  `not exists (select 1 from block_projection b where b.active and ((b.blocker_id = ? and b.blocked_id = ${column}) or (b.blocker_id = ${column} and b.blocked_id = ?)))`;

const REACTION_COLUMN: Record<Reaction, string> = { like: 'like_count', insightful: 'insightful_count', support: 'support_count' };

@Injectable()
export class ContentItemsRepository {
  constructor(private readonly em: EntityManager) {}

  fork(): EntityManager {
    return this.em.fork();
  }

  byId(id: string, em: EntityManager = this.em.fork(), lock = false): Promise<ContentItem | null> {
    return em.findOne(ContentItem, { id, deletedAt: null }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  async members(ids: string[], em: EntityManager = this.em.fork()): Promise<Map<string, Member>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await em.find(Member, { accountId: { $in: unique } });
    return new Map(rows.map((m) => [m.accountId, m]));
  }

  member(id: string, em: EntityManager = this.em.fork()): Promise<Member | null> {
    return em.findOne(Member, { accountId: id });
  }

  /** What members browse: published, visible, unfrozen, unexpired; newest first. */
  feed(filter: FeedFilter, after: Keyset | undefined, limit: number, em: EntityManager = this.em.fork()): Promise<ContentItem[]> {
    const where: FilterQuery<ContentItem> = {
      status: 'published',
      visibility: 'visible',
      frozen: false,
      deletedAt: null,
      $and: [{ $or: [{ type: { $ne: 'job' } }, { expiresAt: null }, { expiresAt: { $gt: new Date() } }] }],
    };
    if (filter.type) where.type = filter.type;
    else if (filter.membersOnly) where.type = { $ne: 'discussion' };
    if (filter.tag) where.tags = { $contains: [filter.tag.toLowerCase()] };
    if (filter.author) where.authorId = filter.author;
    if (filter.country) where.country = filter.country;
    if (filter.language) where.language = filter.language;
    if (filter.topic) where.details = { topic: filter.topic.toLowerCase() };
    if (after) {
      const at = new Date(after.at);
      (where.$and as FilterQuery<ContentItem>[]).push({ $or: [{ publishedAt: { $lt: at } }, { publishedAt: at, id: { $lt: after.id } }] });
    }
    const query = em.createQueryBuilder(ContentItem, 'c').select('*').where(where);
    if (filter.blocksOf) query.andWhere(notBlockedSql('c.author_id'), [filter.blocksOf, filter.blocksOf]);
    return query.orderBy([{ publishedAt: 'desc' }, { id: 'desc' }]).limit(limit + 1).getResultList();
  }

  /** Her own items in every state but deleted, newest first. */
  mine(authorId: string, type: ContentType | undefined, after: Keyset | undefined, limit: number, em: EntityManager = this.em.fork()): Promise<ContentItem[]> {
    const where: FilterQuery<ContentItem> = { authorId, deletedAt: null, visibility: { $ne: 'removed' } };
    if (type) where.type = type;
    if (after) {
      const at = new Date(after.at);
      where.$or = [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: after.id } }];
    }
    return em.find(ContentItem, where, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: limit + 1 });
  }

  /** Jobs waiting for a moderator, oldest first. */
  pendingJobs(after: Keyset | undefined, limit: number, em: EntityManager = this.em.fork()): Promise<ContentItem[]> {
    const where: FilterQuery<ContentItem> = { type: 'job', status: 'pending-review', deletedAt: null, visibility: { $ne: 'removed' } };
    if (after) {
      const at = new Date(after.at);
      where.$or = [{ createdAt: { $gt: at } }, { createdAt: at, id: { $gt: after.id } }];
    }
    return em.find(ContentItem, where, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], limit: limit + 1 });
  }

  /** Published jobs whose time is up, locked so that replicas share the work. */
  dueJobs(now: Date, em: EntityManager): Promise<ContentItem[]> {
    return em.find(ContentItem, { type: 'job', status: 'published', expiresAt: { $lte: now } }, { limit: 200, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
  }

  comment(id: string, em: EntityManager = this.em.fork()): Promise<Comment | null> {
    return em.findOne(Comment, { id, deletedAt: null });
  }

  /** Visible comments of an item, oldest first (a conversation reads that way); `blocksOf` as in the feed. */
  comments(itemId: string, after: Keyset | undefined, limit: number, em: EntityManager = this.em.fork(), blocksOf?: string): Promise<Comment[]> {
    const where: FilterQuery<Comment> = { itemId, deletedAt: null, visibility: 'visible' };
    if (after) {
      const at = new Date(after.at);
      where.$or = [{ createdAt: { $gt: at } }, { createdAt: at, id: { $gt: after.id } }];
    }
    const query = em.createQueryBuilder(Comment, 'm').select('*').where(where);
    if (blocksOf) query.andWhere(notBlockedSql('m.author_id'), [blocksOf, blocksOf]);
    return query.orderBy([{ createdAt: 'asc' }, { id: 'asc' }]).limit(limit + 1).getResultList();
  }

  async countDownload(itemId: string): Promise<void> {
    await this.em.getConnection().execute('update content_item set download_count = download_count + 1 where id = ?', [itemId]);
  }

  file(itemId: string, em: EntityManager = this.em.fork()): Promise<StoredFile | null> {
    return em.findOne(StoredFile, { itemId });
  }

  /**
   * Refreshes the full-text vectors: `search` (title and whole text) to match on, `rank_vector` (the
   * title) to rank by. Both take text already through `indexableText` (CJK bigrams).
   */
  async index(em: EntityManager, itemId: string, title: string, text: string): Promise<void> {
    await em.getConnection().execute(
      `update content_item
          set search = setweight(to_tsvector('russian', ?), 'A') || setweight(to_tsvector('russian', ?), 'B'),
              rank_vector = setweight(to_tsvector('russian', ?), 'A')
        where id = ?`,
      [title, text, title, itemId],
      'run',
      em.getTransactionContext(),
    );
  }

  async myReactions(itemId: string, accountId: string, em: EntityManager = this.em.fork()): Promise<Reaction[]> {
    const rows = await em.getConnection().execute<{ kind: Reaction }[]>('select kind from reaction where item_id = ? and account_id = ? order by kind', [itemId, accountId]);
    return rows.map((r) => r.kind);
  }

  /** Adds or removes one reaction and keeps the item's count in step; answers whether anything changed. */
  async setReaction(em: EntityManager, itemId: string, accountId: string, kind: Reaction, on: boolean): Promise<boolean> {
    const changed = on
      ? await em.getConnection().execute<{ kind: string }[]>('insert into reaction (item_id, account_id, kind) values (?, ?, ?) on conflict do nothing returning kind', [itemId, accountId, kind], 'all', em.getTransactionContext())
      : await em.getConnection().execute<{ kind: string }[]>('delete from reaction where item_id = ? and account_id = ? and kind = ? returning kind', [itemId, accountId, kind], 'all', em.getTransactionContext());
    if (changed.length === 0) return false;
    const column = REACTION_COLUMN[kind];
    await em.getConnection().execute(`update content_item set ${column} = ${column} + ? where id = ?`, [on ? 1 : -1, itemId], 'run', em.getTransactionContext());
    return true;
  }

  registration(eventId: string, accountId: string, em: EntityManager = this.em.fork()): Promise<EventRegistration | null> {
    return em.findOne(EventRegistration, { eventId, accountId });
  }

  /** The first on the waitlist, locked: she is the one who moves up when a seat frees. */
  nextWaitlisted(eventId: string, em: EntityManager): Promise<EventRegistration | null> {
    return em.findOne(EventRegistration, { eventId, status: 'waitlisted' }, { orderBy: { createdAt: 'asc', accountId: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  async waitlistPosition(eventId: string, registration: EventRegistration, em: EntityManager): Promise<number> {
    return 1 + (await em.count(EventRegistration, { eventId, status: 'waitlisted', $or: [{ createdAt: { $lt: registration.createdAt } }, { createdAt: registration.createdAt, accountId: { $lt: registration.accountId } }] }));
  }

  registrations(eventId: string, after: Keyset | undefined, limit: number, em: EntityManager = this.em.fork()): Promise<EventRegistration[]> {
    const where: FilterQuery<EventRegistration> = { eventId };
    if (after) {
      const at = new Date(after.at);
      where.$or = [{ createdAt: { $gt: at } }, { createdAt: at, accountId: { $gt: after.id } }];
    }
    return em.find(EventRegistration, where, { orderBy: [{ createdAt: 'asc' }, { accountId: 'asc' }], limit: limit + 1 });
  }

  /** Everything she authored, deleted ones included (their rows are kept), oldest first: for her export. */
  authoredBy(authorId: string, em: EntityManager = this.em.fork()): Promise<ContentItem[]> {
    return em.find(ContentItem, { authorId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  async files(itemIds: string[], em: EntityManager = this.em.fork()): Promise<Map<string, StoredFile>> {
    if (itemIds.length === 0) return new Map();
    const rows = await em.find(StoredFile, { itemId: { $in: itemIds } });
    return new Map(rows.map((f) => [f.itemId, f]));
  }

  /** Every comment she wrote, deleted and moderated ones included, oldest first. */
  commentsBy(authorId: string, em: EntityManager = this.em.fork()): Promise<Comment[]> {
    return em.find(Comment, { authorId }, { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /** Her reactions on any item, with the item's type, oldest first. */
  async reactionsBy(accountId: string, em: EntityManager = this.em.fork()): Promise<{ itemId: string; itemType: ContentType; kind: Reaction; createdAt: Date }[]> {
    const rows = await em.getConnection().execute<{ item_id: string; type: ContentType; kind: Reaction; created_at: Date | string }[]>(
      'select r.item_id, i.type, r.kind, r.created_at from reaction r join content_item i on i.id = r.item_id where r.account_id = ? order by r.created_at, r.item_id, r.kind',
      [accountId], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => ({ itemId: r.item_id, itemType: r.type, kind: r.kind, createdAt: new Date(r.created_at) }));
  }

  /** Her seats and waitlist places, oldest first. */
  registrationsOf(accountId: string, em: EntityManager = this.em.fork()): Promise<EventRegistration[]> {
    return em.find(EventRegistration, { accountId }, { orderBy: [{ createdAt: 'asc' }, { eventId: 'asc' }] });
  }

  /** Verified organisations' posters skip review; the verification issue fills this table. */
  async isVerifiedPoster(accountId: string, organizationKey: string, em: EntityManager = this.em.fork()): Promise<boolean> {
    const rows = await em.getConnection().execute<{ n: number }[]>('select 1 as n from verified_poster where account_id = ? and organization_key = ?', [accountId, organizationKey]);
    return rows.length > 0;
  }

  async hasActiveSanction(accountId: string, em: EntityManager): Promise<boolean> {
    const rows = await em.getConnection().execute<{ n: number }[]>(
      `select 1 as n from active_sanction where account_id = ? and kind in ('suspension','expulsion') and (ends_at is null or ends_at > now()) limit 1`,
      [accountId], 'all', em.getTransactionContext(),
    );
    return rows.length > 0;
  }
}

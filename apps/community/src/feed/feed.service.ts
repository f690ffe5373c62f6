/**
 * The feed of what her connections published, kept from content's `content.item.published.v1`;
 * `content.item.updated.v1` changes its title and date, `content.item.withdrawn.v1` takes it out
 * (unpublished, deleted, a job closed or expired, an event cancelled). Each event carries when the
 * item changed; the newest applied wins, so redeliveries and late events change nothing.
 * Trust-safety's visibility decisions on content reach it through `setVisibility`, which the
 * reports module's one `trust-safety.subject.visibility-changed.v1` consumer calls for content types.
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CONTENT_TYPES, ContentPublishedV1, ContentUpdatedV1, ContentWithdrawnV1, decodeCursor, pageOf } from '@weop/contracts';
import type { ContentType, FeedPage, PageQuery, Principal, SubjectVisibility } from '@weop/contracts';
import { OnEvent } from '@weop/messaging';
import { memberCard } from '../connections/member-card';
import { MembersRepository } from '../members/members.repository';
import { FeedRepository } from './feed.repository';

/** Where each content type is read, under /api/v1 (content's routes). */
const PATHS: Record<ContentType, string> = {
  blog: 'blogs', publication: 'publications', job: 'jobs', resource: 'resources', event: 'events', discussion: 'discussions',
};

export const isContentType = (type: string): type is ContentType => (CONTENT_TYPES as readonly string[]).includes(type);

@Injectable()
export class FeedService {
  constructor(
    private readonly em: EntityManager,
    private readonly feed: FeedRepository,
    private readonly members: MembersRepository,
  ) {}

  @OnEvent(ContentPublishedV1.subject)
  async published(event: ContentPublishedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.keep(em, event, new Date(event.publishedAt));
  }

  @OnEvent(ContentUpdatedV1.subject)
  async updated(event: ContentUpdatedV1, { em }: { em: EntityManager }): Promise<void> {
    await this.keep(em, event, new Date(event.changedAt));
  }

  @OnEvent(ContentWithdrawnV1.subject)
  async withdrawn(event: ContentWithdrawnV1, { em }: { em: EntityManager }): Promise<void> {
    await this.feed.withdraw(em, { itemId: event.itemId, type: event.type, authorId: event.authorId, changedAt: new Date(event.changedAt) });
  }

  private async keep(em: EntityManager, event: ContentPublishedV1 | ContentUpdatedV1, changedAt: Date): Promise<void> {
    await this.feed.upsert(em, {
      itemId: event.itemId, type: event.type, title: event.title, authorId: event.authorId,
      publishedAt: new Date(event.publishedAt), link: `/${PATHS[event.type]}/${event.itemId}`, changedAt,
    });
  }

  /**
   * Trust-safety hid, removed or restored a subject: for a content type, its feed entry follows
   * (other types are not in the feed and are ignored). Called inside the consumer's transaction.
   */
  async setVisibility(em: EntityManager, subjectType: string, subjectId: string, visibility: SubjectVisibility): Promise<void> {
    if (!isContentType(subjectType)) return;
    await this.feed.setVisibility(em, subjectId, visibility);
  }

  async mine(caller: Principal, query: PageQuery): Promise<FeedPage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const key = decodeCursor(query.cursor, ['date', 'uuid']);
    const rows = await this.feed.page(em, caller.accountId, limit + 1, key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (r) => [new Date(r.published_at).toISOString(), r.item_id]);
    const authors = await this.members.many(em, page.items.map((r) => r.author_id));
    return {
      items: page.items.map((r) => ({
        id: r.item_id, type: r.type, title: r.title, author: memberCard(r.author_id, authors.get(r.author_id)), publishedAt: new Date(r.published_at).toISOString(), link: r.link,
      })),
      nextCursor: page.nextCursor,
    };
  }
}

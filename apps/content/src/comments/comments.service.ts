/** Comments on blogs, replies in discussions, and reactions to any item. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ContentCommentCreatedV1, DomainError, forbidden, notFound } from '@weop/contracts';
import type { CommentPage, ContentType, IdResponse, Principal, Reaction } from '@weop/contracts';
import { decodeCursor, pageOf } from '@weop/contracts';
import { canSee, isPublic, isStaff } from '../items/content-access';
import { Comment } from '../items/content-item.entity';
import type { ContentItem } from '../items/content-item.entity';
import { ContentItemsRepository } from '../items/content-items.repository';
import { ContentSignalsService } from '../items/content-signals.service';
import { authorView } from '../items/content-view';
import { Outbox } from '@weop/messaging';
import { plainText, renderMarkdown } from '../text/markdown';

@Injectable()
export class CommentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ContentItemsRepository,
    private readonly signals: ContentSignalsService,
    private readonly outbox: Outbox,
  ) {}

  private async visibleItem(em: EntityManager, type: ContentType, id: string, viewer: Principal | null, lock = false): Promise<ContentItem> {
    const item = await this.items.byId(id, em, lock);
    if (!item || item.type !== type || !canSee(item, viewer)) throw notFound(`The ${type}`);
    return item;
  }

  async add(author: Principal, type: 'blog' | 'discussion', id: string, body: string): Promise<IdResponse> {
    return this.em.fork().transactional(async (em) => {
      const item = await this.visibleItem(em, type, id, author, true);
      if (!isPublic(item)) throw new DomainError('CONTENT_STATE', `This ${type} is not open for ${type === 'blog' ? 'comments' : 'replies'}.`);
      const comment = em.create(Comment, { id: randomUUID(), itemId: id, authorId: author.accountId, body, bodyHtml: renderMarkdown(body), createdAt: new Date() });
      em.persist(comment);
      item.commentCount += 1;
      await em.flush();
      await this.signals.inspectComment(em, item, comment, plainText(body));
      // Community tells the item's author (her own comments tell no one).
      if (item.authorId !== author.accountId) {
        await this.outbox.add(em, ContentCommentCreatedV1.subject, {
          commentId: comment.id, itemId: item.id, itemType: item.type, itemAuthorId: item.authorId, commentAuthorId: author.accountId,
          link: `/${item.type}s/${item.id}`, createdAt: comment.createdAt.toISOString(),
        });
      }
      return { id: comment.id };
    });
  }

  /** Oldest first, as a conversation reads. */
  async list(viewer: Principal | null, type: 'blog' | 'discussion', id: string, limit = 20, cursor?: string): Promise<CommentPage> {
    const em = this.em.fork();
    await this.visibleItem(em, type, id, viewer);
    const key = decodeCursor(cursor, ['date', 'uuid']);
    const rows = await this.items.comments(id, key ? { at: String(key[0]), id: String(key[1]) } : undefined, limit, em);
    const page = pageOf(rows, limit, (c) => [c.createdAt.toISOString(), c.id]);
    const members = await this.items.members(page.items.map((c) => c.authorId), em);
    return {
      items: page.items.map((c) => ({ id: c.id, body: c.body, bodyHtml: c.bodyHtml, author: authorView(c.authorId, members.get(c.authorId)), createdAt: c.createdAt.toISOString() })),
      nextCursor: page.nextCursor,
    };
  }

  /** Her own comment, or any for staff. */
  async remove(actor: Principal, type: 'blog' | 'discussion', id: string, commentId: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const item = await this.visibleItem(em, type, id, actor, true);
      const comment = await this.items.comment(commentId, em);
      if (!comment || comment.itemId !== id || (comment.visibility !== 'visible' && !isStaff(actor) && comment.authorId !== actor.accountId)) throw notFound('The comment');
      if (comment.authorId !== actor.accountId && !isStaff(actor)) throw forbidden('Only its author or a moderator can delete a comment.');
      comment.deletedAt = new Date();
      // The count is of comments members can see; a hidden one was taken off when it was hidden.
      if (comment.visibility === 'visible') item.commentCount = Math.max(0, item.commentCount - 1);
    });
  }

  async react(member: Principal, type: ContentType, id: string, kind: Reaction, on: boolean): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const item = await this.visibleItem(em, type, id, member);
      if (on && !isPublic(item)) throw new DomainError('CONTENT_STATE', `This ${type} is not published.`);
      await this.items.setReaction(em, id, member.accountId, kind, on);
    });
  }
}

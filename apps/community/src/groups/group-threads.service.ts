/**
 * A group's discussion threads and their posts. Members write; the owner and moderators delete any
 * post or thread (kept, with who and when, the text no longer shown) and lock a thread. Whoever may
 * see the group reads them. A suspended member is refused by the gateway before she reaches here.
 * A thread started by someone across a block from her is not there for her: reading it, posting in
 * it, locking or deleting it all answer the same 404; so is a post by such a member. Posts (a new
 * thread's first post included) are limited per member per minute, across her groups.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, decodeCursor, forbidden, notFound, pageOf } from '@weop/contracts';
import type {
  CreatePostPayload, CreateThreadPayload, GroupPagePayload, GroupPostParam, GroupThreadParam, PostPage, Principal, ThreadPage, ThreadPagePayload, ThreadView, UpdateThreadPayload,
} from '@weop/contracts';
import { CommunityConfig } from '../community.config';
import { assertUnderLimit } from '../conversations/conversation-rules';
import type { Member } from '../members/member.entity';
import { MembersRepository } from '../members/members.repository';
import { GroupAccessPolicy, groupPerson, isModerator } from './group-access';
import { GroupPost, GroupThread } from './group.entity';
import { GroupsRepository } from './groups.repository';

const MINUTE_MS = 60_000;
const keyOf = (cursor: string | undefined) => {
  const key = decodeCursor(cursor, ['date', 'uuid']);
  return key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined;
};
const threadView = (t: GroupThread, people: Map<string, Member>): ThreadView => ({
  id: t.id, groupId: t.groupId, title: t.title, author: groupPerson(t.authorId, people.get(t.authorId)), postCount: t.postCount,
  locked: t.lockedAt !== null, createdAt: t.createdAt.toISOString(), lastPostAt: t.lastPostAt.toISOString(),
});

@Injectable()
export class GroupThreadsService {
  constructor(
    private readonly em: EntityManager,
    private readonly groups: GroupsRepository,
    private readonly access: GroupAccessPolicy,
    private readonly members: MembersRepository,
    @Inject(CommunityConfig) private readonly config: CommunityConfig,
  ) {}

  async create(caller: Principal, input: CreateThreadPayload): Promise<{ id: string }> {
    return this.em.fork().transactional(async (em) => {
      await this.access.member(em, input.id, caller.accountId);
      const now = await this.assertPostRate(em, caller.accountId);
      const thread = em.create(GroupThread, { id: randomUUID(), groupId: input.id, authorId: caller.accountId, title: input.title.trim(), postCount: 1, createdAt: now, lastPostAt: now });
      await em.persist(thread).flush();
      em.persist(em.create(GroupPost, { id: randomUUID(), threadId: thread.id, groupId: input.id, authorId: caller.accountId, text: input.text.trim(), createdAt: now }));
      await em.flush();
      return { id: thread.id };
    });
  }

  async list(caller: Principal, input: GroupPagePayload): Promise<ThreadPage> {
    const em = this.em.fork();
    await this.access.see(em, input.id, caller.accountId);
    const limit = input.limit ?? 20;
    const rows = await this.groups.threads(em, input.id, await this.access.unseen(em, caller.accountId), limit + 1, keyOf(input.cursor));
    const page = pageOf(rows, limit, (t) => [t.lastPostAt.toISOString(), t.id]);
    const people = await this.members.many(em, page.items.map((t) => t.authorId));
    return { items: page.items.map((t) => threadView(t, people)), nextCursor: page.nextCursor };
  }

  async post(caller: Principal, input: CreatePostPayload): Promise<{ id: string }> {
    return this.em.fork().transactional(async (em) => {
      await this.access.member(em, input.id, caller.accountId);
      const thread = await this.thread(em, input.id, input.threadId, caller.accountId, true);
      if (thread.lockedAt) throw new DomainError('THREAD_LOCKED', 'This thread is locked: it takes no new posts.');
      const now = await this.assertPostRate(em, caller.accountId);
      const post = em.create(GroupPost, { id: randomUUID(), threadId: thread.id, groupId: input.id, authorId: caller.accountId, text: input.text.trim(), createdAt: now });
      em.persist(post);
      thread.postCount += 1;
      thread.lastPostAt = now;
      await em.flush();
      return { id: post.id };
    });
  }

  /** Oldest first, as a conversation reads; a deleted post keeps its place with its text withheld. */
  async posts(caller: Principal, input: ThreadPagePayload): Promise<PostPage> {
    const em = this.em.fork();
    await this.access.see(em, input.id, caller.accountId);
    await this.thread(em, input.id, input.threadId, caller.accountId);
    const unseen = await this.access.unseen(em, caller.accountId);
    const limit = input.limit ?? 20;
    const key = decodeCursor(input.cursor, ['date', 'uuid']);
    const rows = await this.groups.posts(em, input.threadId, unseen, limit + 1, key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined);
    const page = pageOf(rows, limit, (p) => [p.createdAt.toISOString(), p.id]);
    const people = await this.members.many(em, page.items.map((p) => p.authorId));
    return {
      items: page.items.map((p) => ({
        id: p.id, author: groupPerson(p.authorId, people.get(p.authorId)), text: p.deletedAt ? null : p.text,
        deletedBy: p.deletedAs, deletedAt: p.deletedAt?.toISOString() ?? null, createdAt: p.createdAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** The owner or a moderator locks or unlocks a thread. */
  async update(caller: Principal, input: UpdateThreadPayload): Promise<ThreadView> {
    return this.em.fork().transactional(async (em) => {
      await this.access.moderator(em, input.id, caller.accountId);
      const thread = await this.thread(em, input.id, input.threadId, caller.accountId, true);
      Object.assign(thread, input.locked ? { lockedAt: thread.lockedAt ?? new Date(), lockedBy: thread.lockedBy ?? caller.accountId } : { lockedAt: null, lockedBy: null });
      await em.flush();
      return threadView(thread, await this.members.many(em, [thread.authorId]));
    });
  }

  /** Its author or the group's owner and moderators delete a thread (kept, with who and when). */
  async deleteThread(caller: Principal, input: GroupThreadParam): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const { membership } = await this.access.see(em, input.id, caller.accountId);
      const thread = await this.thread(em, input.id, input.threadId, caller.accountId, true);
      if (thread.authorId !== caller.accountId && !isModerator(membership)) throw forbidden('Only its author, the group\'s owner and moderators can delete a thread.');
      Object.assign(thread, { deletedAt: new Date(), deletedBy: caller.accountId });
      await em.flush();
    });
  }

  async deletePost(caller: Principal, input: GroupPostParam): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const { membership } = await this.access.see(em, input.id, caller.accountId);
      const thread = await this.thread(em, input.id, input.threadId, caller.accountId);
      const post = await this.groups.post(em, thread.id, input.postId);
      // A post by someone across a block from her is not in the thread she reads: not there to delete either.
      if (!post || post.deletedAt || (await this.access.unseen(em, caller.accountId)).has(post.authorId)) throw notFound('The post');
      const asAuthor = post.authorId === caller.accountId;
      if (!asAuthor && !isModerator(membership)) throw forbidden('Only its author, the group\'s owner and moderators can delete a post.');
      Object.assign(post, { deletedAt: new Date(), deletedBy: caller.accountId, deletedAs: asAuthor ? 'author' : 'moderator' });
      await em.flush();
    });
  }

  /** The thread as she may see it: 404 when there is none, or when its author and she are across a block (either way). */
  private async thread(em: EntityManager, groupId: string, threadId: string, viewerId: string, lock = false): Promise<GroupThread> {
    const thread = await this.groups.thread(em, groupId, threadId, lock);
    if (!thread || (await this.access.unseen(em, viewerId)).has(thread.authorId)) throw notFound('The thread');
    return thread;
  }

  /** A flood of posts is refused (429 with Retry-After); serialised per member so the limit holds under concurrent calls. */
  private async assertPostRate(em: EntityManager, authorId: string): Promise<Date> {
    await this.groups.lockMember(em, 'post', authorId);
    const now = new Date();
    assertUnderLimit(await this.groups.postsSince(em, authorId, new Date(now.getTime() - MINUTE_MS)), this.config.GROUP_POSTS_PER_MINUTE, MINUTE_MS, now, 'group posts in a minute');
    return now;
  }
}

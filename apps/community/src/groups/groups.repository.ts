/** Queries on groups, their members, invitations, threads, posts and files. */
import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GroupRole } from '@weop/contracts';
import { lockUntilCommit, readTogether } from '@weop/persistence';
import { ConnectionsRepository } from '../connections/connections.repository';
import { Group, GroupFile, GroupInvitation, GroupMember, GroupPost, GroupThread } from './group.entity';

export interface GroupListRow {
  id: string;
  name: string;
  description: string;
  visibility: Group['visibility'];
  owner_id: string;
  created_at: Date;
  moderation: Group['moderation'];
  member_count: string;
  my_role: GroupRole | null;
}

export interface Key {
  at: Date;
  id: string;
}

/** Leaves out rows by members she does not see (a block either way). */
const notBy = <K extends string>(field: K, unseen: Set<string>) => (unseen.size > 0 ? { [field]: { $nin: [...unseen] } } : {}) as Partial<Record<K, { $nin: string[] }>>;

/** `%` and `_` in what she typed are letters, not patterns. */
const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

@Injectable()
export class GroupsRepository {
  group(em: EntityManager, id: string, lock = false): Promise<Group | null> {
    return em.findOne(Group, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  /** Serialises one member's acts of a kind (new groups, posts, invitations), so a cap holds under concurrent calls. */
  async lockMember(em: EntityManager, kind: 'group' | 'post' | 'invitation', memberId: string): Promise<void> {
    await lockUntilCommit(em, `community.${kind}:${memberId}`);
  }

  /** When she wrote each of her group posts since `since` (a thread's first post included), oldest first. */
  async postsSince(em: EntityManager, authorId: string, since: Date): Promise<Date[]> {
    const rows = await em.getConnection().execute<{ created_at: Date }[]>(
      'select created_at from group_post where author_id = ? and created_at >= ? order by created_at', [authorId, since], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => new Date(r.created_at));
  }

  /** When she invited, since `since`, members who are not her connections (to any group), oldest first. */
  async strangerInvitationsSince(em: EntityManager, inviterId: string, since: Date): Promise<Date[]> {
    const rows = await em.getConnection().execute<{ created_at: Date }[]>(
      `select i.created_at from group_invitation i
       where i.invited_by = ? and i.created_at >= ? and i.member_id not in (${ConnectionsRepository.connectedIdsSql()})
       order by i.created_at`,
      [inviterId, since, inviterId, inviterId, inviterId], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => new Date(r.created_at));
  }

  /** How many groups she started since `since` (still hers), and when the oldest of them was. */
  async startedSince(em: EntityManager, ownerId: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await em.getConnection().execute<{ count: string; oldest: Date | null }[]>(
      'select count(*) as count, min(created_at) as oldest from community_group where owner_id = ? and created_at >= ?',
      [ownerId, since], 'all', em.getTransactionContext(),
    );
    return { count: Number(row?.count ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
  }

  membership(em: EntityManager, groupId: string, memberId: string): Promise<GroupMember | null> {
    return em.findOne(GroupMember, { groupId, memberId });
  }

  async memberCount(em: EntityManager, groupId: string): Promise<number> {
    return em.count(GroupMember, { groupId });
  }

  /**
   * Public groups (and invite-only ones she belongs to), newest first, that moderation has not hidden
   * and whose owner is not on the other side of a block from her.
   */
  async list(em: EntityManager, viewerId: string, q: string | undefined, limit: number, after?: Key): Promise<GroupListRow[]> {
    const params: unknown[] = [viewerId, viewerId, viewerId];
    let filter = '';
    if (q?.trim()) {
      filter += ` and (g.name ilike ? or g.description ilike ?)`;
      params.push(likePattern(q.trim()), likePattern(q.trim()));
    }
    if (after) {
      filter += ' and (g.created_at, g.id) < (?, ?)';
      params.push(after.at, after.id);
    }
    params.push(limit);
    return em.getConnection().execute<GroupListRow[]>(
      `select g.*, (select count(*) from group_member c where c.group_id = g.id) as member_count, m.role as my_role
       from community_group g left join group_member m on m.group_id = g.id and m.member_id = ?
       where g.moderation = 'visible' and (g.visibility = 'public' or m.member_id is not null)
         and not exists (select 1 from block_projection b where b.active and ((b.blocker_id = g.owner_id and b.blocked_id = ?) or (b.blocker_id = ? and b.blocked_id = g.owner_id)))${filter}
       order by g.created_at desc, g.id desc limit ?`,
      params, 'all', em.getTransactionContext(),
    );
  }

  /** Members in the order they joined (the owner first). */
  members(em: EntityManager, groupId: string, unseen: Set<string>, limit: number, after?: Key): Promise<GroupMember[]> {
    return em.find(
      GroupMember,
      { groupId, ...notBy('memberId', unseen), ...(after ? { $or: [{ joinedAt: { $gt: after.at } }, { joinedAt: after.at, memberId: { $gt: after.id } }] } : {}) },
      { orderBy: [{ joinedAt: 'asc' }, { memberId: 'asc' }], limit },
    );
  }

  async isBanned(em: EntityManager, groupId: string, memberId: string): Promise<boolean> {
    const rows = await em.getConnection().execute<{ one: number }[]>('select 1 as one from group_ban where group_id = ? and member_id = ?', [groupId, memberId], 'all', em.getTransactionContext());
    return rows.length > 0;
  }

  async ban(em: EntityManager, groupId: string, memberId: string, by: string, at: Date): Promise<void> {
    await em.getConnection().execute(
      'insert into group_ban (group_id, member_id, banned_by, banned_at) values (?, ?, ?, ?) on conflict do nothing',
      [groupId, memberId, by, at], 'run', em.getTransactionContext(),
    );
  }

  async unban(em: EntityManager, groupId: string, memberId: string): Promise<void> {
    await em.getConnection().execute('delete from group_ban where group_id = ? and member_id = ?', [groupId, memberId], 'run', em.getTransactionContext());
  }

  invitation(em: EntityManager, id: string, lock = false): Promise<GroupInvitation | null> {
    return em.findOne(GroupInvitation, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  pendingInvitation(em: EntityManager, groupId: string, memberId: string): Promise<GroupInvitation | null> {
    return em.findOne(GroupInvitation, { groupId, memberId, status: 'pending' });
  }

  /** Her pending invitations to groups moderation has not hidden, newest first. */
  async myInvitations(em: EntityManager, memberId: string, limit: number, after?: Key): Promise<(GroupInvitation & { groupName: string; groupDescription: string })[]> {
    const rows = await em.getConnection().execute<{ id: string; group_id: string; member_id: string; invited_by: string; status: GroupInvitation['status']; created_at: Date; name: string; description: string }[]>(
      `select i.id, i.group_id, i.member_id, i.invited_by, i.status, i.created_at, g.name, g.description
       from group_invitation i join community_group g on g.id = i.group_id
       where i.member_id = ? and i.status = 'pending' and g.moderation = 'visible'
         and not exists (select 1 from block_projection b where b.active and (
           (b.blocker_id = i.member_id and b.blocked_id in (i.invited_by, g.owner_id)) or (b.blocked_id = i.member_id and b.blocker_id in (i.invited_by, g.owner_id))))
         ${after ? 'and (i.created_at, i.id) < (?, ?)' : ''}
       order by i.created_at desc, i.id desc limit ?`,
      [memberId, ...(after ? [after.at, after.id] : []), limit], 'all', em.getTransactionContext(),
    );
    return rows.map((r) => Object.assign(new GroupInvitation(), {
      id: r.id, groupId: r.group_id, memberId: r.member_id, invitedBy: r.invited_by, status: r.status, createdAt: new Date(r.created_at), answeredAt: null, groupName: r.name, groupDescription: r.description,
    }));
  }

  thread(em: EntityManager, groupId: string, id: string, lock = false): Promise<GroupThread | null> {
    return em.findOne(GroupThread, { id, groupId, deletedAt: null }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  /** Threads with the latest activity first; deleted ones left out. */
  threads(em: EntityManager, groupId: string, unseen: Set<string>, limit: number, after?: Key): Promise<GroupThread[]> {
    return em.find(
      GroupThread,
      { groupId, deletedAt: null, ...notBy('authorId', unseen), ...(after ? { $or: [{ lastPostAt: { $lt: after.at } }, { lastPostAt: after.at, id: { $lt: after.id } }] } : {}) },
      { orderBy: [{ lastPostAt: 'desc' }, { id: 'desc' }], limit },
    );
  }

  post(em: EntityManager, threadId: string, id: string): Promise<GroupPost | null> {
    return em.findOne(GroupPost, { id, threadId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** A thread's posts in the order they were written (a conversation reads top down). */
  posts(em: EntityManager, threadId: string, unseen: Set<string>, limit: number, after?: Key): Promise<GroupPost[]> {
    return em.find(
      GroupPost,
      { threadId, ...notBy('authorId', unseen), ...(after ? { $or: [{ createdAt: { $gt: after.at } }, { createdAt: after.at, id: { $gt: after.id } }] } : {}) },
      { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], limit },
    );
  }

  file(em: EntityManager, groupId: string, id: string): Promise<GroupFile | null> {
    return em.findOne(GroupFile, { id, groupId });
  }

  files(em: EntityManager, groupId: string, unseen: Set<string>, limit: number, after?: Key): Promise<GroupFile[]> {
    return em.find(
      GroupFile,
      { groupId, ...notBy('uploaderId', unseen), ...(after ? { $or: [{ createdAt: { $lt: after.at } }, { createdAt: after.at, id: { $lt: after.id } }] } : {}) },
      { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit },
    );
  }

  /** What she holds in groups, for her data export: memberships, threads, posts and files of hers. */
  async heldBy(em: EntityManager, memberId: string): Promise<{ memberships: (GroupMember & { name: string })[]; threads: GroupThread[]; posts: GroupPost[]; files: GroupFile[] }> {
    const memberships = await em.getConnection().execute<{ group_id: string; member_id: string; role: GroupRole; joined_at: Date; name: string }[]>(
      'select m.group_id, m.member_id, m.role, m.joined_at, g.name from group_member m join community_group g on g.id = m.group_id where m.member_id = ? order by m.joined_at',
      [memberId], 'all', em.getTransactionContext(),
    );
    const [threads, posts, files] = await readTogether(em, [
      () => em.find(GroupThread, { authorId: memberId }, { orderBy: { createdAt: 'asc' } }),
      () => em.find(GroupPost, { authorId: memberId }, { orderBy: { createdAt: 'asc' } }),
      () => em.find(GroupFile, { uploaderId: memberId }, { orderBy: { createdAt: 'asc' } }),
    ]);
    return {
      memberships: memberships.map((m) => Object.assign(new GroupMember(), { groupId: m.group_id, memberId: m.member_id, role: m.role, joinedAt: new Date(m.joined_at), name: m.name })),
      threads, posts, files,
    };
  }

  async setModeration(em: EntityManager, groupId: string, moderation: Group['moderation']): Promise<void> {
    await em.getConnection().execute('update community_group set moderation = ? where id = ?', [moderation, groupId], 'run', em.getTransactionContext());
  }

  /** The groups she owns, locked (their ownership is about to change). */
  owned(em: EntityManager, ownerId: string): Promise<Group[]> {
    return em.find(Group, { ownerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /** Who takes a group over from its owner: the longest-standing moderator, else the longest-standing member. */
  async successor(em: EntityManager, groupId: string, ownerId: string): Promise<string | null> {
    const rows = await em.getConnection().execute<{ member_id: string }[]>(
      `select member_id from group_member where group_id = ? and member_id <> ?
       order by (role = 'moderator') desc, joined_at, member_id limit 1`,
      [groupId, ownerId], 'all', em.getTransactionContext(),
    );
    return rows[0]?.member_id ?? null;
  }

  async handOver(em: EntityManager, groupId: string, newOwnerId: string): Promise<void> {
    await em.getConnection().execute("update group_member set role = 'owner' where group_id = ? and member_id = ?", [groupId, newOwnerId], 'run', em.getTransactionContext());
    await em.getConnection().execute('update community_group set owner_id = ? where id = ?', [newOwnerId, groupId], 'run', em.getTransactionContext());
  }

  async deleteGroup(em: EntityManager, groupId: string): Promise<void> {
    await em.getConnection().execute('delete from community_group where id = ?', [groupId], 'run', em.getTransactionContext());
  }

  /** Her files' rows, removed; answers their storage keys. */
  async deleteFilesOf(em: EntityManager, uploaderId: string): Promise<string[]> {
    const rows = await em.getConnection().execute<{ storage_key: string }[]>('delete from group_file where uploader_id = ? returning storage_key', [uploaderId], 'all', em.getTransactionContext());
    return rows.map((r) => r.storage_key);
  }

  /** Her memberships, invitations and bans (what she wrote stays, shown as by a former member). */
  async forgetMember(em: EntityManager, accountId: string): Promise<void> {
    const run = (sql: string): Promise<unknown> => em.getConnection().execute(sql, [accountId], 'run', em.getTransactionContext());
    await run('delete from group_member where member_id = ?');
    await run('delete from group_invitation where member_id = ?');
    await run('delete from group_ban where member_id = ?');
  }
}

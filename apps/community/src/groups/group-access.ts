/**
 * Who may do what in a group, in one place. A group moderation hid or removed is seen by its owner
 * alone (404 to everyone else) and takes nothing new; an invite-only group is seen by its members
 * alone; a public one by every member — except that a group is never shown across a block between
 * its owner and the viewer (404, not listed: the blocked member sees nothing of the blocker's space).
 * Only members write (threads, posts, files) and only members see files; the owner and her
 * moderators moderate. Inside a group, members either of whom blocked the other do not see each
 * other in member lists, threads, posts or files.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, forbidden, notFound } from '@weop/contracts';
import type { MemberCard } from '@weop/contracts';
import { BlocksProjection } from '@weop/messaging';
import { memberCard } from '../connections/member-card';
import type { Member } from '../members/member.entity';
import { restriction } from '../members/members.repository';
import type { Group, GroupMember } from './group.entity';
import { GroupsRepository } from './groups.repository';

export interface GroupAccess {
  group: Group;
  membership: GroupMember | null;
}
export type MemberAccess = GroupAccess & { membership: GroupMember };

/** The rule without blocks (which need the database): moderation, then visibility and membership. */
export function canSee(group: Group, membership: GroupMember | null, viewerId: string): boolean {
  if (group.moderation !== 'visible') return group.ownerId === viewerId;
  return group.visibility === 'public' || membership !== null;
}

export const isModerator = (membership: GroupMember | null): boolean => membership?.role === 'owner' || membership?.role === 'moderator';

/** How a member appears in a group: her card, or null (a former member) once expelled or gone. */
export function groupPerson(id: string, member: Member | undefined): MemberCard | null {
  if (!member || restriction(member) === 'expelled') return null;
  return memberCard(id, member);
}

@Injectable()
export class GroupAccessPolicy {
  constructor(
    private readonly groups: GroupsRepository,
    private readonly blocks: BlocksProjection,
  ) {}

  async visible(em: EntityManager, group: Group, membership: GroupMember | null, viewerId: string): Promise<boolean> {
    return canSee(group, membership, viewerId) && !(await this.blocks.between(em, group.ownerId, viewerId));
  }

  /** The group as she may see it, or 404 (she learns nothing of a group she may not see). */
  async see(em: EntityManager, groupId: string, viewerId: string, lock = false): Promise<GroupAccess> {
    const group = await this.groups.group(em, groupId, lock);
    const membership = group ? await this.groups.membership(em, groupId, viewerId) : null;
    if (!group || !(await this.visible(em, group, membership, viewerId))) throw notFound('The group');
    return { group, membership };
  }

  /** A group she may write in: a member, in a group moderation has not hidden. */
  async member(em: EntityManager, groupId: string, memberId: string, lock = false): Promise<MemberAccess> {
    const access = await this.see(em, groupId, memberId, lock);
    if (access.group.moderation !== 'visible') throw new DomainError('GROUP_FROZEN', 'This group is under moderation review and takes nothing new for now.');
    if (!access.membership) throw new DomainError('GROUP_MEMBERSHIP_REQUIRED', 'Only members of this group can do this: join it first.');
    return access as MemberAccess;
  }

  async moderator(em: EntityManager, groupId: string, memberId: string, lock = false): Promise<MemberAccess> {
    const access = await this.member(em, groupId, memberId, lock);
    if (!isModerator(access.membership)) throw forbidden('Only the group\'s owner and moderators can do this.');
    return access;
  }

  /** Members she does not see, nor they her (a block either way). */
  unseen(em: EntityManager, viewerId: string): Promise<Set<string>> {
    return this.blocks.related(em, viewerId);
  }
}

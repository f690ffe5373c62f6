/**
 * Who may do what in a group, in one place. A group moderation hid or removed is seen by its owner
 * alone (404 to everyone else) and takes nothing new; an invite-only group is seen by its members
 * alone; a public one by every member. Only members write (threads, posts, files) and only members
 * see files; the owner and her moderators moderate.
 */
import { DomainError, forbidden, notFound } from '@weop/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MemberCard } from '@weop/contracts';
import { memberCard } from '../connections/member-card';
import type { Member } from '../members/member.entity';
import { restriction } from '../members/members.repository';
import type { Group, GroupMember } from './group.entity';
import type { GroupsRepository } from './groups.repository';

export interface GroupAccess {
  group: Group;
  membership: GroupMember | null;
}

export function canSee(group: Group, membership: GroupMember | null, viewerId: string): boolean {
  if (group.moderation !== 'visible') return group.ownerId === viewerId;
  return group.visibility === 'public' || membership !== null;
}

export const isModerator = (membership: GroupMember | null): boolean => membership?.role === 'owner' || membership?.role === 'moderator';

/** The group as she may see it, or 404 (she learns nothing of a group she may not see). */
export async function seeGroup(groups: GroupsRepository, em: EntityManager, groupId: string, viewerId: string, lock = false): Promise<GroupAccess> {
  const group = await groups.group(em, groupId, lock);
  const membership = group ? await groups.membership(em, groupId, viewerId) : null;
  if (!group || !canSee(group, membership, viewerId)) throw notFound('The group');
  return { group, membership };
}

/** A group she may write in: a member, in a group moderation has not hidden. */
export async function memberOf(groups: GroupsRepository, em: EntityManager, groupId: string, memberId: string, lock = false): Promise<GroupAccess & { membership: GroupMember }> {
  const access = await seeGroup(groups, em, groupId, memberId, lock);
  if (access.group.moderation !== 'visible') throw new DomainError('GROUP_FROZEN', 'This group is under moderation review and takes nothing new for now.');
  if (!access.membership) throw new DomainError('GROUP_MEMBERSHIP_REQUIRED', 'Only members of this group can do this: join it first.');
  return access as GroupAccess & { membership: GroupMember };
}

export async function moderatorOf(groups: GroupsRepository, em: EntityManager, groupId: string, memberId: string, lock = false): Promise<GroupAccess & { membership: GroupMember }> {
  const access = await memberOf(groups, em, groupId, memberId, lock);
  if (!isModerator(access.membership)) throw forbidden('Only the group\'s owner and moderators can do this.');
  return access;
}

/** How a member appears in a group: her card, or null (a former member) once expelled or gone. */
export function groupPerson(id: string, member: Member | undefined): MemberCard | null {
  if (!member || restriction(member) === 'expelled') return null;
  return memberCard(id, member);
}

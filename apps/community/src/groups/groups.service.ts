/**
 * Groups (issue 10): collaborative spaces, public or invite-only, with members, invitations and
 * the owner's moderation (moderators, removing and banning). Threads and files are in their own
 * services; the rules of who may do what are in `group-access.ts`.
 *
 * An invitation reaches a member's inbox as a first message does, so it has a first message's
 * protections: a daily cap on invitations to members who are not the inviter's connections, and the
 * first-message detectors on the group's name and description (`group-signals.ts`).
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode, conflict, decodeCursor, forbidden, notFound, pageOf } from '@weop/contracts';
import type {
  CreateGroupRequest, GroupInvitationPage, GroupInvitationView, GroupMemberPage, GroupPage, GroupPagePayload, GroupView, GroupsQuery, InviteToGroupPayload,
  MembershipView, PageQuery, Principal, RemoveGroupMemberPayload, SetGroupRolePayload,
} from '@weop/contracts';
import { BlocksProjection } from '@weop/messaging';
import { BLOB_STORAGE } from '@weop/persistence';
import type { BlobStorage } from '@weop/persistence';
import { CommunityConfig } from '../community.config';
import { ConnectionsRepository } from '../connections/connections.repository';
import { memberCard } from '../connections/member-card';
import { assertUnderLimit } from '../conversations/conversation-rules';
import { MembersRepository, restriction } from '../members/members.repository';
import { NotificationsService } from '../notifications/notifications.service';
import { ReportsService } from '../reports/reports.service';
import { GroupAccessPolicy, groupPerson } from './group-access';
import { GroupReportSubject } from './group-report-subject';
import { groupFindings } from './group-signals';
import { Group, GroupInvitation, GroupMember } from './group.entity';
import { GroupsRepository } from './groups.repository';

const DAY = 86_400_000;
const alreadyMember = (): DomainError => new DomainError('GROUP_MEMBER_EXISTS', 'She is already a member of this group.');
const keyOf = (cursor: string | undefined) => {
  const key = decodeCursor(cursor, ['date', 'uuid']);
  return key ? { at: new Date(String(key[0])), id: String(key[1]) } : undefined;
};
const membershipView = (m: GroupMember): MembershipView => ({ groupId: m.groupId, memberId: m.memberId, role: m.role });

@Injectable()
export class GroupsService {
  constructor(
    private readonly em: EntityManager,
    private readonly groups: GroupsRepository,
    private readonly access: GroupAccessPolicy,
    private readonly members: MembersRepository,
    private readonly blocks: BlocksProjection,
    private readonly notifications: NotificationsService,
    private readonly connections: ConnectionsRepository,
    private readonly reports: ReportsService,
    private readonly reportSubject: GroupReportSubject,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    @Inject(CommunityConfig) private readonly config: CommunityConfig,
  ) {}

  async create(caller: Principal, input: CreateGroupRequest): Promise<GroupView> {
    return this.em.fork().transactional(async (em) => {
      const now = new Date();
      await this.groups.lockMember(em, 'group', caller.accountId);
      const { count, oldest } = await this.groups.startedSince(em, caller.accountId, new Date(now.getTime() - DAY));
      if (count >= this.config.GROUP_CREATIONS_PER_DAY) {
        const retryAfter = Math.max(1, Math.ceil(((oldest?.getTime() ?? now.getTime()) + DAY - now.getTime()) / 1000));
        throw new DomainError(ErrorCode.RATE_LIMITED, `You can start ${this.config.GROUP_CREATIONS_PER_DAY} groups a day. Please try again later.`, [], retryAfter);
      }
      const group = em.create(Group, { id: randomUUID(), name: input.name.trim(), description: input.description.trim(), visibility: input.visibility, ownerId: caller.accountId, createdAt: now });
      // The group's row first: its members refer to it (no ORM relation orders the inserts).
      await em.persist(group).flush();
      em.persist(em.create(GroupMember, { groupId: group.id, memberId: caller.accountId, role: 'owner', joinedAt: now }));
      await em.flush();
      await this.reportFindings(em, group);
      return this.view(em, group, 1, 'owner');
    });
  }

  async list(caller: Principal, query: GroupsQuery): Promise<GroupPage> {
    const em = this.em.fork();
    const limit = query.limit ?? 20;
    const rows = await this.groups.list(em, caller.accountId, query.q, limit + 1, keyOf(query.cursor));
    const page = pageOf(rows, limit, (r) => [new Date(r.created_at).toISOString(), r.id]);
    const owners = await this.members.many(em, page.items.map((r) => r.owner_id));
    return {
      items: page.items.map((r) => ({
        id: r.id, name: r.name, description: r.description, visibility: r.visibility, owner: memberCard(r.owner_id, owners.get(r.owner_id)),
        memberCount: Number(r.member_count), myRole: r.my_role, moderation: r.moderation, createdAt: new Date(r.created_at).toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async get(caller: Principal, id: string): Promise<GroupView> {
    const em = this.em.fork();
    const { group, membership } = await this.access.see(em, id, caller.accountId);
    return this.view(em, group, await this.groups.memberCount(em, id), membership?.role ?? null);
  }

  /** She joins a public group (an invite-only one she cannot see: 404; banned from it: 403). */
  async join(caller: Principal, id: string): Promise<MembershipView> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const { group, membership } = await this.access.see(em, id, caller.accountId, true);
        if (membership) throw alreadyMember();
        if (group.moderation !== 'visible') throw notFound('The group');
        if (await this.groups.isBanned(em, id, caller.accountId)) throw new DomainError('GROUP_BANNED', 'The group\'s owner removed you from this group; you can join again only if invited.');
        const joined = em.create(GroupMember, { groupId: id, memberId: caller.accountId, role: 'member', joinedAt: new Date() });
        em.persist(joined);
        await em.flush();
        return membershipView(joined);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw alreadyMember();
      throw error;
    }
  }

  async leave(caller: Principal, id: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      // Her own membership, found directly: she may leave a group that is hidden pending review too.
      const membership = await this.groups.membership(em, id, caller.accountId);
      if (!membership) throw notFound('Your membership');
      if (membership.role === 'owner') throw new DomainError('GROUP_OWNER_CANNOT_LEAVE', 'The owner cannot leave her group.');
      em.remove(membership);
      await em.flush();
    });
  }

  /** Members in the order they joined; an expelled member stays listed as a former member, without her name. */
  async membersOf(caller: Principal, input: GroupPagePayload): Promise<GroupMemberPage> {
    const em = this.em.fork();
    await this.access.see(em, input.id, caller.accountId);
    const limit = input.limit ?? 20;
    const rows = await this.groups.members(em, input.id, await this.access.unseen(em, caller.accountId), limit + 1, keyOf(input.cursor));
    const page = pageOf(rows, limit, (r) => [r.joinedAt.toISOString(), r.memberId]);
    const people = await this.members.many(em, page.items.map((r) => r.memberId));
    return {
      items: page.items.map((r) => {
        const person = groupPerson(r.memberId, people.get(r.memberId));
        return { member: person, former: person === null, role: r.role, joinedAt: r.joinedAt.toISOString() };
      }),
      nextCursor: page.nextCursor,
    };
  }

  /** The owner removes anyone but herself; a moderator removes plain members. `ban` keeps her out unless invited. */
  async removeMember(caller: Principal, input: RemoveGroupMemberPayload): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const { membership: mine } = await this.access.moderator(em, input.id, caller.accountId, true);
      if (input.memberId === caller.accountId) throw new DomainError('GROUP_REMOVE_SELF', 'To leave the group, use DELETE /groups/{id}/members/me.');
      const target = await this.groups.membership(em, input.id, input.memberId);
      if (target?.role === 'owner' || (target?.role === 'moderator' && mine.role !== 'owner')) throw forbidden('Only the owner can remove a moderator, and nobody removes the owner.');
      if (!target && !input.ban) throw notFound('The member');
      if (target) em.remove(target);
      if (input.ban) await this.groups.ban(em, input.id, input.memberId, caller.accountId, new Date());
      await em.flush();
    });
  }

  /** The owner appoints moderators (and makes them members again). */
  async setRole(caller: Principal, input: SetGroupRolePayload): Promise<MembershipView> {
    return this.em.fork().transactional(async (em) => {
      const { membership: mine } = await this.access.moderator(em, input.id, caller.accountId, true);
      if (mine.role !== 'owner') throw forbidden('Only the group\'s owner appoints moderators.');
      const target = await this.groups.membership(em, input.id, input.memberId);
      if (!target) throw notFound('The member');
      if (target.role === 'owner') throw new DomainError('GROUP_OWNER_ROLE', 'The owner stays the owner.');
      target.role = input.role;
      await em.flush();
      return membershipView(target);
    });
  }

  /** The owner or a moderator invites a member; she is told, and joins by accepting. */
  async invite(caller: Principal, input: InviteToGroupPayload): Promise<{ id: string }> {
    try {
      return await this.em.fork().transactional(async (em) => {
        const { group } = await this.access.moderator(em, input.id, caller.accountId);
        const invitee = await this.members.find(em, input.memberId);
        if (!invitee || restriction(invitee) === 'expelled') throw notFound('The member');
        await this.blocks.assertNotBlocked(em, caller.accountId, input.memberId);
        // Across a block with the owner she could never see the group: a moderator learns no more than "no such member".
        if (await this.blocks.between(em, group.ownerId, input.memberId)) throw notFound('The member');
        if (await this.groups.membership(em, input.id, input.memberId)) throw alreadyMember();
        const pending = await this.groups.pendingInvitation(em, input.id, input.memberId);
        if (pending) return { id: pending.id };
        const now = await this.assertInvitationRate(em, caller.accountId, input.memberId);
        const invitation = em.create(GroupInvitation, { id: randomUUID(), groupId: input.id, memberId: input.memberId, invitedBy: caller.accountId, status: 'pending', createdAt: now });
        em.persist(invitation);
        const inviter = `${(await this.members.find(em, caller.accountId))?.displayName ?? 'A member'} invited you`;
        // A group whose name or description a detector flagged is not named in her inbox: a warning is, in its place.
        const notices = groupFindings(group).map((f) => f.notice);
        await this.notifications.tell(em, {
          recipientId: input.memberId, kind: 'group.invitation', actorId: caller.accountId, at: now, link: '/me/group-invitations',
          text: notices.length > 0 ? `${inviter} to a group. ${notices.join(' ')}` : `${inviter} to the group "${group.name}".`,
        });
        await em.flush();
        return { id: invitation.id };
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw conflict('She has already been invited to this group.');
      throw error;
    }
  }

  async myInvitations(caller: Principal, query: PageQuery): Promise<GroupInvitationPage> {
    const limit = query.limit ?? 20;
    const rows = await this.groups.myInvitations(this.em.fork(), caller.accountId, limit + 1, keyOf(query.cursor));
    const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
    return {
      items: page.items.map((r): GroupInvitationView => {
        const notices = groupFindings({ name: r.groupName, description: r.groupDescription }).map((f) => f.notice);
        return { id: r.id, groupId: r.groupId, groupName: r.groupName, status: r.status, createdAt: r.createdAt.toISOString(), ...(notices.length > 0 ? { safetyNotice: notices.join(' ') } : {}) };
      }),
      nextCursor: page.nextCursor,
    };
  }

  /** Accepting makes her a member (an invitation lifts a ban: the owner's side chose to ask her back). */
  async acceptInvitation(caller: Principal, id: string): Promise<MembershipView> {
    return this.em.fork().transactional(async (em) => {
      const invitation = await this.invitationOf(em, caller, id);
      const group = await this.groups.group(em, invitation.groupId);
      if (!group || group.moderation !== 'visible' || (await this.blocks.between(em, group.ownerId, caller.accountId))) throw notFound('The invitation');
      await this.blocks.assertNotBlocked(em, caller.accountId, invitation.invitedBy);
      Object.assign(invitation, { status: 'accepted', answeredAt: new Date() });
      let membership = await this.groups.membership(em, group.id, caller.accountId);
      if (!membership) {
        membership = em.create(GroupMember, { groupId: group.id, memberId: caller.accountId, role: 'member', joinedAt: new Date() });
        em.persist(membership);
      }
      await this.groups.unban(em, group.id, caller.accountId);
      await em.flush();
      return membershipView(membership);
    });
  }

  async declineInvitation(caller: Principal, id: string): Promise<GroupInvitationView> {
    return this.em.fork().transactional(async (em) => {
      const invitation = await this.invitationOf(em, caller, id);
      Object.assign(invitation, { status: 'declined', answeredAt: new Date() });
      await em.flush();
      const group = await this.groups.group(em, invitation.groupId);
      return { id, groupId: invitation.groupId, groupName: group?.name ?? '', status: 'declined', createdAt: invitation.createdAt.toISOString() };
    });
  }

  /**
   * A deleted account: each group she owned passes to its longest-standing moderator (else member),
   * who is told; a group with nobody left goes, with its files. Her own files go; what she wrote
   * stays, shown as by a former member. Runs in the account-deleted consumer's transaction.
   */
  async forgetMember(em: EntityManager, accountId: string): Promise<void> {
    const doomedKeys: string[] = [];
    for (const group of await this.groups.owned(em, accountId)) {
      const successor = await this.groups.successor(em, group.id, accountId);
      if (successor) {
        await this.groups.handOver(em, group.id, successor);
        await this.notifications.tell(em, {
          recipientId: successor, kind: 'group.ownership', at: new Date(), link: `/groups/${group.id}`,
          text: `You are now the owner of the group "${group.name}": its owner left the platform.`,
        });
      } else {
        await this.groups.deleteGroup(em, group.id);
        doomedKeys.push(`groups/${group.id}/`);
      }
    }
    const files = await this.groups.deleteFilesOf(em, accountId);
    await this.groups.forgetMember(em, accountId);
    // Blobs are outside the transaction: removed last, best effort. Should the transaction still fail, the
    // event is retried; rows whose bytes are already gone answer 404 on download meanwhile.
    await Promise.all([...doomedKeys.map((prefix) => this.storage.deletePrefix(prefix)), ...files.map((key) => this.storage.delete(key))]);
  }

  /** Her part of `GET /me/export`: her groups, and the threads, posts and files she wrote or shared (file contents are downloaded from the group). */
  async export(caller: Principal): Promise<Record<string, unknown>> {
    const held = await this.groups.heldBy(this.em.fork(), caller.accountId);
    return {
      groups: held.memberships.map((m) => ({ groupId: m.groupId, name: m.name, role: m.role, joinedAt: m.joinedAt.toISOString() })),
      groupThreads: held.threads.map((t) => ({ id: t.id, groupId: t.groupId, title: t.title, createdAt: t.createdAt.toISOString(), deletedAt: t.deletedAt?.toISOString() ?? null })),
      groupPosts: held.posts.map((p) => ({ id: p.id, groupId: p.groupId, threadId: p.threadId, text: p.text, createdAt: p.createdAt.toISOString(), deletedAt: p.deletedAt?.toISOString() ?? null })),
      groupFiles: held.files.map((f) => ({ id: f.id, groupId: f.groupId, filename: f.filename, contentType: f.contentType, size: f.size, sha256: f.sha256, createdAt: f.createdAt.toISOString() })),
    };
  }

  /** Moderators get a system report for each finding of the detectors on the group's name and description. */
  private async reportFindings(em: EntityManager, group: Group): Promise<void> {
    const findings = groupFindings(group);
    if (findings.length === 0) return;
    const snapshot = await this.reportSubject.snapshot(em, group.id, group.ownerId);
    if (!snapshot) return;
    for (const finding of findings) await this.reports.fileSystem(em, { type: 'group', id: group.id }, finding.guideline, finding.signals, snapshot);
  }

  /**
   * Invitations to members who are not her connections are capped a day, as first messages are
   * (429 with Retry-After); serialised per inviter so the cap holds under concurrent calls.
   */
  private async assertInvitationRate(em: EntityManager, inviterId: string, inviteeId: string): Promise<Date> {
    const now = new Date();
    if (await this.connections.areConnected(em, inviterId, inviteeId)) return now;
    await this.groups.lockMember(em, 'invitation', inviterId);
    const earlier = await this.groups.strangerInvitationsSince(em, inviterId, new Date(now.getTime() - DAY));
    assertUnderLimit(earlier, this.config.GROUP_INVITATIONS_PER_DAY, DAY, now, 'group invitations to members who are not your connections today');
    return now;
  }

  private async invitationOf(em: EntityManager, caller: Principal, id: string): Promise<GroupInvitation> {
    const invitation = await this.groups.invitation(em, id, true);
    if (!invitation || invitation.memberId !== caller.accountId) throw notFound('The invitation');
    if (invitation.status !== 'pending') throw new DomainError('INVITATION_ANSWERED', 'You have already answered this invitation.');
    return invitation;
  }

  private async view(em: EntityManager, group: Group, memberCount: number, myRole: GroupView['myRole']): Promise<GroupView> {
    const owner = await this.members.find(em, group.ownerId);
    return {
      id: group.id, name: group.name, description: group.description, visibility: group.visibility, owner: memberCard(group.ownerId, owner),
      memberCount, myRole, moderation: group.moderation, createdAt: group.createdAt.toISOString(),
    };
  }
}

/** A group and what belongs to it: members, invitations, discussion threads and their posts, files. */
import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { GroupRole, GroupVisibility, SubjectVisibility } from '@weop/contracts';

@Entity({ tableName: 'community_group' })
export class Group {
  [OptionalProps]?: 'moderation';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) description!: string;
  @Property({ type: 'text' }) visibility!: GroupVisibility;
  @Property({ type: 'uuid' }) ownerId!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  /** Trust-safety's word on the group: hidden or removed, only its owner still sees it. */
  @Property({ type: 'text' }) moderation: SubjectVisibility = 'visible';
}

@Entity({ tableName: 'group_member' })
export class GroupMember {
  @PrimaryKey({ type: 'uuid' }) groupId!: string;
  @PrimaryKey({ type: 'uuid' }) memberId!: string;
  @Property({ type: 'text' }) role!: GroupRole;
  @Property({ type: 'timestamptz' }) joinedAt!: Date;
}

export type InvitationStatus = 'pending' | 'accepted' | 'declined';

@Entity({ tableName: 'group_invitation' })
export class GroupInvitation {
  [OptionalProps]?: 'answeredAt';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) groupId!: string;
  @Property({ type: 'uuid' }) memberId!: string;
  @Property({ type: 'uuid' }) invitedBy!: string;
  @Property({ type: 'text' }) status!: InvitationStatus;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) answeredAt: Date | null = null;
}

@Entity({ tableName: 'group_thread' })
export class GroupThread {
  [OptionalProps]?: 'lockedAt' | 'lockedBy' | 'deletedAt' | 'deletedBy';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) groupId!: string;
  @Property({ type: 'uuid' }) authorId!: string;
  @Property({ type: 'text' }) title!: string;
  @Property({ type: 'integer' }) postCount!: number;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  @Property({ type: 'timestamptz' }) lastPostAt!: Date;
  @Property({ type: 'timestamptz', nullable: true }) lockedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) lockedBy: string | null = null;
  @Property({ type: 'timestamptz', nullable: true }) deletedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) deletedBy: string | null = null;
}

@Entity({ tableName: 'group_post' })
export class GroupPost {
  [OptionalProps]?: 'deletedAt' | 'deletedBy' | 'deletedAs';
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) threadId!: string;
  @Property({ type: 'uuid' }) groupId!: string;
  @Property({ type: 'uuid' }) authorId!: string;
  @Property({ type: 'text' }) text!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
  /** Soft delete: who and when are kept; the text is no longer shown. */
  @Property({ type: 'timestamptz', nullable: true }) deletedAt: Date | null = null;
  @Property({ type: 'uuid', nullable: true }) deletedBy: string | null = null;
  @Property({ type: 'text', nullable: true }) deletedAs: 'author' | 'moderator' | null = null;
}

@Entity({ tableName: 'group_file' })
export class GroupFile {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) groupId!: string;
  @Property({ type: 'uuid' }) uploaderId!: string;
  @Property({ type: 'text' }) storageKey!: string;
  @Property({ type: 'text' }) filename!: string;
  @Property({ type: 'text' }) contentType!: string;
  @Property({ type: 'integer' }) size!: number;
  @Property({ type: 'text' }) sha256!: string;
  @Property({ type: 'timestamptz' }) createdAt!: Date;
}

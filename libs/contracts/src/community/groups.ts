/** Groups: collaborative spaces with members, discussion threads and files (issue 10, API.md "Community"). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { UploadedFile } from '../content/content.requests';
import { MemberCard } from './connections';

const NOT_BLANK = /\S/;
export const GROUP_VISIBILITIES = ['public', 'invite-only'] as const;
export type GroupVisibility = (typeof GROUP_VISIBILITIES)[number];
export const GROUP_ROLES = ['owner', 'moderator', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
/** What the owner may give: ownership itself is not handed over here. */
export const ASSIGNABLE_GROUP_ROLES = ['moderator', 'member'] as const;
export type AssignableGroupRole = (typeof ASSIGNABLE_GROUP_ROLES)[number];

export const GROUP_LIMITS = { name: 80, description: 2000, threadTitle: 200, text: 10_000 } as const;

export class CreateGroupRequest {
  @ApiProperty({ minLength: 3, maxLength: GROUP_LIMITS.name }) @IsString() @MinLength(3) @MaxLength(GROUP_LIMITS.name) @Matches(NOT_BLANK, { message: 'must not be blank' }) name!: string;
  @ApiProperty({ maxLength: GROUP_LIMITS.description }) @IsString() @MaxLength(GROUP_LIMITS.description) description!: string;
  @ApiProperty({ enum: GROUP_VISIBILITIES, description: 'public: any member finds and joins it; invite-only: only members see it, others join by invitation' })
  @IsIn(GROUP_VISIBILITIES, { message: `must be one of: ${GROUP_VISIBILITIES.join(', ')}` }) visibility!: GroupVisibility;
}

export class GroupView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: GROUP_VISIBILITIES }) visibility!: GroupVisibility;
  @ApiProperty({ type: MemberCard }) owner!: MemberCard;
  @ApiProperty() memberCount!: number;
  @ApiProperty({ enum: GROUP_ROLES, nullable: true, description: 'The caller\'s role; null when she is not a member' }) myRole!: GroupRole | null;
  @ApiProperty({ enum: ['visible', 'hidden', 'removed'], description: 'Moderation: only the owner still sees a hidden or removed group' }) moderation!: 'visible' | 'hidden' | 'removed';
  @ApiProperty() createdAt!: string;
}

export class GroupPage {
  @ApiProperty({ type: [GroupView] }) items!: GroupView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class GroupsQuery extends PageQuery {
  @ApiPropertyOptional({ maxLength: 100, description: 'Words of the name or description' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class GroupIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}
export class GroupMemberParam extends GroupIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) memberId!: string;
}
export class GroupThreadParam extends GroupIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) threadId!: string;
}
export class GroupPostParam extends GroupThreadParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) postId!: string;
}
export class GroupFileParam extends GroupIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) fileId!: string;
}

export class GroupMemberView {
  @ApiProperty({ type: MemberCard, nullable: true, description: 'null for a former member (expelled from the platform)' }) member!: MemberCard | null;
  @ApiProperty({ description: 'An expelled member stays listed as "Former member", without her name or id' }) former!: boolean;
  @ApiProperty({ enum: GROUP_ROLES }) role!: GroupRole;
  @ApiProperty() joinedAt!: string;
}
export class GroupMemberPage {
  @ApiProperty({ type: [GroupMemberView] }) items!: GroupMemberView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
export class MembershipView {
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ enum: GROUP_ROLES }) role!: GroupRole;
}

export class RemoveGroupMemberQuery {
  @ApiPropertyOptional({ description: 'true also bans her: she cannot join again unless invited' })
  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) ban?: 'true' | 'false';
}

export class SetGroupRoleRequest {
  @ApiProperty({ enum: ASSIGNABLE_GROUP_ROLES }) @IsIn(ASSIGNABLE_GROUP_ROLES, { message: `must be one of: ${ASSIGNABLE_GROUP_ROLES.join(', ')}` }) role!: AssignableGroupRole;
}

export class InviteToGroupRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) memberId!: string;
}
export class GroupInvitationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty() groupName!: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined'] }) status!: 'pending' | 'accepted' | 'declined';
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ description: 'A warning for her, the invitee, when the detectors flagged the group\'s name or description: "This group may be a scam…"' }) safetyNotice?: string;
}
export class GroupInvitationPage {
  @ApiProperty({ type: [GroupInvitationView] }) items!: GroupInvitationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
export class InvitationIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class CreateThreadRequest {
  @ApiProperty({ minLength: 3, maxLength: GROUP_LIMITS.threadTitle }) @IsString() @MinLength(3) @MaxLength(GROUP_LIMITS.threadTitle) @Matches(NOT_BLANK, { message: 'must not be blank' }) title!: string;
  @ApiProperty({ maxLength: GROUP_LIMITS.text, description: 'The opening post' }) @IsString() @MinLength(1) @MaxLength(GROUP_LIMITS.text) @Matches(NOT_BLANK, { message: 'must not be blank' }) text!: string;
}
export class CreatePostRequest {
  @ApiProperty({ maxLength: GROUP_LIMITS.text }) @IsString() @MinLength(1) @MaxLength(GROUP_LIMITS.text) @Matches(NOT_BLANK, { message: 'must not be blank' }) text!: string;
}
export class UpdateThreadRequest {
  @ApiProperty({ description: 'Owner or moderators: a locked thread takes no new posts' }) @IsBoolean() locked!: boolean;
}

export class ThreadView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) groupId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: MemberCard, nullable: true, description: 'null for a former member' }) author!: MemberCard | null;
  @ApiProperty() postCount!: number;
  @ApiProperty() locked!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() lastPostAt!: string;
}
export class ThreadPage {
  @ApiProperty({ type: [ThreadView] }) items!: ThreadView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
export class PostView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: MemberCard, nullable: true, description: 'null for a former member' }) author!: MemberCard | null;
  @ApiProperty({ nullable: true, type: String, description: 'null once deleted' }) text!: string | null;
  @ApiProperty({ nullable: true, enum: ['author', 'moderator'], description: 'Who deleted it, when it was' }) deletedBy!: 'author' | 'moderator' | null;
  @ApiProperty({ nullable: true, type: String }) deletedAt!: string | null;
  @ApiProperty() createdAt!: string;
}
export class PostPage {
  @ApiProperty({ type: [PostView] }) items!: PostView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
export class CreatedView {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class GroupFileView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ type: MemberCard, nullable: true }) uploadedBy!: MemberCard | null;
  @ApiProperty() createdAt!: string;
}
export class GroupFilePage {
  @ApiProperty({ type: [GroupFileView] }) items!: GroupFileView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** NATS payloads: the HTTP parameters and body merged, as the gateway sends them. */
export class GroupPagePayload extends PageQuery {
  @IsUUID() id!: string;
}
export class ThreadPagePayload extends PageQuery {
  @IsUUID() id!: string;
  @IsUUID() threadId!: string;
}
export class RemoveGroupMemberPayload extends GroupMemberParam {
  @IsOptional() @IsBoolean() ban?: boolean;
}
export class SetGroupRolePayload extends GroupMemberParam {
  @IsIn(ASSIGNABLE_GROUP_ROLES) role!: AssignableGroupRole;
}
export class InviteToGroupPayload extends GroupIdParam {
  @IsUUID() memberId!: string;
}
export class CreateThreadPayload extends GroupIdParam {
  @IsString() @MinLength(3) @MaxLength(GROUP_LIMITS.threadTitle) @Matches(NOT_BLANK) title!: string;
  @IsString() @MinLength(1) @MaxLength(GROUP_LIMITS.text) @Matches(NOT_BLANK) text!: string;
}
export class CreatePostPayload extends GroupThreadParam {
  @IsString() @MinLength(1) @MaxLength(GROUP_LIMITS.text) @Matches(NOT_BLANK) text!: string;
}
export class UpdateThreadPayload extends GroupThreadParam {
  @IsBoolean() locked!: boolean;
}
export class UploadGroupFilePayload extends GroupIdParam {
  @IsObject() @ValidateNested() @Type(() => UploadedFile) file!: UploadedFile;
}

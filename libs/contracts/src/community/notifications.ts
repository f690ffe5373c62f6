/**
 * The notifications inbox (API.md "Community": `GET /me/notifications`, preferences): the kinds a
 * member can be told about, and the HTTP and NATS shapes of her inbox and her preferences.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination';

/**
 * Every kind of notification. Community's own features (connections, messages, groups) call `tell`
 * with these; the others come from other services' events.
 */
export const NOTIFICATION_KINDS = [
  'content.comment',
  'connection.request',
  'connection.accepted',
  'message.received',
  'message.request',
  'group.invitation',
  'group.ownership',
  'mentorship.request',
  'mentorship.reminder',
  'mentorship.update',
  'report.outcome',
  'sanction.notice',
  'award.result',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Kinds a member cannot switch off in her inbox: she must be able to read why she is restricted and how to appeal. */
export const REQUIRED_NOTIFICATION_KINDS: readonly NotificationKind[] = ['sanction.notice'];

export const DIGEST_FREQUENCIES = ['off', 'daily'] as const;
export type DigestFrequency = (typeof DIGEST_FREQUENCIES)[number];

export class InboxNotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ example: 'Aigerim commented on your blog post.' }) text!: string;
  @ApiProperty({ example: '/blogs/…' }) link!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) readAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class InboxPage {
  @ApiProperty({ type: [InboxNotificationView] }) items!: InboxNotificationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  /** All her unread notifications, not only this page's. */
  @ApiProperty() unreadCount!: number;
}

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only unread ones' }) @IsOptional() @Transform(toBoolean) @IsBoolean() unread?: boolean;
}

export class MarkNotificationsReadRequest {
  /** Ids that are not hers are ignored. */
  @ApiProperty({ type: [String], format: 'uuid', maxItems: 100 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsUUID('all', { each: true, message: 'each must be a UUID' })
  ids!: string[];
}

export class KindPreference {
  @ApiProperty({ description: 'false: not stored in her inbox at all' }) @IsBoolean() inbox!: boolean;
  @ApiProperty({ description: 'false: left out of her email digest' }) @IsBoolean() email!: boolean;
}

/** One optional entry per kind: an unknown kind is refused (400), a required kind switched off is 422. */
export class KindPreferences {
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'content.comment'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'connection.request'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'connection.accepted'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'message.received'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'message.request'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'group.invitation'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'group.ownership'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'mentorship.request'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'mentorship.reminder'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'mentorship.update'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'report.outcome'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'sanction.notice'?: KindPreference;
  @ApiPropertyOptional({ type: KindPreference }) @IsOptional() @ValidateNested() @Type(() => KindPreference) 'award.result'?: KindPreference;
}

/** `PUT /me/notification-preferences`: the kinds named are set, the others keep their setting. */
export class UpdateNotificationPreferencesRequest {
  @ApiPropertyOptional({ type: KindPreferences }) @IsOptional() @ValidateNested() @Type(() => KindPreferences) kinds?: KindPreferences;
  @ApiPropertyOptional({ enum: DIGEST_FREQUENCIES }) @IsOptional() @IsIn(DIGEST_FREQUENCIES, { message: `must be one of: ${DIGEST_FREQUENCIES.join(', ')}` }) digest?: DigestFrequency;
}

export class NotificationPreferencesView {
  @ApiProperty({ type: KindPreferences, description: 'every kind, with its setting (default: inbox and email on)' }) kinds!: Record<NotificationKind, KindPreference>;
  @ApiProperty({ enum: DIGEST_FREQUENCIES }) digest!: DigestFrequency;
}

// ---- Internal: identity answers community's digest with the addresses to mail (never routed by the gateway) ----
export class AccountEmailsPayload {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) accountIds!: string[];
}

export interface AccountEmails {
  /** Accounts that exist and are not deleted; the others are left out. */
  items: { accountId: string; email: string }[];
}

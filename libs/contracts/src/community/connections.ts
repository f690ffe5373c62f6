/** Connections between members and the feed of what her connections published (API.md "Community"). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { CONTENT_TYPES } from '../content/content.requests';
import type { ContentType } from '../content/content.requests';

export const CONNECTION_NOTE_MAX = 300;

export class CreateConnectionRequest {
  @ApiProperty({ format: 'uuid', description: 'The member she asks to connect with' }) @IsUUID('4', { message: 'must be a UUID' }) memberId!: string;
  @ApiPropertyOptional({ maxLength: CONNECTION_NOTE_MAX, description: 'A few words for her' })
  @IsOptional() @IsString() @MaxLength(CONNECTION_NOTE_MAX) @Matches(/\S/, { message: 'must not be blank' }) note?: string;
}

/** What either side of a connection sees; a request the other declined still reads `pending` to the one who sent it. */
export const CONNECTION_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export class ConnectionCreatedView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
}

export class ConnectionAnswerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONNECTION_STATUSES }) status!: ConnectionStatus;
}

/** A member as community shows her to others: public name, country and verified badge only. */
export class MemberCard {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) displayName!: string | null;
  @ApiProperty({ nullable: true, type: String }) country!: string | null;
  @ApiProperty() verified!: boolean;
}

export class ConnectionView {
  @ApiProperty({ format: 'uuid', description: 'The connection (DELETE /connections/{id} removes it)' }) id!: string;
  @ApiProperty({ type: MemberCard }) member!: MemberCard;
  @ApiProperty({ description: 'When the connection was made' }) since!: string;
}

export class ConnectionPage {
  @ApiProperty({ type: [ConnectionView] }) items!: ConnectionView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export const REQUEST_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type RequestDirection = (typeof REQUEST_DIRECTIONS)[number];

export class ConnectionRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REQUEST_DIRECTIONS, default: 'incoming' })
  @IsOptional() @IsIn(REQUEST_DIRECTIONS, { message: `must be one of: ${REQUEST_DIRECTIONS.join(', ')}` }) direction?: RequestDirection;
}

export class ConnectionRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REQUEST_DIRECTIONS }) direction!: RequestDirection;
  @ApiProperty({ type: MemberCard, description: 'The other member: who sent it (incoming) or to whom (outgoing)' }) member!: MemberCard;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ enum: ['pending'], description: 'Always pending: a declined request is not shown as declined to its sender' }) status!: 'pending';
  @ApiProperty() createdAt!: string;
}

export class ConnectionRequestPage {
  @ApiProperty({ type: [ConnectionRequestView] }) items!: ConnectionRequestView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ConnectionIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class FeedItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONTENT_TYPES }) type!: ContentType;
  @ApiProperty() title!: string;
  @ApiProperty({ type: MemberCard }) author!: MemberCard;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ example: '/blogs/2b1f…', description: 'Where the item is read (under /api/v1)' }) link!: string;
}

export class FeedPage {
  @ApiProperty({ type: [FeedItemView] }) items!: FeedItemView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

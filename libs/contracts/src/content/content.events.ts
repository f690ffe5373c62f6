import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CONTENT_TYPES } from './content.requests';
import type { ContentType } from './content.requests';

/** An item became visible to members (for feeds of her connections, notifications). */
export class ContentPublishedV1 {
  static readonly subject = 'content.item.published.v1';
  @IsUUID() itemId!: string;
  @IsIn(CONTENT_TYPES) type!: ContentType;
  @IsUUID() authorId!: string;
  @IsString() @MaxLength(200) title!: string;
  @IsString() @MaxLength(20) language!: string;
  @IsISO8601() publishedAt!: string;
  /** When an event takes place (events only; optional, so consumers of the first shape still accept it). */
  @IsOptional() @IsISO8601() startsAt?: string;
}

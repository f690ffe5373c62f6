/** What content answers; one item shape for every type, with each type's own fields. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONTENT_TYPES } from './content.requests';
import type { ContentType } from './content.requests';

export const CONTENT_STATUSES = ['draft', 'pending-review', 'published', 'unpublished', 'rejected', 'expired', 'closed', 'cancelled'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

export class AuthorView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class FileView {
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
}

export class ReactionCounts {
  @ApiProperty() like!: number;
  @ApiProperty() insightful!: number;
  @ApiProperty() support!: number;
}

export class ContentItemView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONTENT_TYPES }) type!: ContentType;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ description: 'Blogs and discussions: Markdown' }) body?: string;
  @ApiPropertyOptional({ description: 'Blogs and discussions: the Markdown rendered to sanitised HTML' }) bodyHtml?: string;
  @ApiPropertyOptional({ description: 'Jobs, events, resources: Markdown' }) description?: string;
  @ApiPropertyOptional() descriptionHtml?: string;
  @ApiPropertyOptional({ description: 'Publications' }) abstract?: string;
  @ApiPropertyOptional({ description: 'In lists: the start of the text, plain' }) excerpt?: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() language!: string;
  @ApiProperty({ nullable: true, type: String }) country!: string | null;
  @ApiProperty({ type: AuthorView }) author!: AuthorView;
  @ApiProperty({ enum: CONTENT_STATUSES }) status!: ContentStatus;
  @ApiProperty({ nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ description: 'Shown to the author and staff: hidden pending review, or frozen while she is sanctioned' }) moderation?: 'hidden' | 'frozen';
  @ApiProperty({ type: ReactionCounts }) reactions!: ReactionCounts;
  @ApiPropertyOptional({ type: [String] }) myReactions?: string[];
  @ApiPropertyOptional() commentCount?: number;
  // jobs
  @ApiPropertyOptional() organization?: string;
  @ApiPropertyOptional() city?: string | null;
  @ApiPropertyOptional() remote?: boolean;
  @ApiPropertyOptional() howToApply?: string;
  @ApiPropertyOptional() salaryMin?: number | null;
  @ApiPropertyOptional() salaryMax?: number | null;
  @ApiPropertyOptional() currency?: string | null;
  @ApiPropertyOptional() deadline?: string | null;
  @ApiPropertyOptional() expiresAt?: string | null;
  @ApiPropertyOptional({ description: 'Why a job was rejected (to its poster)' }) reviewReason?: string | null;
  // events
  @ApiPropertyOptional() kind?: string;
  @ApiPropertyOptional() startsAt?: string;
  @ApiPropertyOptional() endsAt?: string;
  @ApiPropertyOptional() timeZone?: string;
  @ApiPropertyOptional() online?: boolean;
  @ApiPropertyOptional({ description: 'The online link: shown to the organiser and registered members only' }) link?: string | null;
  @ApiPropertyOptional() place?: string | null;
  @ApiPropertyOptional() capacity?: number;
  @ApiPropertyOptional() waitlist?: boolean;
  @ApiPropertyOptional() registeredCount?: number;
  @ApiPropertyOptional() waitlistCount?: number;
  @ApiPropertyOptional({ enum: ['registered', 'waitlisted'], nullable: true }) myRegistration?: 'registered' | 'waitlisted' | null;
  // publications and resources
  @ApiPropertyOptional({ type: [String] }) authors?: string[];
  @ApiPropertyOptional() year?: number;
  @ApiPropertyOptional() licence?: string;
  @ApiPropertyOptional() url?: string | null;
  @ApiPropertyOptional({ type: FileView, nullable: true }) file?: FileView | null;
  @ApiPropertyOptional() downloadCount?: number;
  // discussions
  @ApiPropertyOptional() topic?: string;
}

export class ContentPage {
  @ApiProperty({ type: [ContentItemView] }) items!: ContentItemView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CreatedContent {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONTENT_STATUSES }) status!: ContentStatus;
}

export class CommentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() body!: string;
  @ApiProperty() bodyHtml!: string;
  @ApiProperty({ type: AuthorView }) author!: AuthorView;
  @ApiProperty() createdAt!: string;
}

export class CommentPage {
  @ApiProperty({ type: [CommentView] }) items!: CommentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class RegistrationResponse {
  @ApiProperty({ enum: ['registered', 'waitlisted'] }) status!: 'registered' | 'waitlisted';
  @ApiPropertyOptional({ description: 'Place on the waitlist, 1 = next' }) position?: number;
}

export class RegistrantView {
  @ApiProperty({ type: AuthorView }) member!: AuthorView;
  @ApiProperty({ enum: ['registered', 'waitlisted'] }) status!: 'registered' | 'waitlisted';
  @ApiProperty() registeredAt!: string;
}

export class RegistrantPage {
  @ApiProperty({ type: [RegistrantView] }) items!: RegistrantView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SearchHit {
  @ApiProperty({ enum: CONTENT_TYPES }) type!: ContentType;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() snippet!: string;
  @ApiProperty() language!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ nullable: true, type: String }) country!: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt!: string | null;
}

export class SearchPage {
  @ApiProperty({ type: [SearchHit] }) items!: SearchHit[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** What the gateway needs to stream a download. */
export interface DownloadResponse {
  transfer: string;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * Direct messages (API.md "Community"): one-to-one and small group conversations, message requests
 * from members who are not her connections, unread counts and attachments. HTTP shapes and the NATS
 * payloads community takes for them.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { UploadedFile } from '../content/content.requests';

const NOT_BLANK = /\S/;
/**
 * What any message body may be at most, whatever the service is configured to (MESSAGE_MAX_CHARS,
 * 5,000 by default, is checked by community): a bound on what crosses NATS.
 */
export const MESSAGE_TEXT_CEILING = 20_000;
/** The largest group a conversation can ever be; community's CONVERSATION_MAX_MEMBERS (10 by default) is the rule. */
export const CONVERSATION_MEMBERS_CEILING = 50;

export const CONVERSATION_FOLDERS = ['inbox', 'requests'] as const;
export type ConversationFolder = (typeof CONVERSATION_FOLDERS)[number];

const MessageText = (): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  Matches(NOT_BLANK, { message: 'must not be empty' })(target, key);
  MaxLength(MESSAGE_TEXT_CEILING)(target, key);
};

export class StartConversationRequest {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Who she writes to (not herself); more than one makes a small group' })
  @IsArray() @ArrayMinSize(1, { message: 'must name at least one member' }) @ArrayMaxSize(CONVERSATION_MEMBERS_CEILING) @ArrayUnique({ message: 'must not name a member twice' })
  @IsUUID('4', { each: true, message: 'each must be a UUID' })
  memberIds!: string[];

  @ApiProperty({ maxLength: 5000, description: 'The first message' }) @MessageText() text!: string;
}

export class SendMessageRequest {
  @ApiProperty({ maxLength: 5000 }) @MessageText() text!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Attachments she uploaded to this conversation (POST /conversations/{id}/attachments)' })
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ArrayUnique() @IsUUID('4', { each: true, message: 'each must be a UUID' })
  attachmentIds?: string[];
}

export class MarkReadRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'The newest message she has read; all of them when left out' })
  @IsOptional() @IsUUID('4', { message: 'must be a UUID' })
  upTo?: string;
}

export class ConversationIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
}

export class AttachmentParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) attachmentId!: string;
}

export class MyConversationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CONVERSATION_FOLDERS, description: 'inbox (default): her conversations; requests: first messages from members who are not her connections' })
  @IsOptional() @IsIn(CONVERSATION_FOLDERS, { message: `must be one of: ${CONVERSATION_FOLDERS.join(', ')}` })
  folder?: ConversationFolder;
}

export class ConversationMember {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Her display name; null for a member who left the platform' }) displayName!: string | null;
}

export class MessagePreview {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) authorId!: string | null;
  @ApiProperty({ description: 'The start of the text (a note for a removed message)' }) text!: string;
  @ApiProperty() createdAt!: string;
}

export class ConversationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONVERSATION_FOLDERS }) folder!: ConversationFolder;
  @ApiProperty({ type: [ConversationMember], description: 'The others in the conversation' }) members!: ConversationMember[];
  @ApiProperty({ description: 'Messages from others she has not marked read' }) unreadCount!: number;
  @ApiProperty({ description: 'Closed conversations take no new messages' }) closed!: boolean;
  @ApiProperty({ type: MessagePreview, nullable: true }) lastMessage!: MessagePreview | null;
  @ApiProperty() updatedAt!: string;
}

export class ConversationPage {
  @ApiProperty({ type: [ConversationView] }) items!: ConversationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AttachmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] }) contentType!: string;
  @ApiProperty() size!: number;
}

export const MESSAGE_KINDS = ['text', 'note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export class MessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MESSAGE_KINDS, description: 'note: a neutral line from the platform ("This conversation is closed.")' }) kind!: MessageKind;
  @ApiProperty({ type: ConversationMember, nullable: true }) author!: ConversationMember | null;
  @ApiProperty({ nullable: true, type: String, description: 'null once moderators removed or hid it' }) text!: string | null;
  @ApiProperty({ enum: ['visible', 'hidden', 'removed'] }) status!: 'visible' | 'hidden' | 'removed';
  @ApiProperty({ type: [AttachmentView] }) attachments!: AttachmentView[];
  @ApiPropertyOptional({ description: 'A warning for her, the reader (never shown to its author): "This message may be a scam…"' }) safetyNotice?: string;
  @ApiProperty() createdAt!: string;
}

export class MessagePage {
  @ApiProperty({ type: [MessageView], description: 'Newest first' }) items!: MessageView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

// ---- NATS payloads ----
export class ConversationPayload {
  @IsUUID() conversationId!: string;
}
export class SendMessagePayload extends SendMessageRequest {
  @IsUUID() conversationId!: string;
}
export class MarkReadPayload extends MarkReadRequest {
  @IsUUID() conversationId!: string;
}
export class MessagesPayload extends PageQuery {
  @IsUUID() conversationId!: string;
}
export class AddAttachmentPayload {
  @IsUUID() conversationId!: string;
  @IsObject() @ValidateNested() @Type(() => UploadedFile) file!: UploadedFile;
}
export class AttachmentPayload {
  @IsUUID() conversationId!: string;
  @IsUUID() attachmentId!: string;
}

/** Muting (issue 10): she hides a member from her feed and her notifications without blocking her. */
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { MemberCard } from './connections';

export class MuteRequest {
  @ApiProperty({ format: 'uuid', description: 'The member she no longer wants to hear from' }) @IsUUID('4', { message: 'must be a UUID' }) memberId!: string;
}

export class MutedMemberParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) memberId!: string;
}

export class MuteView {
  @ApiProperty({ type: MemberCard }) member!: MemberCard;
  @ApiProperty() mutedAt!: string;
}

export class MutePage {
  @ApiProperty({ type: [MuteView] }) items!: MuteView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class MutePayload extends MuteRequest {}

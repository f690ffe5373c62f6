/**
 * Blocks (API.md "Community"): identity owns who blocked whom. A member blocks another with
 * `POST /blocks`, lifts it with `DELETE /blocks/{memberId}` and sees whom she blocked with
 * `GET /me/blocks`. Nothing a member can call says who blocked her.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { PageQuery } from '../common/pagination';

export const BlockRequests = {
  block: 'identity.blocks.create',
  unblock: 'identity.blocks.remove',
  mine: 'identity.blocks.mine',
} as const;

/** Error codes of blocks (the gateway maps them to 422). */
export const BlockErrors = {
  /** She tried to block herself. */
  SELF: 'CANNOT_BLOCK_SELF',
  /** She holds as many blocks as a member may (`BLOCKS_PER_MEMBER_MAX`). */
  LIMIT: 'BLOCK_LIMIT_REACHED',
} as const;

export class BlockRequest {
  @ApiProperty({ format: 'uuid', description: 'The member to block' })
  @IsUUID('4', { message: 'must be a UUID' })
  memberId!: string;
}

export class BlockedMemberParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4', { message: 'must be a UUID' }) memberId!: string;
}

export class MyBlocksQuery extends PageQuery {}

/** A block she made, with the member's public name as her profile shows it. */
export class BlockView {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({ description: 'Only when that member shows her legal name' }) fullName?: string;
  @ApiProperty() blockedAt!: string;
}

export class BlockPage {
  @ApiProperty({ type: [BlockView] }) items!: BlockView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** What identity answers to a block: the block, and whether this call made it (201) or it already stood (200). */
export interface BlockOutcome {
  block: BlockView;
  created: boolean;
}

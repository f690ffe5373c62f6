/**
 * Blocks (API.md "Community"), kept by identity. Blocking is idempotent: the first call answers 201,
 * blocking the same member again answers 200 with the same block. Nothing here tells a member who
 * blocked her.
 */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { BlockPage, BlockRequest, BlockRequests, BlockView, BlockedMemberParam, MyBlocksQuery } from '@weop/contracts';
import type { BlockOutcome } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('community')
@Controller()
export class BlocksController {
  constructor(private readonly client: ServiceClient) {}

  @Post('blocks')
  @ApiOperation({ summary: 'Block a member: neither of you sees the other any more, and she is not told' })
  @ApiCreatedResponse({ type: BlockView, description: 'Blocked' })
  @ApiOkResponse({ type: BlockView, description: 'Already blocked: the same block' })
  async block(@Body() body: BlockRequest, @Call() call: CallOptions, @Res({ passthrough: true }) reply: FastifyReply): Promise<BlockView> {
    const outcome = await this.client.request<BlockOutcome>(BlockRequests.block, { memberId: body.memberId }, call);
    void reply.status(outcome.created ? 201 : 200);
    return outcome.block;
  }

  @Delete('blocks/:memberId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a block' })
  @ApiNoContentResponse({ description: 'Unblocked; 404 when she had not blocked that member' })
  async unblock(@Param() params: BlockedMemberParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(BlockRequests.unblock, { memberId: params.memberId }, call);
  }

  @Get('me/blocks')
  @ApiOperation({ summary: 'The members she blocked, newest first' })
  @ApiOkResponse({ type: BlockPage })
  mine(@Query() query: MyBlocksQuery, @Call() call: CallOptions): Promise<BlockPage> {
    return this.client.request(BlockRequests.mine, { ...query }, call);
  }
}

/** Muting (issue 10): hide a member from her feed and notifications without blocking her. */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommunityRequests, MutePage, MuteRequest, MuteView, MutedMemberParam, PageQuery } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('community')
@Controller()
export class MutesController {
  constructor(private readonly client: ServiceClient) {}

  @Post('mutes')
  @ApiOperation({ summary: 'Mute a member: what she publishes leaves your feed and what she does no longer notifies you. She can still write to you and is never told. Muting again answers the same mute; 422 CANNOT_MUTE_SELF; 404 for an unknown member' })
  @ApiCreatedResponse({ type: MuteView })
  mute(@Body() input: MuteRequest, @Call() call: CallOptions): Promise<MuteView> {
    return this.client.request(CommunityRequests.mute, input, call);
  }

  @Delete('mutes/:memberId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unmute a member (404 when she is not muted)' })
  @ApiNoContentResponse()
  async unmute(@Param() params: MutedMemberParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.unmute, { memberId: params.memberId }, call);
  }

  @Get('me/mutes')
  @ApiOperation({ summary: 'The members she muted, newest first' })
  @ApiOkResponse({ type: MutePage })
  mine(@Query() query: PageQuery, @Call() call: CallOptions): Promise<MutePage> {
    return this.client.request(CommunityRequests.myMutes, query, call);
  }
}

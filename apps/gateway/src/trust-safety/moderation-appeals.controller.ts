import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@weop/auth';
import { AppealDecisionRequest, AppealIdParam, AppealListQuery, AppealPage, MemberHistoryView, MemberIdParam, TrustSafetyRequests } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('moderation')
@Controller('moderation/appeals')
@Roles('senior-moderator', 'admin')
export class ModerationAppealsController {
  constructor(private readonly client: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'Appeals, oldest first' })
  @ApiOkResponse({ type: AppealPage })
  list(@Query() query: AppealListQuery, @Call() call: CallOptions): Promise<AppealPage> {
    return this.client.request(TrustSafetyRequests.appeals, query, call);
  }

  @Post(':id/decision')
  @ApiOperation({ summary: 'Uphold or overturn, with a statement; not by the moderator who decided the sanction (403). Overturning undoes every effect.' })
  @ApiCreatedResponse({ description: '{id, outcome}' })
  decide(@Param() params: AppealIdParam, @Body() input: AppealDecisionRequest, @Call() call: CallOptions): Promise<{ id: string; outcome: string }> {
    return this.client.request(TrustSafetyRequests.decideAppeal, { ...input, appealId: params.id }, call);
  }
}

@ApiTags('moderation')
@Controller('moderation/members')
@Roles('moderator', 'senior-moderator', 'admin')
export class ModerationMembersController {
  constructor(private readonly client: ServiceClient) {}

  @Get(':id/history')
  @ApiOperation({ summary: "A member's moderation record: sanctions, strikes in force, the suggested next step, cases about her content, how her reports ended" })
  @ApiOkResponse({ type: MemberHistoryView })
  history(@Param() params: MemberIdParam, @Call() call: CallOptions): Promise<MemberHistoryView> {
    return this.client.request(TrustSafetyRequests.memberHistory, { accountId: params.id }, call);
  }
}

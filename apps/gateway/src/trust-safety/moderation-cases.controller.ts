import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@weop/auth';
import { CaseIdParam, CaseListQuery, CasePage, CaseSummaryView, CaseView, DecisionRequest, DecisionResponse, TrustSafetyRequests } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('moderation')
@Controller('moderation/cases')
@Roles('moderator', 'senior-moderator', 'admin')
export class ModerationCasesController {
  constructor(private readonly client: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'The queue: highest priority first (the safety lane on top), then oldest' })
  @ApiOkResponse({ type: CasePage })
  list(@Query() query: CaseListQuery, @Call() call: CallOptions): Promise<CasePage> {
    return this.client.request(TrustSafetyRequests.cases, query, call);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case: the subject as reported, every report with its reporter as a pseudonym, the case history' })
  @ApiOkResponse({ type: CaseView })
  get(@Param() params: CaseIdParam, @Call() call: CallOptions): Promise<CaseView> {
    return this.client.request(TrustSafetyRequests.case, { id: params.id }, call);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the case: others see who holds it until the claim lapses (409 CASE_CLAIMED while another holds it)' })
  @ApiOkResponse({ type: CaseSummaryView })
  claim(@Param() params: CaseIdParam, @Call() call: CallOptions): Promise<CaseSummaryView> {
    return this.client.request(TrustSafetyRequests.claim, { id: params.id }, call);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give the case back (the holder, or a senior moderator)' })
  @ApiOkResponse({ type: CaseSummaryView })
  release(@Param() params: CaseIdParam, @Call() call: CallOptions): Promise<CaseSummaryView> {
    return this.client.request(TrustSafetyRequests.release, { id: params.id }, call);
  }

  @Post(':id/decisions')
  @ApiOperation({ summary: 'Decide: dismiss, remove-content, warn, suspend (durationDays) or expel, with a guideline and a statement' })
  @ApiCreatedResponse({ type: DecisionResponse })
  decide(@Param() params: CaseIdParam, @Body() input: DecisionRequest, @Call() call: CallOptions): Promise<DecisionResponse> {
    return this.client.request(TrustSafetyRequests.decide, { ...input, caseId: params.id }, call);
  }
}

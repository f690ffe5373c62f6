/** Programme cohorts: programme-admins open them and run the matching; members apply. */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@weop/auth';
import {
  CreateProgrammeRequest, MatchingRunParams, MatchingRunView, MentorshipIdParam, PageQuery, ProgrammeApplicationRequest, ProgrammeApplicationView, ProgrammePage,
  ProgrammeRequests, PublishMatchingRunRequest, PublishedRunView,
} from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('mentorship')
@Controller('mentorship/programmes')
export class ProgrammesController {
  constructor(private readonly client: ServiceClient) {}

  @Post()
  @Roles('programme-admin', 'admin')
  @ApiOperation({ summary: 'Open a cohort with its application dates' })
  @ApiCreatedResponse({ description: '{id}' })
  create(@Body() input: CreateProgrammeRequest, @Call() call: CallOptions): Promise<{ id: string }> {
    return this.client.request(ProgrammeRequests.create, input, call);
  }

  @Get()
  @ApiOperation({ summary: 'Cohorts, newest first, with their status and applicant counts' })
  @ApiOkResponse({ type: ProgrammePage })
  list(@Query() query: PageQuery, @Call() call: CallOptions): Promise<ProgrammePage> {
    return this.client.request(ProgrammeRequests.list, query, call);
  }

  @Post(':id/applications')
  @ApiOperation({ summary: 'Apply as mentor or mentee while applications are open (422 APPLICATIONS_CLOSED)' })
  @ApiCreatedResponse({ type: ProgrammeApplicationView })
  apply(@Param() params: MentorshipIdParam, @Body() input: ProgrammeApplicationRequest, @Call() call: CallOptions): Promise<ProgrammeApplicationView> {
    return this.client.request(ProgrammeRequests.apply, { ...input, id: params.id }, call);
  }

  @Post(':id/matching-runs')
  @Roles('programme-admin', 'admin')
  @ApiOperation({ summary: 'Compute the optimal assignment of the cohort (min-cost flow) and show its proposals with scores; nothing is published yet' })
  @ApiCreatedResponse({ type: MatchingRunView })
  runMatching(@Param() params: MentorshipIdParam, @Call() call: CallOptions): Promise<MatchingRunView> {
    return this.client.request(ProgrammeRequests.runMatching, { id: params.id }, { ...call, timeoutMs: 30_000 });
  }

  @Get(':id/matching-runs/:runId')
  @Roles('programme-admin', 'admin')
  @ApiOkResponse({ type: MatchingRunView })
  getRun(@Param() params: MatchingRunParams, @Call() call: CallOptions): Promise<MatchingRunView> {
    return this.client.request(ProgrammeRequests.getRun, { id: params.id, runId: params.runId }, call);
  }

  @Post(':id/matching-runs/:runId/publish')
  @HttpCode(200)
  @Roles('programme-admin', 'admin')
  @ApiOperation({ summary: 'Publish the proposals, with her adjustments, as mentorships (each pair checked again; 409 MENTOR_AT_CAPACITY, 422 PAIR_NOT_ALLOWED)' })
  @ApiOkResponse({ type: PublishedRunView })
  publish(@Param() params: MatchingRunParams, @Body() input: PublishMatchingRunRequest, @Call() call: CallOptions): Promise<PublishedRunView> {
    return this.client.request(ProgrammeRequests.publishRun, { ...input, id: params.id, runId: params.runId }, call);
  }
}

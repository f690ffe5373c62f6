/**
 * Award cycles: public to read (GET /awards/cycles, /awards/champions), run by awards-admins (create,
 * change, move on early, start the jury, close judging, publish), with their results, nominations,
 * jury seats and audit trail for awards-admins.
 */
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public, Roles } from '@weop/auth';
import {
  AdminNominationPage,
  AuditPage,
  AuditQuery,
  AwardsRequests,
  ChampionPage,
  ChampionsQuery,
  CloseJudgingResponse,
  CreateCycleRequest,
  CycleIdParam,
  CycleNominationsQuery,
  CyclePage,
  CycleView,
  IdResponse,
  JudgeSeatPage,
  JudgeSeatView,
  PageQuery,
  PublishResponse,
  PublishResultsRequest,
  ResultsPage,
  ResultsQuery,
  SeatJudgeRequest,
  SeatParam,
  UpdateCycleRequest,
} from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

const ADMINS = ['awards-admin', 'admin'] as const;
/** Closing judging ranks every finalist from every score sheet: more than a plain request's time. */
const RANKING_TIMEOUT_MS = 60_000;

@ApiTags('awards')
@Controller('awards')
export class AwardCyclesController {
  constructor(private readonly client: ServiceClient) {}

  @Get('champions')
  @Public()
  @ApiOperation({ summary: 'CAREC Gender Champions, newest year first (member countries in CAREC order, then the regional category); no token needed' })
  @ApiOkResponse({ type: ChampionPage })
  champions(@Query() query: ChampionsQuery, @Call() call: CallOptions): Promise<ChampionPage> {
    return this.client.request(AwardsRequests.champions, query, call);
  }

  @Get('cycles')
  @Public()
  @ApiOperation({ summary: 'Award cycles, newest year first; status follows the dates unless an awards-admin moved it on' })
  @ApiOkResponse({ type: CyclePage })
  cycles(@Query() query: PageQuery, @Call() call: CallOptions): Promise<CyclePage> {
    return this.client.request(AwardsRequests.cycles, query, call);
  }

  @Get('cycles/:id')
  @Public()
  @ApiOperation({ summary: 'A cycle with its categories, rubric, quotas and rules' })
  @ApiOkResponse({ type: CycleView })
  cycle(@Param() params: CycleIdParam, @Call() call: CallOptions): Promise<CycleView> {
    return this.client.request(AwardsRequests.cycle, { cycleId: params.id }, call);
  }

  @Post('cycles')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Create a year\'s cycle, optionally from a template cycle (409 for a year that has one)' })
  @ApiCreatedResponse({ type: IdResponse })
  create(@Body() input: CreateCycleRequest, @Call() call: CallOptions): Promise<IdResponse> {
    return this.client.request(AwardsRequests.createCycle, input, call);
  }

  @Patch('cycles/:id')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Change a cycle: the window, rubric and finalist quotas until the jury begins; the rest until the results are published' })
  @ApiOkResponse({ type: CycleView })
  update(@Param() params: CycleIdParam, @Body() input: UpdateCycleRequest, @Call() call: CallOptions): Promise<CycleView> {
    return this.client.request(AwardsRequests.updateCycle, { ...input, cycleId: params.id }, call);
  }

  @Post('cycles/:id/open-nominations')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Open nominations now, ahead of the planned date (a draft cycle only)' })
  @ApiOkResponse({ type: CycleView })
  openNominations(@Param() params: CycleIdParam, @Call() call: CallOptions): Promise<CycleView> {
    return this.client.request(AwardsRequests.openNominations, { cycleId: params.id }, call);
  }

  @Post('cycles/:id/close-nominations')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Close nominations now: judging begins with the national screening' })
  @ApiOkResponse({ type: CycleView })
  closeNominations(@Param() params: CycleIdParam, @Call() call: CallOptions): Promise<CycleView> {
    return this.client.request(AwardsRequests.closeNominations, { cycleId: params.id }, call);
  }

  @Post('cycles/:id/start-jury')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'End the national screening: the finalists go to the regional jury, the rest are not selected (422 NO_FINALISTS)' })
  @ApiOkResponse({ type: CycleView })
  startJury(@Param() params: CycleIdParam, @Call() call: CallOptions): Promise<CycleView> {
    return this.client.request(AwardsRequests.startJury, { cycleId: params.id }, call);
  }

  @Post('cycles/:id/close-judging')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Close judging: rank the finalists (z-scores per judge, documented tie-break) and name each group\'s champions; again before publishing to recompute (422 JUDGING_INCOMPLETE)' })
  @ApiOkResponse({ type: CloseJudgingResponse })
  closeJudging(@Param() params: CycleIdParam, @Call() call: CallOptions): Promise<CloseJudgingResponse> {
    return this.client.request(AwardsRequests.closeJudging, { cycleId: params.id }, { ...call, timeoutMs: RANKING_TIMEOUT_MS });
  }

  @Post('cycles/:id/publish')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Publish the results with a citation for each champion: they become Gender Champions (422 CITATIONS_MISSING, RESULTS_OUTDATED)' })
  @ApiOkResponse({ type: PublishResponse })
  publish(@Param() params: CycleIdParam, @Body() input: PublishResultsRequest, @Call() call: CallOptions): Promise<PublishResponse> {
    return this.client.request(AwardsRequests.publish, { ...input, cycleId: params.id }, call);
  }

  @Get('cycles/:id/results')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'The ranking of a closed jury, by group (CAREC order, regional last) and rank' })
  @ApiOkResponse({ type: ResultsPage })
  results(@Param() params: CycleIdParam, @Query() query: ResultsQuery, @Call() call: CallOptions): Promise<ResultsPage> {
    return this.client.request(AwardsRequests.results, { ...query, cycleId: params.id }, call);
  }

  @Get('cycles/:id/audit')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Every score, declaration and decision of the cycle, newest first' })
  @ApiOkResponse({ type: AuditPage })
  audit(@Param() params: CycleIdParam, @Query() query: AuditQuery, @Call() call: CallOptions): Promise<AuditPage> {
    return this.client.request(AwardsRequests.audit, { ...query, cycleId: params.id }, call);
  }

  @Get('cycles/:id/nominations')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'The cycle\'s nominations, newest first, with who nominated, the screening, score sheets and conflicts found' })
  @ApiOkResponse({ type: AdminNominationPage })
  nominations(@Param() params: CycleIdParam, @Query() query: CycleNominationsQuery, @Call() call: CallOptions): Promise<AdminNominationPage> {
    return this.client.request(AwardsRequests.cycleNominations, { ...query, cycleId: params.id }, call);
  }

  @Post('cycles/:id/judges')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Seat a judge: national (screens one country) or regional (scores the finalists)' })
  @ApiCreatedResponse({ type: JudgeSeatView })
  seat(@Param() params: CycleIdParam, @Body() input: SeatJudgeRequest, @Call() call: CallOptions): Promise<JudgeSeatView> {
    return this.client.request(AwardsRequests.seatJudge, { ...input, cycleId: params.id }, call);
  }

  @Get('cycles/:id/judges')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'The seats held in the cycle, with those paused by a sanction' })
  @ApiOkResponse({ type: JudgeSeatPage })
  judges(@Param() params: CycleIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<JudgeSeatPage> {
    return this.client.request(AwardsRequests.judges, { ...query, cycleId: params.id }, call);
  }

  @Delete('cycles/:id/judges/:seatId')
  @HttpCode(204)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'End a seat; its score sheets stay on record and no longer count' })
  @ApiNoContentResponse()
  async unseat(@Param() params: SeatParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(AwardsRequests.unseatJudge, { cycleId: params.id, seatId: params.seatId }, call);
  }
}

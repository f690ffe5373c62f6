/** Safeguarding: the mentoring code of conduct, the confidential exit survey (reports go through POST /reports). */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@weop/auth';
import { CodeOfConductView, ExitSurveyPage, ExitSurveyQuery, ExitSurveyRequest, MentorshipIdParam, SafeguardingRequests } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('mentorship')
@Controller('mentorship')
export class SafeguardingController {
  constructor(private readonly client: ServiceClient) {}

  @Get('code-of-conduct')
  @ApiOperation({ summary: 'The mentoring code of conduct, and whether she accepted this version' })
  @ApiOkResponse({ type: CodeOfConductView })
  conduct(@Call() call: CallOptions): Promise<CodeOfConductView> {
    return this.client.request(SafeguardingRequests.conduct, {}, call);
  }

  @Post('code-of-conduct/acceptance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept it: needed before asking for a mentor, accepting a mentee or joining a programme (422 CODE_OF_CONDUCT_REQUIRED)' })
  @ApiOkResponse({ type: CodeOfConductView })
  accept(@Call() call: CallOptions): Promise<CodeOfConductView> {
    return this.client.request(SafeguardingRequests.acceptConduct, {}, call);
  }

  @Post('mentorships/:id/exit-survey')
  @ApiOperation({ summary: 'The confidential exit survey, once the mentorship is over; programme administrators read it, the other side never does' })
  @ApiCreatedResponse({ description: '{submitted: true}' })
  exitSurvey(@Param() params: MentorshipIdParam, @Body() input: ExitSurveyRequest, @Call() call: CallOptions): Promise<{ submitted: true }> {
    return this.client.request(SafeguardingRequests.exitSurvey, { ...input, id: params.id }, call);
  }

  @Get('exit-surveys')
  @Roles('programme-admin', 'admin')
  @ApiOperation({ summary: 'Exit surveys, newest first, optionally of one programme (programme-admin only)' })
  @ApiOkResponse({ type: ExitSurveyPage })
  exitSurveys(@Query() query: ExitSurveyQuery, @Call() call: CallOptions): Promise<ExitSurveyPage> {
    return this.client.request(SafeguardingRequests.exitSurveys, query, call);
  }
}

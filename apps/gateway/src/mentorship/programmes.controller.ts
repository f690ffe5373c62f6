/** Programme cohorts: programme-admins open them and run the matching; members apply. */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '@weop/auth';
import {
  AttachSessionRequest, CertificateResponse, CohortSessionList, CohortSessionParams, CohortSessionView, CompletionView, RecordAttendanceRequest,
  CreateProgrammeRequest, MatchingRunParams, MatchingRunView, MentorshipIdParam, PageQuery, ProgrammeApplicationRequest, ProgrammeApplicationView, ProgrammePage,
  ProgrammeRequests, PublishMatchingRunRequest, PublishedRunView,
} from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';
import { attachmentHeader } from '../content/downloads';

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
  @ApiOperation({ summary: 'Compute the optimal assignment of the cohort (min-cost flow) and show its proposals with scores; nothing is published yet. Mentees the programme already matched are left out (a later run is for the leftovers); mentees under a sanction are listed as unmatched' })
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
  @ApiOperation({ summary: 'Publish the proposals, with her adjustments, as mentorships (each pair checked again; 409 MENTOR_AT_CAPACITY, 409 MENTEE_ALREADY_MATCHED when this programme already matched her, 422 PAIR_NOT_ALLOWED, 422 CODE_OF_CONDUCT_REQUIRED)' })
  @ApiOkResponse({ type: PublishedRunView })
  publish(@Param() params: MatchingRunParams, @Body() input: PublishMatchingRunRequest, @Call() call: CallOptions): Promise<PublishedRunView> {
    return this.client.request(ProgrammeRequests.publishRun, { ...input, id: params.id, runId: params.runId }, call);
  }

  @Post(':id/sessions')
  @Roles('programme-admin', 'admin')
  @ApiOperation({ summary: 'Attach a training session, webinar or workshop (a published event of content) to the cohort' })
  @ApiCreatedResponse({ type: CohortSessionView })
  attachSession(@Param() params: MentorshipIdParam, @Body() input: AttachSessionRequest, @Call() call: CallOptions): Promise<CohortSessionView> {
    return this.client.request(ProgrammeRequests.attachSession, { ...input, id: params.id }, call);
  }

  @Get(':id/sessions')
  @ApiOperation({ summary: 'The cohort\'s sessions in the order they take place (undated last), a page at a time; administrators see attendance counts, participants whether they attended' })
  @ApiOkResponse({ type: CohortSessionList })
  sessions(@Param() params: MentorshipIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<CohortSessionList> {
    return this.client.request(ProgrammeRequests.sessions, { ...query, id: params.id }, call);
  }

  @Delete(':id/sessions/:eventId')
  @HttpCode(204)
  @Roles('programme-admin', 'admin')
  @ApiOperation({ summary: 'Detach a session (its attendance goes with it)' })
  @ApiNoContentResponse()
  async detachSession(@Param() params: CohortSessionParams, @Call() call: CallOptions): Promise<void> {
    await this.client.request(ProgrammeRequests.detachSession, { id: params.id, eventId: params.eventId }, call);
  }

  @Put(':id/sessions/:eventId/attendance')
  @Roles('programme-admin', 'admin')
  @ApiOperation({ summary: 'Record who attended a held session (422 SESSION_NOT_HELD before it starts, 422 NOT_A_PARTICIPANT for a non-participant)' })
  @ApiOkResponse({ type: CohortSessionView })
  recordAttendance(@Param() params: CohortSessionParams, @Body() input: RecordAttendanceRequest, @Call() call: CallOptions): Promise<CohortSessionView> {
    return this.client.request(ProgrammeRequests.recordAttendance, { ...input, id: params.id, eventId: params.eventId }, call);
  }

  @Get(':id/completion')
  @ApiOperation({ summary: 'Where she stands: sessions attended of those required, her mentorship completed, the certificate once earned' })
  @ApiOkResponse({ type: CompletionView })
  completion(@Param() params: MentorshipIdParam, @Call() call: CallOptions): Promise<CompletionView> {
    return this.client.request(ProgrammeRequests.completion, { id: params.id }, call);
  }

  @Get(':id/certificate')
  @ApiOperation({ summary: 'Her certificate of completion as a PDF (409 PROGRAMME_NOT_COMPLETED until she has completed)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'application/pdf' })
  async certificate(@Param() params: MentorshipIdParam, @Call() call: CallOptions, @Res() reply: FastifyReply): Promise<void> {
    const pdf = await this.client.request<CertificateResponse>(ProgrammeRequests.certificate, { id: params.id }, { ...call, timeoutMs: 15_000 });
    await reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', attachmentHeader(pdf.filename))
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(pdf.contentBase64, 'base64'));
  }
}

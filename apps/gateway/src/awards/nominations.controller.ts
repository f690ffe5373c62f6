/**
 * Nominations for the CAREC Gender Award: a verified member nominates in the open cycle, adds evidence
 * files, withdraws; the nominee who is a member consents; endorsers answer through their link without
 * an account; judges screen, score and declare conflicts.
 */
import { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, Roles } from '@weop/auth';
import {
  AnswerEndorsementRequest,
  AwardsRequests,
  ConflictRequest,
  ConsentRequest,
  CreateNominationRequest,
  CreatedNomination,
  CycleIdParam,
  DomainError,
  EndorsementRequestView,
  EndorsementTokenParam,
  ErrorCode,
  EvidenceFileView,
  EvidenceParam,
  JudgingQueuePage,
  NominationIdParam,
  NominationPage,
  NominationView,
  PageQuery,
  ScoreRequest,
  ScoreView,
  ScreeningRequest,
  ScreeningResponse,
  validationFailed,
} from '@weop/contracts';
import type { DownloadResponse } from '@weop/contracts';
import { FileTransfers, ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { attachmentHeader } from '../content/downloads';
import { GatewayConfig } from '../gateway.config';
import { Call } from '../http/call-options';
import { readUpload } from '../http/uploads';

const FILE_TIMEOUT_MS = 60_000;

@ApiTags('awards')
@Controller('awards')
export class NominationsController {
  constructor(
    private readonly client: ServiceClient,
    private readonly transfers: FileTransfers,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Post('cycles/:id/nominations')
  @ApiOperation({ summary: 'Nominate a person or an organisation (a verified member; 422 NOMINATIONS_CLOSED, 403 VERIFICATION_REQUIRED, 400 for what does not fit the award). The endorsers\' link secrets come back once.' })
  @ApiCreatedResponse({ type: CreatedNomination })
  nominate(@Param() params: CycleIdParam, @Body() input: CreateNominationRequest, @Call() call: CallOptions): Promise<CreatedNomination> {
    return this.client.request(AwardsRequests.nominate, { ...input, cycleId: params.id }, call);
  }

  @Get('me/nominations')
  @ApiOperation({ summary: 'The nominations she made and those about her, newest first' })
  @ApiOkResponse({ type: NominationPage })
  mine(@Query() query: PageQuery, @Call() call: CallOptions): Promise<NominationPage> {
    return this.client.request(AwardsRequests.myNominations, query, call);
  }

  @Get('nominations/:id')
  @ApiOperation({ summary: 'A nomination, for its nominator, its nominee, awards-admins and judges it falls to without a conflict (404 for anyone else)' })
  @ApiOkResponse({ type: NominationView })
  get(@Param() params: NominationIdParam, @Call() call: CallOptions): Promise<NominationView> {
    return this.client.request(AwardsRequests.nomination, { nominationId: params.id }, call);
  }

  @Post('nominations/:id/consent')
  @HttpCode(200)
  @ApiOperation({ summary: 'The nominee who is a member agrees to be judged, or declines' })
  @ApiOkResponse({ type: NominationView })
  consent(@Param() params: NominationIdParam, @Body() input: ConsentRequest, @Call() call: CallOptions): Promise<NominationView> {
    return this.client.request(AwardsRequests.consent, { ...input, nominationId: params.id }, call);
  }

  @Post('nominations/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Her nominator withdraws it, until judging closes' })
  @ApiOkResponse({ type: NominationView })
  withdraw(@Param() params: NominationIdParam, @Call() call: CallOptions): Promise<NominationView> {
    return this.client.request(AwardsRequests.withdraw, { nominationId: params.id }, call);
  }

  @Post('nominations/:id/evidence')
  @ApiOperation({ summary: 'Add an evidence file while nominations are open: multipart with a field named file (PDF, JPEG, PNG or WebP; the type is read from the bytes)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: EvidenceFileView })
  async addEvidence(@Param() params: NominationIdParam, @Req() request: FastifyRequest, @Call() call: CallOptions): Promise<EvidenceFileView> {
    if (!request.isMultipart()) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the evidence as multipart/form-data with a file field named file.');
    const upload = await readUpload(request, this.transfers, this.config.EVIDENCE_MAX_BYTES);
    const extra = Object.keys(upload.fields)[0];
    if (!upload.file || extra !== undefined) {
      if (upload.file) await this.transfers.remove(upload.file.transfer).catch(() => undefined);
      throw extra !== undefined ? validationFailed(extra, 'is not expected; send only the file') : validationFailed('file', 'is required: the evidence file');
    }
    try {
      return await this.client.request<EvidenceFileView>(AwardsRequests.addEvidence, { nominationId: params.id, file: upload.file }, { ...call, timeoutMs: FILE_TIMEOUT_MS });
    } catch (error) {
      await this.transfers.remove(upload.file.transfer).catch(() => undefined);
      throw error;
    }
  }

  @Get('nominations/:id/evidence/:fileId')
  @ApiOperation({ summary: 'An evidence file, as an attachment, for whoever may see the nomination' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file' })
  async evidence(@Param() params: EvidenceParam, @Call() call: CallOptions, @Res() reply: FastifyReply): Promise<void> {
    const download = await this.client.request<DownloadResponse>(AwardsRequests.evidence, { nominationId: params.id, fileId: params.fileId }, { ...call, timeoutMs: FILE_TIMEOUT_MS });
    const { body } = await this.transfers.stream(download.transfer);
    const stream = Readable.from(body, { objectMode: false });
    stream.once('close', () => void this.transfers.remove(download.transfer).catch(() => undefined));
    await reply
      .header('content-type', download.contentType)
      .header('content-length', String(download.size))
      // Never rendered inside the platform's origin.
      .header('content-disposition', attachmentHeader(download.filename))
      .send(stream);
  }

  @Get('endorsements/:token')
  @Public()
  @ApiOperation({ summary: 'What an endorser is asked to confirm, behind her link (no account needed)' })
  @ApiOkResponse({ type: EndorsementRequestView })
  endorsement(@Param() params: EndorsementTokenParam, @Call() call: CallOptions): Promise<EndorsementRequestView> {
    return this.client.request(AwardsRequests.endorsement, { token: params.token }, call);
  }

  @Post('endorsements/:token')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'The endorser confirms or declines, once (409 ALREADY_ANSWERED)' })
  @ApiOkResponse({ type: EndorsementRequestView })
  answerEndorsement(@Param() params: EndorsementTokenParam, @Body() input: AnswerEndorsementRequest, @Call() call: CallOptions): Promise<EndorsementRequestView> {
    return this.client.request(AwardsRequests.answerEndorsement, { ...input, token: params.token }, call);
  }

  // ---- judges ----

  @Get('cycles/:id/judging/queue')
  @Roles('judge')
  @ApiOperation({ summary: 'A judge\'s work: nominations to screen (national screening) or finalists to score (regional jury), without those she is conflicted with' })
  @ApiOkResponse({ type: JudgingQueuePage })
  queue(@Param() params: CycleIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<JudgingQueuePage> {
    return this.client.request(AwardsRequests.judgingQueue, { ...query, cycleId: params.id }, call);
  }

  @Post('nominations/:id/screening')
  @HttpCode(200)
  @Roles('judge')
  @ApiOperation({ summary: 'National screening: eligible or not, with a note; a finalist counts against the country\'s quota (422 FINALIST_QUOTA_REACHED)' })
  @ApiOkResponse({ type: ScreeningResponse })
  screen(@Param() params: NominationIdParam, @Body() input: ScreeningRequest, @Call() call: CallOptions): Promise<ScreeningResponse> {
    return this.client.request(AwardsRequests.screen, { ...input, nominationId: params.id }, call);
  }

  @Put('nominations/:id/score')
  @Roles('judge')
  @ApiOperation({ summary: 'Regional jury: score a finalist on every criterion of the cycle\'s rubric (again to change it, until judging closes)' })
  @ApiOkResponse({ type: ScoreView })
  score(@Param() params: NominationIdParam, @Body() input: ScoreRequest, @Call() call: CallOptions): Promise<ScoreView> {
    return this.client.request(AwardsRequests.score, { ...input, nominationId: params.id }, call);
  }

  @Post('nominations/:id/conflicts')
  @Roles('judge')
  @ApiOperation({ summary: 'Declare a conflict of interest: the nomination is kept from her from then on' })
  @ApiCreatedResponse({ description: '{nominationId, declaredAt}' })
  declareConflict(@Param() params: NominationIdParam, @Body() input: ConflictRequest, @Call() call: CallOptions): Promise<{ nominationId: string; declaredAt: string }> {
    return this.client.request(AwardsRequests.declareConflict, { ...input, nominationId: params.id }, call);
  }
}

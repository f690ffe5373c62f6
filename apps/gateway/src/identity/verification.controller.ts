/**
 * Identity verification (API.md "Verification"): the member's multipart request (the ID document's
 * front, optional back, and a selfie, streamed into the file transfer store), her view of it, and the
 * verifiers' queue, claim, document views (each logged by identity) and decision.
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OptionalSignIn, Roles } from '@weop/auth';
import {
  AccessLogEntry,
  CAREC_COUNTRIES,
  DOCUMENT_SLOTS,
  EmailCodeRequest,
  ORGANIZATION_DOCUMENT_SLOTS,
  OrganizationCreated,
  OrganizationDecisionRequest,
  OrganizationFileParam,
  OrganizationIdParam,
  OrganizationMemberParam,
  OrganizationMemberRequest,
  OrganizationRequests,
  OrganizationReviewView,
  OrganizationView,
  DOCUMENT_TYPES,
  DomainError,
  ErrorCode,
  MyVerificationView,
  VerificationCreated,
  VerificationDecisionRequest,
  VerificationFileParam,
  VerificationIdParam,
  VerificationQueuePage,
  VerificationQueueQuery,
  VerificationRequests,
  VerificationReviewView,
} from '@weop/contracts';
import type { VerificationFileView, VerificationRequestView } from '@weop/contracts';
import { FileTransfers, ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { GatewayConfig } from '../gateway.config';
import { Call } from '../http/call-options';
import { readUpload } from '../http/uploads';
import type { Upload } from '../http/uploads';

const UPLOAD_TIMEOUT_MS = 60_000;

/** A document image for a verifier: never kept by a browser or a proxy, never rendered as anything but an image. */
async function sendImage(reply: FastifyReply, file: VerificationFileView): Promise<void> {
  await reply.header('content-type', file.contentType).header('cache-control', 'no-store').header('content-disposition', 'inline').send(Buffer.from(file.content, 'base64'));
}

/** Hands uploaded files to identity; if the request never reaches it, the transfers are removed here. */
async function sendUpload<T>(client: ServiceClient, transfers: FileTransfers, subject: string, payload: Record<string, unknown>, upload: Upload, call: CallOptions): Promise<T> {
  try {
    return await client.request<T>(subject, { ...payload, fields: upload.fields, files: upload.files }, { ...call, timeoutMs: UPLOAD_TIMEOUT_MS });
  } catch (error) {
    await Promise.all(Object.values(upload.files).map((f) => transfers.remove(f.transfer).catch(() => undefined)));
    throw error;
  }
}
const requestSchema = {
  schema: {
    type: 'object',
    required: ['kind', 'documentType', 'legalName', 'documentNumber', 'documentFront', 'selfie'],
    properties: {
      kind: { type: 'string', enum: ['identity'] },
      documentType: { type: 'string', enum: [...DOCUMENT_TYPES] },
      legalName: { type: 'string', description: 'Exactly as on her profile and the document' },
      documentNumber: { type: 'string', description: 'Only its last four characters are kept' },
      ...Object.fromEntries(DOCUMENT_SLOTS.map((slot) => [slot, { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP photo, at least 300 × 300 px' }])),
    },
  },
};

@ApiTags('verification')
@Controller()
export class VerificationController {
  constructor(
    private readonly client: ServiceClient,
    private readonly transfers: FileTransfers,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  private async readDocuments(request: FastifyRequest): Promise<Upload> {
    if (!request.isMultipart()) {
      throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the request as multipart/form-data with its fields and the files documentFront, documentBack (optional) and selfie.');
    }
    return readUpload(request, this.transfers, this.config.VERIFICATION_FILE_MAX_BYTES, DOCUMENT_SLOTS);
  }

  private send(subject: string, payload: Record<string, unknown>, upload: Upload, call: CallOptions): Promise<VerificationCreated> {
    return sendUpload(this.client, this.transfers, subject, payload, upload, call);
  }

  @Post('verification/requests')
  @ApiOperation({ summary: 'Ask to be verified: the ID document (front, optional back) and a selfie. 409 VERIFICATION_OPEN while one is open; 422 LEGAL_NAME_MISMATCH' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(requestSchema)
  @ApiCreatedResponse({ type: VerificationCreated })
  async submit(@Req() request: FastifyRequest, @Call() call: CallOptions): Promise<VerificationCreated> {
    return this.send(VerificationRequests.submit, {}, await this.readDocuments(request), call);
  }

  @Post('verification/requests/:id/resubmission')
  @HttpCode(200)
  @ApiOperation({ summary: 'New documents, after a verifier asked for them (at most 3 times)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(requestSchema)
  @ApiOkResponse({ type: VerificationCreated })
  async resubmit(@Param() params: VerificationIdParam, @Req() request: FastifyRequest, @Call() call: CallOptions): Promise<VerificationCreated> {
    return this.send(VerificationRequests.resubmit, { id: params.id }, await this.readDocuments(request), call);
  }

  @Get('me/verification')
  @ApiOperation({ summary: 'Where her verification stands, and her requests' })
  @ApiOkResponse({ type: MyVerificationView })
  mine(@Call() call: CallOptions): Promise<MyVerificationView> {
    return this.client.request(VerificationRequests.mine, {}, call);
  }

  @Get('verification/queue')
  @Roles('verifier', 'admin')
  @ApiOperation({ summary: 'Open requests, oldest first' })
  @ApiOkResponse({ type: VerificationQueuePage })
  queue(@Query() query: VerificationQueueQuery, @Call() call: CallOptions): Promise<VerificationQueuePage> {
    return this.client.request(VerificationRequests.queue, query, call);
  }

  @Get('verification/requests/:id')
  @ApiOperation({ summary: 'Her own request, or (verifiers) any request with links to its documents' })
  @ApiOkResponse({ type: VerificationReviewView })
  get(@Param() params: VerificationIdParam, @Call() call: CallOptions): Promise<VerificationRequestView> {
    return this.client.request(VerificationRequests.get, { id: params.id }, call);
  }

  @Post('verification/requests/:id/claim')
  @HttpCode(200)
  @Roles('verifier', 'admin')
  @ApiOperation({ summary: 'Take the request into review (not her own)' })
  @ApiOkResponse({ type: VerificationReviewView })
  claim(@Param() params: VerificationIdParam, @Call() call: CallOptions): Promise<VerificationReviewView> {
    return this.client.request(VerificationRequests.claim, { id: params.id }, call);
  }

  @Get('verification/requests/:id/files/:slot')
  @Roles('verifier', 'admin')
  @ApiOperation({ summary: 'One document, for the verifier holding the request; every view is logged. 410 once the request is decided' })
  @ApiProduces('image/jpeg')
  async file(@Param() params: VerificationFileParam, @Call() call: CallOptions, @Res() reply: FastifyReply): Promise<void> {
    await sendImage(reply, await this.client.request<VerificationFileView>(VerificationRequests.file, { id: params.id, slot: params.slot }, call));
  }

  @Get('verification/requests/:id/access-log')
  @Roles('verifier', 'admin')
  @ApiOperation({ summary: 'Who viewed which document of the request, and when' })
  @ApiOkResponse({ type: [AccessLogEntry] })
  accessLog(@Param() params: VerificationIdParam, @Call() call: CallOptions): Promise<AccessLogEntry[]> {
    return this.client.request(VerificationRequests.accessLog, { id: params.id }, call);
  }

  @Post('verification/requests/:id/decision')
  @Roles('verifier', 'admin')
  @ApiOperation({ summary: 'approved, rejected or resubmit, with a reason (required unless approving); never her own request (403)' })
  @ApiCreatedResponse({ type: VerificationCreated })
  decide(@Param() params: VerificationIdParam, @Body() input: VerificationDecisionRequest, @Call() call: CallOptions): Promise<VerificationCreated> {
    return this.client.request(VerificationRequests.decide, { ...input, id: params.id }, call);
  }
}

const organizationSchema = {
  schema: {
    type: 'object',
    required: ['name', 'country', 'registrationNumber', 'website', 'emailDomain', 'contactEmail', 'registrationCertificate'],
    properties: {
      name: { type: 'string' },
      country: { type: 'string', enum: [...CAREC_COUNTRIES] },
      registrationNumber: { type: 'string' },
      website: { type: 'string', description: 'https://…' },
      emailDomain: { type: 'string', description: 'The official email domain, e.g. example.org' },
      contactEmail: { type: 'string', description: 'An address at that domain: the confirmation code goes there' },
      ...Object.fromEntries(ORGANIZATION_DOCUMENT_SLOTS.map((slot) => [slot, { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP photo or scan, at least 300 × 300 px' }])),
    },
  },
};

@ApiTags('verification')
@Controller()
export class OrganizationsController {
  constructor(
    private readonly client: ServiceClient,
    private readonly transfers: FileTransfers,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Post('verification/organizations')
  @ApiOperation({ summary: 'Ask to verify an organisation: its details and documents; a code goes to contactEmail at the official domain' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(organizationSchema)
  @ApiCreatedResponse({ type: OrganizationCreated })
  async create(@Req() request: FastifyRequest, @Call() call: CallOptions): Promise<OrganizationCreated> {
    if (!request.isMultipart()) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the request as multipart/form-data with its fields and the file registrationCertificate (and supportingDocument if you have one).');
    const upload = await readUpload(request, this.transfers, this.config.VERIFICATION_FILE_MAX_BYTES, ORGANIZATION_DOCUMENT_SLOTS);
    return sendUpload(this.client, this.transfers, OrganizationRequests.create, {}, upload, call);
  }

  @Post('verification/organizations/:id/email-confirmation')
  @HttpCode(200)
  @ApiOperation({ summary: 'The six-digit code from the email: proves control of the domain (422 CODE_INVALID / CODE_EXPIRED / CODE_LOCKED)' })
  @ApiOkResponse({ type: OrganizationCreated })
  confirm(@Param() params: OrganizationIdParam, @Body() input: EmailCodeRequest, @Call() call: CallOptions): Promise<OrganizationCreated> {
    return this.client.request(OrganizationRequests.confirmEmail, { ...input, id: params.id }, call);
  }

  @Post('verification/organizations/:id/email-code')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a new code (at most one a minute)' })
  async resend(@Param() params: OrganizationIdParam, @Call() call: CallOptions): Promise<{ sent: true }> {
    return this.client.request(OrganizationRequests.resendCode, { id: params.id }, call);
  }

  @Get('organizations/:id')
  @OptionalSignIn()
  @ApiOperation({ summary: 'A verified organisation (anyone), or the request (its requester and verifiers)' })
  @ApiOkResponse({ type: OrganizationReviewView })
  get(@Param() params: OrganizationIdParam, @Call() call: CallOptions): Promise<OrganizationView> {
    return this.client.request(OrganizationRequests.get, { id: params.id }, call);
  }

  @Post('verification/organizations/:id/claim')
  @HttpCode(200)
  @Roles('verifier', 'admin')
  @ApiOkResponse({ type: OrganizationReviewView })
  claim(@Param() params: OrganizationIdParam, @Call() call: CallOptions): Promise<OrganizationReviewView> {
    return this.client.request(OrganizationRequests.claim, { id: params.id }, call);
  }

  @Get('verification/organizations/:id/files/:slot')
  @Roles('verifier', 'admin')
  @ApiOperation({ summary: 'One document, for the verifier holding the request; every view is logged. 410 once decided' })
  @ApiProduces('image/jpeg')
  async file(@Param() params: OrganizationFileParam, @Call() call: CallOptions, @Res() reply: FastifyReply): Promise<void> {
    await sendImage(reply, await this.client.request<VerificationFileView>(OrganizationRequests.file, { id: params.id, slot: params.slot }, call));
  }

  @Post('verification/organizations/:id/decision')
  @Roles('verifier', 'admin')
  @ApiCreatedResponse({ type: OrganizationCreated })
  decide(@Param() params: OrganizationIdParam, @Body() input: OrganizationDecisionRequest, @Call() call: CallOptions): Promise<OrganizationCreated> {
    return this.client.request(OrganizationRequests.decide, { ...input, id: params.id }, call);
  }

  @Post('organizations/:id/members')
  @HttpCode(200)
  @ApiOperation({ summary: "A member of the verified organisation adds a colleague allowed to post for it" })
  @ApiOkResponse({ type: OrganizationView })
  addMember(@Param() params: OrganizationIdParam, @Body() input: OrganizationMemberRequest, @Call() call: CallOptions): Promise<OrganizationView> {
    return this.client.request(OrganizationRequests.addMember, { id: params.id, memberId: input.memberId }, call);
  }

  @Delete('organizations/:id/members/:memberId')
  @ApiOkResponse({ type: OrganizationView })
  removeMember(@Param() params: OrganizationMemberParam, @Call() call: CallOptions): Promise<OrganizationView> {
    return this.client.request(OrganizationRequests.removeMember, { id: params.id, memberId: params.memberId }, call);
  }
}

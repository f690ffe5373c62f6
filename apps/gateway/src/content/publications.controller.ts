import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OptionalSignIn } from '@weop/auth';
import { ContentIdParam, ContentRequests, CreateResourceRequest, CreatedContent, DomainError, ErrorCode, UpdatePublicationRequest, UpdateResourceRequest } from '@weop/contracts';
import { FileTransfers, ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { GatewayConfig } from '../gateway.config';
import { Call } from '../http/call-options';
import { contentRoutes } from './content-routes';
import { sendDocument } from './downloads';
import { readUpload } from '../http/uploads';
import type { Upload } from '../http/uploads';

const UPLOAD_TIMEOUT_MS = 60_000;

/** Hands an upload to content; when content refuses it before reading the file, the transfer is removed here. */
async function createWithFile(client: ServiceClient, transfers: FileTransfers, type: 'publication' | 'resource', upload: Upload, call: CallOptions): Promise<CreatedContent> {
  try {
    return await client.request<CreatedContent>(ContentRequests.createWithFile, { type, fields: upload.fields, ...(upload.file ? { file: upload.file } : {}) }, { ...call, timeoutMs: UPLOAD_TIMEOUT_MS });
  } catch (error) {
    if (upload.file) await transfers.remove(upload.file.transfer).catch(() => undefined);
    throw error;
  }
}
const documentSchema = (fields: Record<string, object>, required: string[]) => ({
  schema: { type: 'object', required, properties: { ...fields, file: { type: 'string', format: 'binary', description: 'PDF, Word, Excel, PowerPoint, OpenDocument, RTF or plain text; the type is read from the bytes' } } },
});

@ApiTags('publications')
@Controller('publications')
export class PublicationsController extends contentRoutes('publication', UpdatePublicationRequest) {
  constructor(
    client: ServiceClient,
    private readonly transfers: FileTransfers,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {
    super(client);
  }

  @Post()
  @ApiOperation({ summary: 'Share a document: multipart with the fields of CreatePublicationRequest (repeat `authors` and `tags`) and the file' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(documentSchema({ title: { type: 'string' }, authors: { type: 'array', items: { type: 'string' } }, abstract: { type: 'string' }, year: { type: 'integer' }, licence: { type: 'string' }, rightsAttested: { type: 'boolean' }, language: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } }, draft: { type: 'boolean' } }, ['title', 'authors', 'abstract', 'year', 'licence', 'rightsAttested', 'file']))
  @ApiCreatedResponse({ type: CreatedContent })
  async create(@Req() request: FastifyRequest, @Call() call: CallOptions): Promise<CreatedContent> {
    if (!request.isMultipart()) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the publication as multipart/form-data with its fields and a file field named file.');
    const upload = await readUpload(request, this.transfers, this.config.DOCUMENT_MAX_BYTES);
    return createWithFile(this.client, this.transfers, 'publication', upload, call);
  }

  @Get(':id/file')
  @OptionalSignIn()
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The document, as an attachment' })
  async download(@Param() params: ContentIdParam, @Call() call: CallOptions, @Res() reply: FastifyReply): Promise<void> {
    await sendDocument(this.client, this.transfers, { type: 'publication', id: params.id }, call, reply);
  }
}

/** Toolkits, research and guides: a link (JSON) or a file (multipart). */
@ApiTags('resources')
@Controller('resources')
export class ResourcesController extends contentRoutes('resource', UpdateResourceRequest) {
  constructor(
    client: ServiceClient,
    private readonly transfers: FileTransfers,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {
    super(client);
  }

  @Post()
  @ApiOperation({ summary: 'Share a resource: JSON with a url, or multipart with the same fields and a file (rightsAttested: true)' })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: CreateResourceRequest })
  @ApiCreatedResponse({ type: CreatedContent })
  async create(@Req() request: FastifyRequest, @Body() body: Record<string, unknown> | undefined, @Call() call: CallOptions): Promise<CreatedContent> {
    // A JSON body is checked by content against CreateResourceRequest (a multipart one has no body here).
    if (!request.isMultipart()) return this.client.request(ContentRequests.createResource, body ?? {}, call);
    const upload = await readUpload(request, this.transfers, this.config.DOCUMENT_MAX_BYTES);
    return createWithFile(this.client, this.transfers, 'resource', upload, call);
  }

  @Get(':id/file')
  @OptionalSignIn()
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, as an attachment' })
  async download(@Param() params: ContentIdParam, @Call() call: CallOptions, @Res() reply: FastifyReply): Promise<void> {
    await sendDocument(this.client, this.transfers, { type: 'resource', id: params.id }, call, reply);
  }
}

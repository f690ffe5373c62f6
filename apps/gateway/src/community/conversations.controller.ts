/**
 * Direct messages (API.md "Community"): conversations with one member or a small group, message
 * requests from members who are not her connections, unread counts and attachments. Only members of
 * a conversation see it (404 for anyone else); nobody is ever told that she read, accepted or deleted.
 */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AttachmentParam, AttachmentView, CommunityRequests, ConversationIdParam, ConversationPage, IdResponse, MarkReadRequest, MessagePage, MyConversationsQuery, PageQuery, SendMessageRequest,
  StartConversationRequest,
} from '@weop/contracts';
import type { DownloadResponse } from '@weop/contracts';
import { FileTransfers, ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { sendTransfer } from '../content/downloads';
import { GatewayConfig } from '../gateway.config';
import { Call } from '../http/call-options';
import { readSingleFile } from '../http/uploads';

const FILE_TIMEOUT_MS = 60_000;

@ApiTags('community')
@Controller()
export class ConversationsController {
  constructor(
    private readonly client: ServiceClient,
    private readonly transfers: FileTransfers,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Post('conversations')
  @ApiOperation({
    summary: 'Start a conversation with one member or a small group, with a first message',
    description:
      'A member who is not her connection gets it in her requests. 400 for herself or an empty or long text; 404 when a member does not exist; ' +
      '403 BLOCKED when either blocked the other; 429 RATE_LIMITED for too many first contacts or messages (Retry-After). Always a new ' +
      'conversation (an earlier one would show whether the other deleted it). Nothing is stored when refused.',
  })
  @ApiCreatedResponse({ type: IdResponse })
  start(@Body() input: StartConversationRequest, @Call() call: CallOptions): Promise<IdResponse> {
    return this.client.request(CommunityRequests.startConversation, input, call);
  }

  @Get('me/conversations')
  @ApiOperation({ summary: 'Her conversations, most recent first, with unread counts; folder=requests for message requests' })
  @ApiOkResponse({ type: ConversationPage })
  mine(@Query() query: MyConversationsQuery, @Call() call: CallOptions): Promise<ConversationPage> {
    return this.client.request(CommunityRequests.myConversations, query, call);
  }

  @Get('conversations/:id/messages')
  @ApiOperation({ summary: 'A conversation, newest message first (members of it only; reading tells nobody)' })
  @ApiOkResponse({ type: MessagePage })
  messages(@Param() params: ConversationIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<MessagePage> {
    return this.client.request(CommunityRequests.messages, { ...query, conversationId: params.id }, call);
  }

  @Post('conversations/:id/messages')
  @ApiOperation({ summary: 'Send a message (replying to a request accepts it); 409 CONVERSATION_CLOSED once closed' })
  @ApiCreatedResponse({ type: IdResponse })
  send(@Param() params: ConversationIdParam, @Body() input: SendMessageRequest, @Call() call: CallOptions): Promise<IdResponse> {
    return this.client.request(CommunityRequests.sendMessage, { ...input, conversationId: params.id }, call);
  }

  @Post('conversations/:id/accept')
  @HttpCode(204)
  @ApiOperation({ summary: 'Move a message request to her inbox (the sender is not told)' })
  @ApiNoContentResponse()
  async accept(@Param() params: ConversationIdParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.acceptConversation, { conversationId: params.id }, call);
  }

  @Delete('conversations/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a request or leave a conversation: gone for her; nobody is told' })
  @ApiNoContentResponse()
  async leave(@Param() params: ConversationIdParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.leaveConversation, { conversationId: params.id }, call);
  }

  @Post('conversations/:id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark messages read up to one (all when upTo is left out): her unread count only, never a read receipt' })
  @ApiNoContentResponse()
  async read(@Param() params: ConversationIdParam, @Body() input: MarkReadRequest, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.markRead, { ...input, conversationId: params.id }, call);
  }

  @Post('conversations/:id/attachments')
  @ApiOperation({
    summary: 'Upload a file to send with her next message: multipart with a field named file (PDF, JPEG, PNG or WebP, read from the bytes; photos lose their metadata)',
    description: 'Members of the conversation only, once everyone in it accepted it: 403 CONVERSATION_NOT_ACCEPTED in a request. 413 over the size limit, 415 for other types.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: AttachmentView })
  async upload(@Param() params: ConversationIdParam, @Req() request: FastifyRequest, @Call() call: CallOptions): Promise<AttachmentView> {
    const file = await readSingleFile(request, this.transfers, this.config.ATTACHMENT_MAX_BYTES, 'attachment');
    try {
      return await this.client.request<AttachmentView>(CommunityRequests.addAttachment, { conversationId: params.id, file }, { ...call, timeoutMs: FILE_TIMEOUT_MS });
    } catch (error) {
      await this.transfers.remove(file.transfer).catch(() => undefined);
      throw error;
    }
  }

  @Get('conversations/:id/attachments/:attachmentId')
  @ApiOperation({ summary: 'A file of a message, as an attachment, for members of the conversation' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file' })
  async attachment(@Param() params: AttachmentParam, @Call() call: CallOptions, @Res() reply: FastifyReply): Promise<void> {
    const download = await this.client.request<DownloadResponse>(CommunityRequests.attachment, { conversationId: params.id, attachmentId: params.attachmentId }, { ...call, timeoutMs: FILE_TIMEOUT_MS });
    await sendTransfer(this.transfers, download, reply);
  }
}

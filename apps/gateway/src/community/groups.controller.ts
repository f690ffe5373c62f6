/** Groups (issue 10): collaborative spaces with members, invitations, discussion threads and files. */
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CommunityRequests, CreateGroupRequest, CreatePostRequest, CreateThreadRequest, CreatedView, DomainError, ErrorCode, GroupFileParam, GroupFilePage, GroupFileView, GroupIdParam,
  GroupInvitationPage, GroupInvitationView, GroupMemberPage, GroupMemberParam, GroupPage, GroupPostParam, GroupThreadParam, GroupView, GroupsQuery, InvitationIdParam,
  InviteToGroupRequest, MembershipView, PageQuery, PostPage, RemoveGroupMemberQuery, SetGroupRoleRequest, ThreadPage, ThreadView, UpdateThreadRequest, validationFailed,
} from '@weop/contracts';
import type { DownloadResponse } from '@weop/contracts';
import { FileTransfers, ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { GatewayConfig } from '../gateway.config';
import { Call } from '../http/call-options';
import { readUpload } from '../http/uploads';
import { sendTransfer } from './send-transfer';

const UPLOAD_TIMEOUT_MS = 60_000;

@ApiTags('community')
@Controller()
export class GroupsController {
  constructor(
    private readonly client: ServiceClient,
    private readonly transfers: FileTransfers,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Post('groups')
  @ApiOperation({ summary: 'Start a group (public or invite-only); she is its owner' })
  @ApiCreatedResponse({ type: GroupView })
  create(@Body() input: CreateGroupRequest, @Call() call: CallOptions): Promise<GroupView> {
    return this.client.request(CommunityRequests.createGroup, input, call);
  }

  @Get('groups')
  @ApiOperation({ summary: 'Public groups, and invite-only ones she belongs to, newest first; q searches names and descriptions' })
  @ApiOkResponse({ type: GroupPage })
  list(@Query() query: GroupsQuery, @Call() call: CallOptions): Promise<GroupPage> {
    return this.client.request(CommunityRequests.listGroups, query, call);
  }

  @Get('me/group-invitations')
  @ApiOperation({ summary: 'Invitations to groups waiting for her answer, newest first' })
  @ApiOkResponse({ type: GroupInvitationPage })
  invitations(@Query() query: PageQuery, @Call() call: CallOptions): Promise<GroupInvitationPage> {
    return this.client.request(CommunityRequests.myGroupInvitations, query, call);
  }

  @Post('groups/invitations/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The member invited joins the group (an invitation also lifts a ban from it)' })
  @ApiOkResponse({ type: MembershipView })
  acceptInvitation(@Param() params: InvitationIdParam, @Call() call: CallOptions): Promise<MembershipView> {
    return this.client.request(CommunityRequests.acceptGroupInvitation, { id: params.id }, call);
  }

  @Post('groups/invitations/:id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The member invited declines' })
  @ApiOkResponse({ type: GroupInvitationView })
  declineInvitation(@Param() params: InvitationIdParam, @Call() call: CallOptions): Promise<GroupInvitationView> {
    return this.client.request(CommunityRequests.declineGroupInvitation, { id: params.id }, call);
  }

  @Get('groups/:id')
  @ApiOperation({ summary: 'A group: an invite-only one only for its members, a hidden or removed one only for its owner (404 for anyone else)' })
  @ApiOkResponse({ type: GroupView })
  get(@Param() params: GroupIdParam, @Call() call: CallOptions): Promise<GroupView> {
    return this.client.request(CommunityRequests.getGroup, { id: params.id }, call);
  }

  @Post('groups/:id/members')
  @ApiOperation({ summary: 'She joins a public group (403 GROUP_BANNED if its owner banned her; 409 GROUP_MEMBER_EXISTS)' })
  @ApiCreatedResponse({ type: MembershipView })
  join(@Param() params: GroupIdParam, @Call() call: CallOptions): Promise<MembershipView> {
    return this.client.request(CommunityRequests.joinGroup, { id: params.id }, call);
  }

  @Get('groups/:id/members')
  @ApiOperation({ summary: 'Its members in the order they joined (the owner first); an expelled member shows as a former member, without her name' })
  @ApiOkResponse({ type: GroupMemberPage })
  members(@Param() params: GroupIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<GroupMemberPage> {
    return this.client.request(CommunityRequests.groupMembers, { ...query, id: params.id }, call);
  }

  @Delete('groups/:id/members/me')
  @HttpCode(204)
  @ApiOperation({ summary: 'She leaves the group (the owner cannot: 422 GROUP_OWNER_CANNOT_LEAVE)' })
  @ApiNoContentResponse()
  async leave(@Param() params: GroupIdParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.leaveGroup, { id: params.id }, call);
  }

  @Delete('groups/:id/members/:memberId')
  @HttpCode(204)
  @ApiOperation({ summary: 'The owner (or a moderator, for plain members) removes a member; ?ban=true keeps her out unless invited' })
  @ApiNoContentResponse()
  async removeMember(@Param() params: GroupMemberParam, @Query() query: RemoveGroupMemberQuery, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.removeGroupMember, { id: params.id, memberId: params.memberId, ban: query.ban === 'true' }, call);
  }

  @Put('groups/:id/members/:memberId')
  @ApiOperation({ summary: 'The owner appoints a moderator, or makes her a member again' })
  @ApiOkResponse({ type: MembershipView })
  setRole(@Param() params: GroupMemberParam, @Body() input: SetGroupRoleRequest, @Call() call: CallOptions): Promise<MembershipView> {
    return this.client.request(CommunityRequests.setGroupRole, { ...input, id: params.id, memberId: params.memberId }, call);
  }

  @Post('groups/:id/invitations')
  @ApiOperation({ summary: 'The owner or a moderator invites a member (403 BLOCKED between a blocked pair); she is told' })
  @ApiCreatedResponse({ type: CreatedView })
  invite(@Param() params: GroupIdParam, @Body() input: InviteToGroupRequest, @Call() call: CallOptions): Promise<CreatedView> {
    return this.client.request(CommunityRequests.inviteToGroup, { ...input, id: params.id }, call);
  }

  @Post('groups/:id/threads')
  @ApiOperation({ summary: 'A member starts a discussion thread with its opening post' })
  @ApiCreatedResponse({ type: CreatedView })
  createThread(@Param() params: GroupIdParam, @Body() input: CreateThreadRequest, @Call() call: CallOptions): Promise<CreatedView> {
    return this.client.request(CommunityRequests.createThread, { ...input, id: params.id }, call);
  }

  @Get('groups/:id/threads')
  @ApiOperation({ summary: 'Its threads, latest activity first' })
  @ApiOkResponse({ type: ThreadPage })
  threads(@Param() params: GroupIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<ThreadPage> {
    return this.client.request(CommunityRequests.listThreads, { ...query, id: params.id }, call);
  }

  @Patch('groups/:id/threads/:threadId')
  @ApiOperation({ summary: 'The owner or a moderator locks or unlocks a thread' })
  @ApiOkResponse({ type: ThreadView })
  updateThread(@Param() params: GroupThreadParam, @Body() input: UpdateThreadRequest, @Call() call: CallOptions): Promise<ThreadView> {
    return this.client.request(CommunityRequests.updateThread, { ...input, id: params.id, threadId: params.threadId }, call);
  }

  @Delete('groups/:id/threads/:threadId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Its author, the owner or a moderator deletes a thread (kept with who and when)' })
  @ApiNoContentResponse()
  async deleteThread(@Param() params: GroupThreadParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.deleteThread, { id: params.id, threadId: params.threadId }, call);
  }

  @Post('groups/:id/threads/:threadId/posts')
  @ApiOperation({ summary: 'A member replies (409 THREAD_LOCKED on a locked thread)' })
  @ApiCreatedResponse({ type: CreatedView })
  createPost(@Param() params: GroupThreadParam, @Body() input: CreatePostRequest, @Call() call: CallOptions): Promise<CreatedView> {
    return this.client.request(CommunityRequests.createPost, { ...input, id: params.id, threadId: params.threadId }, call);
  }

  @Get('groups/:id/threads/:threadId/posts')
  @ApiOperation({ summary: 'A thread\'s posts, oldest first (a conversation reads top down); a deleted post keeps its place without its text' })
  @ApiOkResponse({ type: PostPage })
  posts(@Param() params: GroupThreadParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<PostPage> {
    return this.client.request(CommunityRequests.listPosts, { ...query, id: params.id, threadId: params.threadId }, call);
  }

  @Delete('groups/:id/threads/:threadId/posts/:postId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Its author, the owner or a moderator deletes a post (kept with who and when)' })
  @ApiNoContentResponse()
  async deletePost(@Param() params: GroupPostParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(CommunityRequests.deletePost, { id: params.id, threadId: params.threadId, postId: params.postId }, call);
  }

  @Post('groups/:id/files')
  @ApiOperation({ summary: 'A member shares a file (multipart, field `file`): PDF, PNG, JPEG, GIF, WebP or plain text, read from the bytes' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: GroupFileView })
  async upload(@Param() params: GroupIdParam, @Req() request: FastifyRequest, @Call() call: CallOptions): Promise<GroupFileView> {
    if (!request.isMultipart()) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the file as multipart/form-data in a field named file.');
    const upload = await readUpload(request, this.transfers, this.config.GROUP_FILE_MAX_BYTES);
    const extra = Object.keys(upload.fields);
    if (!upload.file || extra.length > 0) {
      await Promise.all(Object.values(upload.files).map((f) => this.transfers.remove(f.transfer).catch(() => undefined)));
      throw extra.length > 0 ? validationFailed(extra[0], 'is not expected: send only the file') : validationFailed('file', 'is required');
    }
    try {
      return await this.client.request(CommunityRequests.uploadGroupFile, { id: params.id, file: upload.file }, { ...call, timeoutMs: UPLOAD_TIMEOUT_MS });
    } catch (error) {
      await this.transfers.remove(upload.file.transfer).catch(() => undefined);
      throw error;
    }
  }

  @Get('groups/:id/files')
  @ApiOperation({ summary: 'Files shared in the group, newest first (members only)' })
  @ApiOkResponse({ type: GroupFilePage })
  files(@Param() params: GroupIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<GroupFilePage> {
    return this.client.request(CommunityRequests.listGroupFiles, { ...query, id: params.id }, call);
  }

  @Get('groups/:id/files/:fileId')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download a file, as an attachment (members only)' })
  @ApiOkResponse({ description: 'The file, as an attachment' })
  async download(@Param() params: GroupFileParam, @Call() call: CallOptions, @Res() reply: FastifyReply): Promise<void> {
    const download = await this.client.request<DownloadResponse>(CommunityRequests.downloadGroupFile, { id: params.id, fileId: params.fileId }, { ...call, timeoutMs: 30_000 });
    await sendTransfer(this.transfers, download, reply);
  }
}

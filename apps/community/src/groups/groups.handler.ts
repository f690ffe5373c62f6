/** community's NATS requests for groups: the groups, their members and invitations, threads and posts, files. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CommunityRequests, CreateGroupRequest, CreatePostPayload, CreateThreadPayload, GroupFileParam, GroupIdParam, GroupPagePayload, GroupPostParam, GroupThreadParam, GroupsQuery,
  InvitationIdParam, InviteToGroupPayload, PageQuery, RemoveGroupMemberPayload, SetGroupRolePayload, ThreadPagePayload, UpdateThreadPayload, UploadGroupFilePayload,
} from '@weop/contracts';
import type {
  CreatedView, DownloadResponse, GroupFilePage, GroupFileView, GroupInvitationPage, GroupInvitationView, GroupMemberPage, GroupPage, GroupView, MembershipView, PostPage,
  Principal, ThreadPage, ThreadView,
} from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { GroupFilesService } from './group-files.service';
import { GroupThreadsService } from './group-threads.service';
import { GroupsService } from './groups.service';

@RpcController()
export class GroupsHandler {
  constructor(
    private readonly groups: GroupsService,
    private readonly threads: GroupThreadsService,
    private readonly files: GroupFilesService,
  ) {}

  @MessagePattern(CommunityRequests.createGroup)
  create(@Caller() caller: Principal, @Payload() input: CreateGroupRequest): Promise<GroupView> {
    return this.groups.create(caller, input);
  }

  @MessagePattern(CommunityRequests.listGroups)
  list(@Caller() caller: Principal, @Payload() input: GroupsQuery): Promise<GroupPage> {
    return this.groups.list(caller, input);
  }

  @MessagePattern(CommunityRequests.getGroup)
  get(@Caller() caller: Principal, @Payload() input: GroupIdParam): Promise<GroupView> {
    return this.groups.get(caller, input.id);
  }

  @MessagePattern(CommunityRequests.joinGroup)
  join(@Caller() caller: Principal, @Payload() input: GroupIdParam): Promise<MembershipView> {
    return this.groups.join(caller, input.id);
  }

  @MessagePattern(CommunityRequests.leaveGroup)
  async leave(@Caller() caller: Principal, @Payload() input: GroupIdParam): Promise<null> {
    await this.groups.leave(caller, input.id);
    return null;
  }

  @MessagePattern(CommunityRequests.groupMembers)
  members(@Caller() caller: Principal, @Payload() input: GroupPagePayload): Promise<GroupMemberPage> {
    return this.groups.membersOf(caller, input);
  }

  @MessagePattern(CommunityRequests.removeGroupMember)
  async removeMember(@Caller() caller: Principal, @Payload() input: RemoveGroupMemberPayload): Promise<null> {
    await this.groups.removeMember(caller, input);
    return null;
  }

  @MessagePattern(CommunityRequests.setGroupRole)
  setRole(@Caller() caller: Principal, @Payload() input: SetGroupRolePayload): Promise<MembershipView> {
    return this.groups.setRole(caller, input);
  }

  @MessagePattern(CommunityRequests.inviteToGroup)
  invite(@Caller() caller: Principal, @Payload() input: InviteToGroupPayload): Promise<CreatedView> {
    return this.groups.invite(caller, input);
  }

  @MessagePattern(CommunityRequests.myGroupInvitations)
  invitations(@Caller() caller: Principal, @Payload() input: PageQuery): Promise<GroupInvitationPage> {
    return this.groups.myInvitations(caller, input);
  }

  @MessagePattern(CommunityRequests.acceptGroupInvitation)
  accept(@Caller() caller: Principal, @Payload() input: InvitationIdParam): Promise<MembershipView> {
    return this.groups.acceptInvitation(caller, input.id);
  }

  @MessagePattern(CommunityRequests.declineGroupInvitation)
  decline(@Caller() caller: Principal, @Payload() input: InvitationIdParam): Promise<GroupInvitationView> {
    return this.groups.declineInvitation(caller, input.id);
  }

  @MessagePattern(CommunityRequests.createThread)
  createThread(@Caller() caller: Principal, @Payload() input: CreateThreadPayload): Promise<CreatedView> {
    return this.threads.create(caller, input);
  }

  @MessagePattern(CommunityRequests.listThreads)
  listThreads(@Caller() caller: Principal, @Payload() input: GroupPagePayload): Promise<ThreadPage> {
    return this.threads.list(caller, input);
  }

  @MessagePattern(CommunityRequests.updateThread)
  updateThread(@Caller() caller: Principal, @Payload() input: UpdateThreadPayload): Promise<ThreadView> {
    return this.threads.update(caller, input);
  }

  @MessagePattern(CommunityRequests.deleteThread)
  async deleteThread(@Caller() caller: Principal, @Payload() input: GroupThreadParam): Promise<null> {
    await this.threads.deleteThread(caller, input);
    return null;
  }

  @MessagePattern(CommunityRequests.createPost)
  createPost(@Caller() caller: Principal, @Payload() input: CreatePostPayload): Promise<CreatedView> {
    return this.threads.post(caller, input);
  }

  @MessagePattern(CommunityRequests.listPosts)
  listPosts(@Caller() caller: Principal, @Payload() input: ThreadPagePayload): Promise<PostPage> {
    return this.threads.posts(caller, input);
  }

  @MessagePattern(CommunityRequests.deletePost)
  async deletePost(@Caller() caller: Principal, @Payload() input: GroupPostParam): Promise<null> {
    await this.threads.deletePost(caller, input);
    return null;
  }

  @MessagePattern(CommunityRequests.uploadGroupFile)
  upload(@Caller() caller: Principal, @Payload() input: UploadGroupFilePayload): Promise<GroupFileView> {
    return this.files.upload(caller, input);
  }

  @MessagePattern(CommunityRequests.listGroupFiles)
  listFiles(@Caller() caller: Principal, @Payload() input: GroupPagePayload): Promise<GroupFilePage> {
    return this.files.list(caller, input);
  }

  @MessagePattern(CommunityRequests.downloadGroupFile)
  download(@Caller() caller: Principal, @Payload() input: GroupFileParam): Promise<DownloadResponse> {
    return this.files.download(caller, input);
  }
}

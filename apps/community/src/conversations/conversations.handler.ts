/** NATS requests for direct messages (API.md "Community"); each names its caller, who must be in the conversation. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AddAttachmentPayload, AttachmentPayload, CommunityRequests, ConversationPayload, MarkReadPayload, MessagesPayload, MyConversationsQuery, SendMessagePayload, StartConversationRequest,
} from '@weop/contracts';
import type { AttachmentView, ConversationPage, DownloadResponse, IdResponse, MessagePage, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { AttachmentsService } from './attachments.service';
import { ConversationsService } from './conversations.service';

@RpcController()
export class ConversationsHandler {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly attachments: AttachmentsService,
  ) {}

  @MessagePattern(CommunityRequests.startConversation)
  start(@Caller() caller: Principal, @Payload() input: StartConversationRequest): Promise<IdResponse> {
    return this.conversations.start(caller, input);
  }

  @MessagePattern(CommunityRequests.myConversations)
  mine(@Caller() caller: Principal, @Payload() input: MyConversationsQuery): Promise<ConversationPage> {
    return this.conversations.mine(caller, input);
  }

  @MessagePattern(CommunityRequests.messages)
  messages(@Caller() caller: Principal, @Payload() input: MessagesPayload): Promise<MessagePage> {
    return this.conversations.messages(caller, input);
  }

  @MessagePattern(CommunityRequests.sendMessage)
  send(@Caller() caller: Principal, @Payload() input: SendMessagePayload): Promise<IdResponse> {
    return this.conversations.send(caller, input);
  }

  @MessagePattern(CommunityRequests.acceptConversation)
  async accept(@Caller() caller: Principal, @Payload() input: ConversationPayload): Promise<{ done: true }> {
    await this.conversations.accept(caller, input.conversationId);
    return { done: true };
  }

  @MessagePattern(CommunityRequests.leaveConversation)
  async leave(@Caller() caller: Principal, @Payload() input: ConversationPayload): Promise<{ done: true }> {
    await this.conversations.leave(caller, input.conversationId);
    return { done: true };
  }

  @MessagePattern(CommunityRequests.markRead)
  async markRead(@Caller() caller: Principal, @Payload() input: MarkReadPayload): Promise<{ done: true }> {
    await this.conversations.markRead(caller, input);
    return { done: true };
  }

  @MessagePattern(CommunityRequests.addAttachment)
  addAttachment(@Caller() caller: Principal, @Payload() input: AddAttachmentPayload): Promise<AttachmentView> {
    return this.attachments.add(caller, input.conversationId, input.file);
  }

  @MessagePattern(CommunityRequests.attachment)
  attachment(@Caller() caller: Principal, @Payload() input: AttachmentPayload): Promise<DownloadResponse> {
    return this.attachments.download(caller, input);
  }
}

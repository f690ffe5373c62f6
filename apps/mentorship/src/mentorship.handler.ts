/** mentorship's NATS requests: profiles, suggestions, requests, mentorships, notifications, and her export. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CompleteMentorshipPayload, CreateMentorshipRequest, DeclineMentorshipPayload, EndMentorshipPayload, MenteeProfileRequest, MentorProfileRequest,
  MentorshipIdPayload, MentorshipRequests, MyRequestsQuery, PageQuery, SuggestionQuery,
} from '@weop/contracts';
import type {
  CreatedRequestView, MenteeProfileView, MentorProfileView, MentorshipPage, MentorshipRequestPage, MentorshipRequestView, MentorshipView, NotificationPage, Principal, SuggestionList,
} from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { MemberExportService } from './members/member-export.service';
import { MentorshipsService } from './mentorships/mentorships.service';
import { NotificationsService } from './notifications/notifications.service';
import { ProfilesService } from './profiles/profiles.service';
import { RequestsService } from './requests/requests.service';
import { SuggestionsService } from './suggestions/suggestions.service';

@RpcController()
export class MentorshipHandler {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly suggestions: SuggestionsService,
    private readonly requests: RequestsService,
    private readonly mentorships: MentorshipsService,
    private readonly notifications: NotificationsService,
    private readonly memberExport: MemberExportService,
  ) {}

  @MessagePattern(MentorshipRequests.putMentorProfile)
  putMentorProfile(@Caller() caller: Principal, @Payload() input: MentorProfileRequest): Promise<MentorProfileView> {
    return this.profiles.putMentor(caller, input);
  }

  @MessagePattern(MentorshipRequests.getMentorProfile)
  getMentorProfile(@Caller() caller: Principal): Promise<MentorProfileView> {
    return this.profiles.getMentor(caller);
  }

  @MessagePattern(MentorshipRequests.putMenteeProfile)
  putMenteeProfile(@Caller() caller: Principal, @Payload() input: MenteeProfileRequest): Promise<MenteeProfileView> {
    return this.profiles.putMentee(caller, input);
  }

  @MessagePattern(MentorshipRequests.getMenteeProfile)
  getMenteeProfile(@Caller() caller: Principal): Promise<MenteeProfileView> {
    return this.profiles.getMentee(caller);
  }

  @MessagePattern(MentorshipRequests.suggestions)
  suggest(@Caller() caller: Principal, @Payload() input: SuggestionQuery): Promise<SuggestionList> {
    return this.suggestions.suggest(caller, input);
  }

  @MessagePattern(MentorshipRequests.createRequest)
  createRequest(@Caller() caller: Principal, @Payload() input: CreateMentorshipRequest): Promise<CreatedRequestView> {
    return this.requests.create(caller, input);
  }

  @MessagePattern(MentorshipRequests.myRequests)
  myRequests(@Caller() caller: Principal, @Payload() input: MyRequestsQuery): Promise<MentorshipRequestPage> {
    return this.requests.mine(caller, input);
  }

  @MessagePattern(MentorshipRequests.acceptRequest)
  accept(@Caller() caller: Principal, @Payload() input: MentorshipIdPayload): Promise<MentorshipRequestView> {
    return this.requests.accept(caller, input.id);
  }

  @MessagePattern(MentorshipRequests.declineRequest)
  decline(@Caller() caller: Principal, @Payload() input: DeclineMentorshipPayload): Promise<MentorshipRequestView> {
    return this.requests.decline(caller, input);
  }

  @MessagePattern(MentorshipRequests.withdrawRequest)
  withdraw(@Caller() caller: Principal, @Payload() input: MentorshipIdPayload): Promise<MentorshipRequestView> {
    return this.requests.withdraw(caller, input.id);
  }

  @MessagePattern(MentorshipRequests.myMentorships)
  myMentorships(@Caller() caller: Principal, @Payload() input: PageQuery): Promise<MentorshipPage> {
    return this.mentorships.mine(caller, input);
  }

  @MessagePattern(MentorshipRequests.mentorship)
  mentorship(@Caller() caller: Principal, @Payload() input: MentorshipIdPayload): Promise<MentorshipView> {
    return this.mentorships.get(caller, input.id);
  }

  @MessagePattern(MentorshipRequests.completeMentorship)
  complete(@Caller() caller: Principal, @Payload() input: CompleteMentorshipPayload): Promise<MentorshipView> {
    return this.mentorships.complete(caller, input);
  }

  @MessagePattern(MentorshipRequests.endMentorship)
  end(@Caller() caller: Principal, @Payload() input: EndMentorshipPayload): Promise<MentorshipView> {
    return this.mentorships.end(caller, input);
  }

  @MessagePattern(MentorshipRequests.notifications)
  notificationsList(@Caller() caller: Principal, @Payload() input: PageQuery): Promise<NotificationPage> {
    return this.notifications.list(caller, input);
  }

  /** Her part of `GET /me/export`. */
  @MessagePattern(MentorshipRequests.export)
  export(@Caller() caller: Principal): Promise<Record<string, unknown>> {
    return this.memberExport.export(caller);
  }
}

/** Mentorship (API.md "Mentorship"): profiles, suggestions, requests, mentorships, notifications. */
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@weop/auth';
import {
  CompleteMentorshipRequest, CreateMentorshipRequest, CreatedRequestView, DeclineMentorshipRequest, EndMentorshipRequest, MenteeProfileRequest, MenteeProfileView,
  MentorProfileRequest, MentorProfileView, MentorshipIdParam, MentorshipPage, MentorshipRequestPage, MentorshipRequestView, MentorshipRequests, MentorshipView,
  MyRequestsQuery, NotificationPage, PageQuery, SuggestionList, SuggestionQuery,
} from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('mentorship')
@Controller('mentorship')
export class MentorshipController {
  constructor(private readonly client: ServiceClient) {}

  @Put('mentor-profile')
  @Roles('mentor')
  @ApiOperation({ summary: 'Offer mentoring: expertise, languages, countries, time zone, capacity (1–20), available. Pausing (available: false) answers her pending requests kindly for her' })
  @ApiOkResponse({ type: MentorProfileView })
  putMentorProfile(@Body() input: MentorProfileRequest, @Call() call: CallOptions): Promise<MentorProfileView> {
    return this.client.request(MentorshipRequests.putMentorProfile, input, call);
  }

  @Get('mentor-profile')
  @Roles('mentor')
  @ApiOperation({ summary: 'Her mentor profile, with the seats taken' })
  @ApiOkResponse({ type: MentorProfileView })
  getMentorProfile(@Call() call: CallOptions): Promise<MentorProfileView> {
    return this.client.request(MentorshipRequests.getMentorProfile, {}, call);
  }

  @Put('mentee-profile')
  @ApiOperation({ summary: 'What she looks for: goals, areas, languages, time zone, preferences (hard constraints)' })
  @ApiOkResponse({ type: MenteeProfileView })
  putMenteeProfile(@Body() input: MenteeProfileRequest, @Call() call: CallOptions): Promise<MenteeProfileView> {
    return this.client.request(MentorshipRequests.putMenteeProfile, input, call);
  }

  @Get('mentee-profile')
  @ApiOperation({ summary: 'Her mentee profile (409 MENTEE_PROFILE_REQUIRED before she made one)' })
  @ApiOkResponse({ type: MenteeProfileView })
  getMenteeProfile(@Call() call: CallOptions): Promise<MenteeProfileView> {
    return this.client.request(MentorshipRequests.getMenteeProfile, {}, call);
  }

  @Get('suggestions')
  @ApiOperation({ summary: 'Mentors for her, best first, with a score and reasons; never one at capacity or against her preferences (409 MENTEE_PROFILE_REQUIRED)' })
  @ApiOkResponse({ type: SuggestionList })
  suggestions(@Query() query: SuggestionQuery, @Call() call: CallOptions): Promise<SuggestionList> {
    return this.client.request(MentorshipRequests.suggestions, query, call);
  }

  @Post('requests')
  @ApiOperation({ summary: 'Ask a mentor (409 for a second open request to her, 409 MENTEE_PROFILE_REQUIRED)' })
  @ApiCreatedResponse({ type: CreatedRequestView })
  createRequest(@Body() input: CreateMentorshipRequest, @Call() call: CallOptions): Promise<CreatedRequestView> {
    return this.client.request(MentorshipRequests.createRequest, input, call);
  }

  @Get('requests')
  @ApiOperation({ summary: 'Requests she sent (as=mentee) or received (as=mentor), newest first' })
  @ApiOkResponse({ type: MentorshipRequestPage })
  myRequests(@Query() query: MyRequestsQuery, @Call() call: CallOptions): Promise<MentorshipRequestPage> {
    return this.client.request(MentorshipRequests.myRequests, query, call);
  }

  @Post('requests/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'The mentor accepts: a mentorship begins (409 MENTOR_AT_CAPACITY when every seat is taken)' })
  @ApiOkResponse({ type: MentorshipRequestView })
  accept(@Param() params: MentorshipIdParam, @Call() call: CallOptions): Promise<MentorshipRequestView> {
    return this.client.request(MentorshipRequests.acceptRequest, { id: params.id }, call);
  }

  @Post('requests/:id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'The mentor declines, with a reason from the list and a note of her own' })
  @ApiOkResponse({ type: MentorshipRequestView })
  decline(@Param() params: MentorshipIdParam, @Body() input: DeclineMentorshipRequest, @Call() call: CallOptions): Promise<MentorshipRequestView> {
    return this.client.request(MentorshipRequests.declineRequest, { ...input, id: params.id }, call);
  }

  @Post('requests/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'The mentee withdraws her open request' })
  @ApiOkResponse({ type: MentorshipRequestView })
  withdraw(@Param() params: MentorshipIdParam, @Call() call: CallOptions): Promise<MentorshipRequestView> {
    return this.client.request(MentorshipRequests.withdrawRequest, { id: params.id }, call);
  }

  @Get('mentorships')
  @ApiOperation({ summary: 'Her mentorships, as mentor or mentee, newest first' })
  @ApiOkResponse({ type: MentorshipPage })
  mentorships(@Query() query: PageQuery, @Call() call: CallOptions): Promise<MentorshipPage> {
    return this.client.request(MentorshipRequests.myMentorships, query, call);
  }

  @Get('mentorships/:id')
  @ApiOperation({ summary: 'A mentorship: only the pair sees it (404 for anyone else)' })
  @ApiOkResponse({ type: MentorshipView })
  mentorship(@Param() params: MentorshipIdParam, @Call() call: CallOptions): Promise<MentorshipView> {
    return this.client.request(MentorshipRequests.mentorship, { id: params.id }, call);
  }

  @Post('mentorships/:id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Her closing note; completed once both sides wrote one' })
  @ApiOkResponse({ type: MentorshipView })
  complete(@Param() params: MentorshipIdParam, @Body() input: CompleteMentorshipRequest, @Call() call: CallOptions): Promise<MentorshipView> {
    return this.client.request(MentorshipRequests.completeMentorship, { ...input, id: params.id }, call);
  }

  @Post('mentorships/:id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End early, with a reason' })
  @ApiOkResponse({ type: MentorshipView })
  end(@Param() params: MentorshipIdParam, @Body() input: EndMentorshipRequest, @Call() call: CallOptions): Promise<MentorshipView> {
    return this.client.request(MentorshipRequests.endMentorship, { ...input, id: params.id }, call);
  }

  @Get('notifications')
  @ApiOperation({ summary: 'Her mentoring notifications, newest first' })
  @ApiOkResponse({ type: NotificationPage })
  notifications(@Query() query: PageQuery, @Call() call: CallOptions): Promise<NotificationPage> {
    return this.client.request(MentorshipRequests.notifications, query, call);
  }
}

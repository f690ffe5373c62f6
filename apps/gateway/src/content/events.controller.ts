import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ContentIdParam, ContentItemView, ContentRequests, CreateEventRequest, CreatedContent, PageQuery, RegistrantPage, RegistrationResponse, UpdateEventRequest } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';
import { contentRoutes } from './content-routes';

@ApiTags('events')
@Controller('events')
export class EventsController extends contentRoutes('event', UpdateEventRequest) {
  constructor(client: ServiceClient) {
    super(client);
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedContent })
  create(@Body() input: CreateEventRequest, @Call() call: CallOptions): Promise<CreatedContent> {
    return this.client.request(ContentRequests.createEvent, input, call);
  }

  @Post(':id/registrations')
  @ApiOperation({ summary: 'Register: a seat while there is one, else the waitlist (409 EVENT_FULL when the event keeps none)' })
  @ApiCreatedResponse({ type: RegistrationResponse })
  register(@Param() params: ContentIdParam, @Call() call: CallOptions): Promise<RegistrationResponse> {
    return this.client.request(ContentRequests.register, { type: 'event', id: params.id }, call);
  }

  @Delete(':id/registrations/me')
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel her registration; the first on the waitlist moves up' })
  @ApiNoContentResponse()
  async unregister(@Param() params: ContentIdParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(ContentRequests.cancelRegistration, { type: 'event', id: params.id }, call);
  }

  @Get(':id/registrations')
  @ApiOperation({ summary: 'The organiser sees who registered and who waits' })
  @ApiOkResponse({ type: RegistrantPage })
  registrants(@Param() params: ContentIdParam, @Query() query: PageQuery, @Call() call: CallOptions): Promise<RegistrantPage> {
    return this.client.request(ContentRequests.registrations, { ...query, id: params.id }, call);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: ContentItemView })
  cancel(@Param() params: ContentIdParam, @Call() call: CallOptions): Promise<ContentItemView> {
    return this.client.request(ContentRequests.cancelEvent, { type: 'event', id: params.id }, call);
  }
}

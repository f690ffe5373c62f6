import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { ContentRequests, CreateDiscussionRequest, CreatedContent, UpdateDiscussionRequest } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';
import { commentRoutes } from './comment-routes';
import { contentRoutes } from './content-routes';

/** Threads in topics, for signed-in members (`GET /discussions?topic=`). */
@ApiTags('discussions')
@Controller('discussions')
export class DiscussionsController extends contentRoutes('discussion', UpdateDiscussionRequest) {
  constructor(client: ServiceClient) {
    super(client);
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedContent })
  create(@Body() input: CreateDiscussionRequest, @Call() call: CallOptions): Promise<CreatedContent> {
    return this.client.request(ContentRequests.createDiscussion, input, call);
  }
}

@ApiTags('discussions')
@Controller('discussions')
export class DiscussionRepliesController extends commentRoutes('discussion', 'replies') {
  constructor(client: ServiceClient) {
    super(client);
  }
}

/** The feed of what her connections published. */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommunityRequests, FeedPage, PageQuery } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('community')
@Controller('me/feed')
export class FeedController {
  constructor(private readonly client: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'What her connections published, newest first; nothing hidden or removed by moderation, nothing by a blocked or expelled member' })
  @ApiOkResponse({ type: FeedPage })
  feed(@Query() query: PageQuery, @Call() call: CallOptions): Promise<FeedPage> {
    return this.client.request(CommunityRequests.feed, query, call);
  }
}

/** community's NATS request for the feed of her connections. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CommunityRequests, PageQuery } from '@weop/contracts';
import type { FeedPage, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { FeedService } from './feed.service';

@RpcController()
export class FeedHandler {
  constructor(private readonly feed: FeedService) {}

  @MessagePattern(CommunityRequests.feed)
  mine(@Caller() caller: Principal, @Payload() input: PageQuery): Promise<FeedPage> {
    return this.feed.mine(caller, input);
  }
}

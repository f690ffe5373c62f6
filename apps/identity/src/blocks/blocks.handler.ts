import { MessagePattern, Payload } from '@nestjs/microservices';
import { BlockRequest, BlockRequests, MyBlocksQuery } from '@weop/contracts';
import type { BlockOutcome, BlockPage, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { BlocksService } from './blocks.service';

@RpcController()
export class BlocksHandler {
  constructor(private readonly blocks: BlocksService) {}

  @MessagePattern(BlockRequests.block)
  block(@Caller() caller: Principal, @Payload() input: BlockRequest): Promise<BlockOutcome> {
    return this.blocks.block(caller.accountId, input.memberId);
  }

  @MessagePattern(BlockRequests.unblock)
  async unblock(@Caller() caller: Principal, @Payload() input: BlockRequest): Promise<null> {
    await this.blocks.unblock(caller.accountId, input.memberId);
    return null;
  }

  @MessagePattern(BlockRequests.mine)
  mine(@Caller() caller: Principal, @Payload() input: MyBlocksQuery): Promise<BlockPage> {
    return this.blocks.mine(caller.accountId, input.limit, input.cursor);
  }
}

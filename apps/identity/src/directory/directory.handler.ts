import { MessagePattern, Payload } from '@nestjs/microservices';
import { DirectoryQuery, DirectoryRequests } from '@weop/contracts';
import type { DirectoryPage, Principal } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { DirectoryService } from './directory.service';

@RpcController()
export class DirectoryHandler {
  constructor(private readonly directory: DirectoryService) {}

  @MessagePattern(DirectoryRequests.search)
  search(@Caller() caller: Principal, @Payload() query: DirectoryQuery): Promise<DirectoryPage> {
    return this.directory.search(caller.accountId, query);
  }
}

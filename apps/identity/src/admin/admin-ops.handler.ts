/** The operators' requests to identity (`npm run weop -- admin create`); see OpsRequests for who may send them. */
import { UseGuards } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateAdminPayload, OpsRequests } from '@weop/contracts';
import type { CreateAdminOutcome } from '@weop/contracts';
import { PlatformOnly, RpcController } from '@weop/messaging';
import { AccountAdminService } from './account-admin.service';

@RpcController()
@UseGuards(PlatformOnly)
export class AdminOpsHandler {
  constructor(private readonly admin: AccountAdminService) {}

  @MessagePattern(OpsRequests.createAdmin)
  create(@Payload() input: CreateAdminPayload): Promise<CreateAdminOutcome> {
    return this.admin.createAdmin(input.email, input.password);
  }
}

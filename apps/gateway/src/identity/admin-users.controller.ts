import { Body, Controller, Delete, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@weop/auth';
import { AccountIdParam, AccountRoleParams, GrantRoleRequest, IdentityRequests, SetAccountStatusRequest } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

@ApiTags('admin')
@Controller('admin/users')
@Roles('admin')
export class AdminUsersController {
  constructor(private readonly client: ServiceClient) {}

  @Post(':id/roles')
  @HttpCode(204)
  @ApiNoContentResponse()
  async grant(@Param() params: AccountIdParam, @Body() body: GrantRoleRequest, @Call() call: CallOptions): Promise<void> {
    await this.client.request(IdentityRequests.grantRole, { accountId: params.id, role: body.role }, call);
  }

  @Delete(':id/roles/:role')
  @HttpCode(204)
  @ApiNoContentResponse()
  async revoke(@Param() params: AccountRoleParams, @Call() call: CallOptions): Promise<void> {
    await this.client.request(IdentityRequests.revokeRole, { accountId: params.id, role: params.role }, call);
  }

  /** Sets an account's status by hand (sanctions from trust-safety will set it through events). */
  @Put(':id/status')
  @HttpCode(204)
  @ApiNoContentResponse()
  async setStatus(@Param() params: AccountIdParam, @Body() body: SetAccountStatusRequest, @Call() call: CallOptions): Promise<void> {
    await this.client.request(IdentityRequests.setStatus, { ...body, accountId: params.id }, call);
  }
}

import { MessagePattern, Payload } from '@nestjs/microservices';
import { GrantRolePayload, IdentityRequests, SetAccountStatusPayload, StatusSnapshotPayload } from '@weop/contracts';
import type { Principal, StatusSnapshot } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { AccountAdminService } from './account-admin.service';

/** Admin requests. The gateway checks the role too; identity checks again (object-level rights live here). */
@RpcController()
export class AccountAdminHandler {
  constructor(private readonly admin: AccountAdminService) {}


  @MessagePattern(IdentityRequests.grantRole)
  async grant(@Caller() caller: Principal, @Payload() input: GrantRolePayload): Promise<null> {
    await this.admin.requireAdmin(caller.accountId);
    await this.admin.grantRole(input.accountId, input.role);
    return null;
  }

  @MessagePattern(IdentityRequests.revokeRole)
  async revoke(@Caller() caller: Principal, @Payload() input: GrantRolePayload): Promise<null> {
    await this.admin.requireAdmin(caller.accountId);
    await this.admin.revokeRole(input.accountId, input.role, caller.accountId);
    return null;
  }

  @MessagePattern(IdentityRequests.setStatus)
  async setStatus(@Caller() caller: Principal, @Payload() input: SetAccountStatusPayload): Promise<null> {
    await this.admin.requireAdmin(caller.accountId);
    await this.admin.setStatus(input.accountId, { status: input.status, until: input.until, reason: input.reason, changedBy: caller.accountId });
    return null;
  }

  /** For the gateway's replica: every account that is restricted or holds more than the member role. */
  @MessagePattern(IdentityRequests.statusSnapshot)
  snapshot(@Payload() input: StatusSnapshotPayload): Promise<StatusSnapshot> {
    return this.admin.statusSnapshot(input.after);
  }
}

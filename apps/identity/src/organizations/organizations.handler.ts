/** identity's organisation verification requests over NATS. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateOrganizationPayload,
  EmailCodePayload,
  OrganizationDecisionPayload,
  OrganizationFilePayload,
  OrganizationIdPayload,
  OrganizationMemberPayload,
  OrganizationRequests,
} from '@weop/contracts';
import type { OrganizationCreated, OrganizationReviewView, OrganizationView, Principal, VerificationFileView } from '@weop/contracts';
import { Caller, MaybeCaller, RpcController } from '@weop/messaging';
import { OrganizationsService } from './organizations.service';

@RpcController()
export class OrganizationsHandler {
  constructor(private readonly organizations: OrganizationsService) {}

  @MessagePattern(OrganizationRequests.create)
  create(@Caller() caller: Principal, @Payload() input: CreateOrganizationPayload): Promise<OrganizationCreated> {
    return this.organizations.create(caller, input);
  }

  @MessagePattern(OrganizationRequests.confirmEmail)
  confirm(@Caller() caller: Principal, @Payload() input: EmailCodePayload): Promise<OrganizationCreated> {
    return this.organizations.confirmEmail(caller, input);
  }

  @MessagePattern(OrganizationRequests.resendCode)
  async resend(@Caller() caller: Principal, @Payload() input: OrganizationIdPayload): Promise<{ sent: true }> {
    await this.organizations.resendCode(caller, input.id);
    return { sent: true };
  }

  @MessagePattern(OrganizationRequests.get)
  get(@MaybeCaller() caller: Principal | null, @Payload() input: OrganizationIdPayload): Promise<OrganizationView | OrganizationReviewView> {
    return this.organizations.get(caller, input.id);
  }

  @MessagePattern(OrganizationRequests.claim)
  claim(@Caller() caller: Principal, @Payload() input: OrganizationIdPayload): Promise<OrganizationReviewView> {
    return this.organizations.claim(caller, input.id);
  }

  @MessagePattern(OrganizationRequests.file)
  file(@Caller() caller: Principal, @Payload() input: OrganizationFilePayload): Promise<VerificationFileView> {
    return this.organizations.file(caller, input.id, input.slot);
  }

  @MessagePattern(OrganizationRequests.decide)
  decide(@Caller() caller: Principal, @Payload() input: OrganizationDecisionPayload): Promise<OrganizationCreated> {
    return this.organizations.decide(caller, input);
  }

  @MessagePattern(OrganizationRequests.addMember)
  addMember(@Caller() caller: Principal, @Payload() input: OrganizationMemberPayload): Promise<OrganizationView> {
    return this.organizations.addMember(caller, input);
  }

  @MessagePattern(OrganizationRequests.removeMember)
  removeMember(@Caller() caller: Principal, @Payload() input: OrganizationMemberPayload): Promise<OrganizationView> {
    return this.organizations.removeMember(caller, input);
  }
}

import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByProfileId, IdentityRequests, UpdateProfileRequest } from '@weop/contracts';
import type { MeResponse, Principal, ProfileResponse, PublicProfileResponse } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { ProfilesService } from './profiles.service';

@RpcController()
export class ProfilesHandler {
  constructor(private readonly profiles: ProfilesService) {}

  @MessagePattern(IdentityRequests.me)
  me(@Caller() caller: Principal): Promise<MeResponse> {
    return this.profiles.me(caller.accountId);
  }

  @MessagePattern(IdentityRequests.updateProfile)
  update(@Caller() caller: Principal, @Payload() changes: UpdateProfileRequest): Promise<ProfileResponse> {
    return this.profiles.update(caller.accountId, changes);
  }

  @MessagePattern(IdentityRequests.getProfile)
  get(@Caller() _caller: Principal, @Payload() input: ByProfileId): Promise<PublicProfileResponse> {
    return this.profiles.publicProfile(input.id);
  }
}

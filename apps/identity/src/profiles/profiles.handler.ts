import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByProfileId, IdentityRequests, UpdateProfileRequest, UploadPhotoPayload } from '@weop/contracts';
import type { MeResponse, PhotoResponse, Principal, ProfileResponse, PublicProfileResponse } from '@weop/contracts';
import { Caller, RpcController } from '@weop/messaging';
import { ProfilePhotoService } from './profile-photo.service';
import { ProfilesService } from './profiles.service';

@RpcController()
export class ProfilesHandler {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly photos: ProfilePhotoService,
  ) {}

  @MessagePattern(IdentityRequests.me)
  me(@Caller() caller: Principal): Promise<MeResponse> {
    return this.profiles.me(caller.accountId);
  }

  @MessagePattern(IdentityRequests.updateProfile)
  update(@Caller() caller: Principal, @Payload() changes: UpdateProfileRequest): Promise<ProfileResponse> {
    return this.profiles.update(caller.accountId, changes);
  }

  @MessagePattern(IdentityRequests.getProfile)
  get(@Caller() caller: Principal, @Payload() input: ByProfileId): Promise<PublicProfileResponse> {
    return this.profiles.publicProfile(caller.accountId, input.id);
  }

  @MessagePattern(IdentityRequests.uploadPhoto)
  uploadPhoto(@Caller() caller: Principal, @Payload() input: UploadPhotoPayload): Promise<ProfileResponse> {
    return this.photos.upload(caller.accountId, input.contentBase64);
  }

  @MessagePattern(IdentityRequests.deletePhoto)
  async deletePhoto(@Caller() caller: Principal): Promise<null> {
    await this.photos.remove(caller.accountId);
    return null;
  }

  @MessagePattern(IdentityRequests.getPhoto)
  photo(@Caller() caller: Principal, @Payload() input: ByProfileId): Promise<PhotoResponse> {
    return this.photos.photoOf(caller.accountId, input.id);
  }
}

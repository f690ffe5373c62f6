import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AccountIdParam, IdentityRequests, PublicProfileResponse } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

/** Members' public profiles: for signed-in members only, never the email. */
@ApiTags('profiles')
@Controller('profiles')
export class ProfilesController {
  constructor(private readonly client: ServiceClient) {}

  @Get(':id')
  @ApiOkResponse({ type: PublicProfileResponse })
  get(@Param() params: AccountIdParam, @Call() call: CallOptions): Promise<PublicProfileResponse> {
    return this.client.request(IdentityRequests.getProfile, { id: params.id }, call);
  }
}

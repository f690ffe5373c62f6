import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OpenWhenRestricted, Public } from '@weop/auth';
import { IdResponse, IdentityRequests, LoginRequest, RefreshRequest, RegisterRequest, TokenPairResponse } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';
import { AuthRateLimited } from '../http/throttling';

@ApiTags('accounts')
@Controller('auth')
export class AuthController {
  constructor(private readonly client: ServiceClient) {}

  @Post('register')
  @Public()
  @AuthRateLimited()
  @ApiCreatedResponse({ type: IdResponse })
  register(@Body() body: RegisterRequest, @Call() call: CallOptions): Promise<IdResponse> {
    return this.client.request(IdentityRequests.register, body, call);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @AuthRateLimited()
  @ApiOkResponse({ type: TokenPairResponse })
  login(@Body() body: LoginRequest, @Call() call: CallOptions): Promise<TokenPairResponse> {
    return this.client.request(IdentityRequests.login, body, call);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @AuthRateLimited()
  @ApiOkResponse({ type: TokenPairResponse })
  refresh(@Body() body: RefreshRequest, @Call() call: CallOptions): Promise<TokenPairResponse> {
    return this.client.request(IdentityRequests.refresh, body, call);
  }

  @Post('logout')
  @OpenWhenRestricted()
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@Call() call: CallOptions): Promise<void> {
    await this.client.request(IdentityRequests.logout, {}, call);
  }
}

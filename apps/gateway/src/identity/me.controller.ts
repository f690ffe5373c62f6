import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OpenWhenRestricted } from '@weop/auth';
import { AwardsRequests, CommunityRequests, ContentRequests, IdentityRequests, MentorshipRequests, TrustSafetyRequests, DeleteAccountRequest, MeResponse, PageQuery, ProfileResponse, SessionIdParam, SessionList, UpdateProfileRequest } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';
import { GatewayConfig } from '../gateway.config';

/** The services that hold a member's data, each answering for her part of `GET /me/export`. */
const EXPORTING: readonly (readonly [string, string])[] = [
  ['identity', IdentityRequests.export],
  ['content', ContentRequests.export],
  ['trust-safety', TrustSafetyRequests.export],
  ['community', CommunityRequests.export],
  ['mentorship', MentorshipRequests.export],
  ['awards', AwardsRequests.export],
];

@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(
    private readonly client: ServiceClient,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Get()
  @OpenWhenRestricted()
  @ApiOkResponse({ type: MeResponse })
  me(@Call() call: CallOptions): Promise<MeResponse> {
    return this.client.request(IdentityRequests.me, {}, call);
  }

  @Patch('profile')
  @ApiOkResponse({ type: ProfileResponse })
  updateProfile(@Body() body: UpdateProfileRequest, @Call() call: CallOptions): Promise<ProfileResponse> {
    return this.client.request(IdentityRequests.updateProfile, body, call);
  }

  @Get('sessions')
  @ApiOkResponse({ type: SessionList })
  sessions(@Query() query: PageQuery, @Call() call: CallOptions): Promise<SessionList> {
    return this.client.request(IdentityRequests.listSessions, { ...query }, call);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async endSession(@Param() params: SessionIdParam, @Call() call: CallOptions): Promise<void> {
    await this.client.request(IdentityRequests.endSession, { sessionId: params.id }, call);
  }

  /** Everything the platform holds about her, as JSON. Open while restricted: it is her data. */
  @Get('export')
  @OpenWhenRestricted()
  @ApiOkResponse({ description: 'Her data, by service' })
  async export(@Call() call: CallOptions): Promise<Record<string, unknown>> {
    // Every service that holds something of hers answers, or the export fails as a whole (503): a partial export would mislead.
    const services = EXPORTING.filter(([service]) => service === 'identity' || this.config.WEOP_SERVICES.includes(service));
    const parts = await Promise.all(services.map(([, subject]) => this.client.request<Record<string, unknown>>(subject, {}, call)));
    return { exportedAt: new Date().toISOString(), services: Object.fromEntries(services.map(([service], i) => [service, parts[i]])) };
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Account deleted; see docs/privacy.md for what is kept and why' })
  @ApiOperation({ summary: 'Delete her account; her password is asked again (422 PASSWORD_INCORRECT otherwise, throttled like signing in)' })
  async deleteMe(@Body() body: DeleteAccountRequest, @Call() call: CallOptions): Promise<void> {
    await this.client.request(IdentityRequests.deleteMe, { password: body.password }, call);
  }
}

import { Body, Controller, Get, Headers, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OpenWhenRestricted } from '@weop/auth';
import { AppealRequest, PageQuery, SanctionIdParam, SanctionPage, TrustSafetyRequests } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

/** A sanctioned member reads her sanctions and appeals them: both open while she is suspended or expelled. */
@ApiTags('me')
@Controller()
export class SanctionsController {
  constructor(private readonly client: ServiceClient) {}

  @Get('me/sanctions')
  @OpenWhenRestricted()
  @ApiOperation({ summary: 'Her sanctions as statements of reasons: what was restricted, why, under which guideline, whether automation played a part, the dates, how to appeal' })
  @ApiOkResponse({ type: SanctionPage })
  mine(@Query() query: PageQuery, @Headers('accept-language') acceptLanguage: string | undefined, @Call() call: CallOptions): Promise<SanctionPage> {
    return this.client.request(TrustSafetyRequests.mySanctions, { ...query, ...(acceptLanguage ? { acceptLanguage: acceptLanguage.slice(0, 200) } : {}) }, call);
  }

  @Post('sanctions/:id/appeals')
  @OpenWhenRestricted()
  @ApiOperation({ summary: 'Appeal once, within the window (409 ALREADY_APPEALED, 422 APPEAL_WINDOW_CLOSED)' })
  @ApiCreatedResponse({ description: '{id}' })
  appeal(@Param() params: SanctionIdParam, @Body() input: AppealRequest, @Call() call: CallOptions): Promise<{ id: string }> {
    return this.client.request(TrustSafetyRequests.appeal, { ...input, sanctionId: params.id }, call);
  }
}

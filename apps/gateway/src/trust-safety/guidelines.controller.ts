import { Controller, Get, Headers, Param } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@weop/auth';
import { GuidelineCodeParam, GuidelineSummary, GuidelineView, TrustSafetyRequests } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

/** The community guidelines, public, in the caller's language (English, Russian, Chinese; English otherwise). */
@ApiTags('guidelines')
@Controller('guidelines')
@ApiHeader({ name: 'accept-language', required: false, description: 'en, ru or zh' })
export class GuidelinesController {
  constructor(private readonly client: ServiceClient) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: [GuidelineSummary] })
  list(@Headers('accept-language') acceptLanguage: string | undefined, @Call() call: CallOptions): Promise<GuidelineSummary[]> {
    return this.client.request(TrustSafetyRequests.guidelines, { ...(acceptLanguage ? { acceptLanguage: acceptLanguage.slice(0, 200) } : {}) }, call);
  }

  @Get(':code')
  @Public()
  @ApiOkResponse({ type: GuidelineView })
  get(@Param() params: GuidelineCodeParam, @Headers('accept-language') acceptLanguage: string | undefined, @Call() call: CallOptions): Promise<GuidelineView> {
    return this.client.request(TrustSafetyRequests.guideline, { code: params.code, ...(acceptLanguage ? { acceptLanguage: acceptLanguage.slice(0, 200) } : {}) }, call);
  }
}

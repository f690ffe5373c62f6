import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@weop/auth';
import { ModerationStats, ModerationStatsQuery, TrustSafetyRequests } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';

/** Transparency statistics for staff: figures only, never a reporter. */
@ApiTags('moderation')
@Controller('moderation/stats')
@Roles('moderator', 'senior-moderator', 'admin')
export class ModerationStatsController {
  constructor(private readonly client: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'Reports, cases, decisions and appeals over a span of UTC days (the last 30 by default, at most 366)' })
  @ApiOkResponse({ type: ModerationStats })
  figures(@Query() query: ModerationStatsQuery, @Call() call: CallOptions): Promise<ModerationStats> {
    return this.client.request(TrustSafetyRequests.stats, query, call);
  }
}

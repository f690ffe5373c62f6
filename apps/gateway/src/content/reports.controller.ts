/**
 * `POST /reports` goes to the service that owns the subject (content for posts and comments,
 * identity for profiles, mentorship for mentorships, community for messages and groups, awards for
 * nominations);
 * `GET /me/reports` merges her reports from each, newest first.
 */
import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AwardsRequests, CONTENT_SUBJECT_TYPES, CommunityRequests, ContentRequests, FileReportRequest, IdResponse, IdentityRequests, MyReportsQuery, ReportPage, SafeguardingRequests, notFound } from '@weop/contracts';
import type { ReportView } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { decodeCursor, encodeCursor } from '@weop/contracts';
import { Call } from '../http/call-options';
import { GatewayConfig } from '../gateway.config';

/**
 * Which service keeps the reports on each kind of subject: where one is filed, and where her own are listed.
 * A service the gateway is not configured with (WEOP_SERVICES) has no such subjects on this platform.
 */
const OWNERS: readonly { service: string; types: readonly string[]; file: string; mine: string }[] = [
  { service: 'content', types: CONTENT_SUBJECT_TYPES, file: ContentRequests.fileReport, mine: ContentRequests.myReports },
  { service: 'identity', types: ['profile'], file: IdentityRequests.fileReport, mine: IdentityRequests.myReports },
  { service: 'mentorship', types: ['mentorship'], file: SafeguardingRequests.fileReport, mine: SafeguardingRequests.myReports },
  { service: 'community', types: ['message', 'group'], file: CommunityRequests.fileReport, mine: CommunityRequests.myReports },
  { service: 'awards', types: ['nomination'], file: AwardsRequests.fileReport, mine: AwardsRequests.myReports },
];

/** Newest first; ties by id, the same order each service pages in. */
const newerFirst = (a: ReportView, b: ReportView): number => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(
    private readonly client: ServiceClient,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Post('reports')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: IdResponse })
  file(@Body() input: FileReportRequest, @Call() call: CallOptions): Promise<IdResponse> {
    const owner = this.owners().find((o) => o.types.includes(input.subject.type));
    if (!owner) throw notFound(`The ${input.subject.type}`);
    return this.client.request(owner.file, input, call);
  }

  /** The owners this gateway fronts (identity always: every platform has it). */
  private owners(): typeof OWNERS {
    return OWNERS.filter((o) => o.service === 'identity' || this.config.WEOP_SERVICES.includes(o.service));
  }

  /**
   * A merge of two keyset-paged lists: each source is asked for a page after the cursor's position,
   * the pages are merged and cut, and the last item's position is the next cursor.
   */
  @Get('me/reports')
  @ApiOkResponse({ type: ReportPage })
  async mine(@Query() query: MyReportsQuery, @Call() call: CallOptions): Promise<ReportPage> {
    const limit = query.limit ?? 20;
    decodeCursor(query.cursor, ['date', 'uuid']);
    const pages = await Promise.all(this.owners().map((o) => this.client.request<ReportPage>(o.mine, { limit, ...(query.cursor ? { cursor: query.cursor } : {}) }, call)));
    const merged = pages.flatMap((p) => p.items).sort(newerFirst);
    const items = merged.slice(0, limit);
    const more = merged.length > limit || pages.some((p) => p.nextCursor !== null);
    const last = items[items.length - 1];
    return { items, nextCursor: more && last ? encodeCursor([last.createdAt, last.id]) : null };
  }
}

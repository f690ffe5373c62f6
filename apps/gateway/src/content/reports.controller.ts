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

/** Where her reports are kept, by service; each asked only when the gateway is configured with that service. */
const SOURCES = [
  { service: 'content', subject: ContentRequests.myReports },
  { service: 'identity', subject: IdentityRequests.myReports },
  { service: 'mentorship', subject: SafeguardingRequests.myReports },
  { service: 'community', subject: CommunityRequests.myReports },
  { service: 'awards', subject: AwardsRequests.myReports },
] as const;

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
    if ((CONTENT_SUBJECT_TYPES as readonly string[]).includes(input.subject.type)) return this.client.request(ContentRequests.fileReport, input, call);
    if (input.subject.type === 'profile') return this.client.request(IdentityRequests.fileReport, input, call);
    if (input.subject.type === 'mentorship') return this.client.request(SafeguardingRequests.fileReport, input, call);
    // Messages and groups are community's; a platform run without it has none of them.
    if ((input.subject.type === 'message' || input.subject.type === 'group') && this.config.WEOP_SERVICES.includes('community')) return this.client.request(CommunityRequests.fileReport, input, call);
    // Nominations are awards'; a platform run without it has none.
    if (input.subject.type === 'nomination' && this.config.WEOP_SERVICES.includes('awards')) return this.client.request(AwardsRequests.fileReport, input, call);
    throw notFound(`The ${input.subject.type}`);
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
    const sources = SOURCES.filter((s) => s.service === 'identity' || this.config.WEOP_SERVICES.includes(s.service));
    const pages = await Promise.all(sources.map((s) => this.client.request<ReportPage>(s.subject, { limit, ...(query.cursor ? { cursor: query.cursor } : {}) }, call)));
    const merged = pages.flatMap((p) => p.items).sort(newerFirst);
    const items = merged.slice(0, limit);
    const more = merged.length > limit || pages.some((p) => p.nextCursor !== null);
    const last = items[items.length - 1];
    return { items, nextCursor: more && last ? encodeCursor([last.createdAt, last.id]) : null };
  }
}

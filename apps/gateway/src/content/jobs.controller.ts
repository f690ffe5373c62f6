import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@weop/auth';
import { ContentIdParam, ContentItemView, ContentPage, ContentRequests, CreateJobRequest, CreatedContent, JobReviewRequest, PendingJobsQuery, UpdateJobRequest } from '@weop/contracts';
import { ServiceClient } from '@weop/messaging';
import type { CallOptions } from '@weop/messaging';
import { Call } from '../http/call-options';
import { contentRoutes } from './content-routes';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController extends contentRoutes('job', UpdateJobRequest) {
  constructor(client: ServiceClient) {
    super(client);
  }

  @Post()
  @ApiOperation({ summary: 'Post a job for an organisation: pending review, or published at once for a verified organisation' })
  @ApiCreatedResponse({ type: CreatedContent })
  create(@Body() input: CreateJobRequest, @Call() call: CallOptions): Promise<CreatedContent> {
    return this.client.request(ContentRequests.createJob, input, call);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: ContentItemView })
  close(@Param() params: ContentIdParam, @Call() call: CallOptions): Promise<ContentItemView> {
    return this.client.request(ContentRequests.closeJob, { type: 'job', id: params.id }, call);
  }
}

/** Moderators' review of job posts. */
@ApiTags('moderation')
@Controller('moderation/jobs')
@Roles('moderator', 'senior-moderator', 'admin')
export class JobReviewController {
  constructor(private readonly client: ServiceClient) {}

  @Get()
  @ApiOperation({ summary: 'Job posts waiting for review, oldest first' })
  @ApiOkResponse({ type: ContentPage })
  pending(@Query() query: PendingJobsQuery, @Call() call: CallOptions): Promise<ContentPage> {
    return this.client.request(ContentRequests.pendingJobs, query, call);
  }

  @Post(':id/review')
  @HttpCode(200)
  @ApiOkResponse({ type: ContentItemView })
  review(@Param() params: ContentIdParam, @Body() input: JobReviewRequest, @Call() call: CallOptions): Promise<ContentItemView> {
    return this.client.request(ContentRequests.reviewJob, { ...input, id: params.id }, call);
  }
}

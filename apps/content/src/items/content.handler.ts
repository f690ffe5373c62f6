/** Content's NATS requests: validated payloads in, one service call each, answers out. */
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AuthorContentPayload,
  CommentPayload,
  CommentRefPayload,
  CommentsPayload,
  ContentRef,
  ContentRequests,
  CreateBlogRequest,
  CreateDiscussionRequest,
  CreateEventRequest,
  CreateJobRequest,
  CreateResourceRequest,
  CreateWithFilePayload,
  DownloadPayload,
  EventRefPayload,
  FileReportPayload,
  JobReviewPayload,
  ListContentPayload,
  MyReportsPayload,
  PendingJobsQuery,
  PublishPayload,
  ReactionPayload,
  SearchQuery,
  UpdateContentPayload,
} from '@weop/contracts';
import type {
  CommentPage,
  ContentItemView,
  ContentPage,
  CreatedContent,
  DownloadResponse,
  IdResponse,
  Principal,
  RegistrantPage,
  RegistrationResponse,
  ReportPage,
  SearchPage,
} from '@weop/contracts';
import { Caller, MaybeCaller, RpcController } from '@weop/messaging';
import { CommentsService } from '../comments/comments.service';
import { EventsService } from '../events/events.service';
import { FilesService } from '../files/files.service';
import { JobsService } from '../jobs/jobs.service';
import { MemberExportService } from '../members/member-export.service';
import { ReportsService } from '../reports/reports.service';
import { SearchService } from '../search/search.service';
import { ContentItemsService } from './content-items.service';
import { newBlog, newDiscussion, newEvent, newJob, newResource } from './content-rules';

@RpcController()
export class ContentHandler {
  constructor(
    private readonly items: ContentItemsService,
    private readonly comments: CommentsService,
    private readonly jobs: JobsService,
    private readonly events: EventsService,
    private readonly files: FilesService,
    private readonly searching: SearchService,
    private readonly reports: ReportsService,
    private readonly memberExport: MemberExportService,
  ) {}

  /** Her part of `GET /me/export`. */
  @MessagePattern(ContentRequests.export)
  export(@Caller() caller: Principal): Promise<Record<string, unknown>> {
    return this.memberExport.export(caller);
  }

  @MessagePattern(ContentRequests.createBlog)
  createBlog(@Caller() caller: Principal, @Payload() input: CreateBlogRequest): Promise<CreatedContent> {
    return this.items.create(caller, newBlog(input));
  }

  @MessagePattern(ContentRequests.createJob)
  createJob(@Caller() caller: Principal, @Payload() input: CreateJobRequest): Promise<CreatedContent> {
    return this.items.create(caller, newJob(input));
  }

  @MessagePattern(ContentRequests.createEvent)
  createEvent(@Caller() caller: Principal, @Payload() input: CreateEventRequest): Promise<CreatedContent> {
    return this.items.create(caller, newEvent(input));
  }

  @MessagePattern(ContentRequests.createDiscussion)
  createDiscussion(@Caller() caller: Principal, @Payload() input: CreateDiscussionRequest): Promise<CreatedContent> {
    return this.items.create(caller, newDiscussion(input));
  }

  @MessagePattern(ContentRequests.createResource)
  createResource(@Caller() caller: Principal, @Payload() input: CreateResourceRequest): Promise<CreatedContent> {
    return this.items.create(caller, newResource(input, false));
  }

  @MessagePattern(ContentRequests.createWithFile)
  createWithFile(@Caller() caller: Principal, @Payload() input: CreateWithFilePayload): Promise<CreatedContent> {
    return this.files.create(caller, input);
  }

  @MessagePattern(ContentRequests.download)
  download(@MaybeCaller() caller: Principal | null, @Payload() input: DownloadPayload): Promise<DownloadResponse> {
    return this.files.download(caller, input.type, input.id);
  }

  @MessagePattern(ContentRequests.get)
  get(@MaybeCaller() caller: Principal | null, @Payload() input: ContentRef): Promise<ContentItemView> {
    return this.items.get(caller, input.type, input.id);
  }

  @MessagePattern(ContentRequests.list)
  list(@MaybeCaller() caller: Principal | null, @Payload() input: ListContentPayload): Promise<ContentPage> {
    return this.items.list(caller, input);
  }

  @MessagePattern(ContentRequests.byAuthor)
  byAuthor(@MaybeCaller() caller: Principal | null, @Payload() input: AuthorContentPayload): Promise<ContentPage> {
    return this.items.byAuthor(caller, input.authorId, input.type, input.limit, input.cursor);
  }

  @MessagePattern(ContentRequests.update)
  update(@Caller() caller: Principal, @Payload() input: UpdateContentPayload): Promise<ContentItemView> {
    return this.items.update(caller, input.type, input.id, input.changes);
  }

  @MessagePattern(ContentRequests.publish)
  publish(@Caller() caller: Principal, @Payload() input: PublishPayload): Promise<ContentItemView> {
    return this.items.publish(caller, input.type, input.id, input);
  }

  @MessagePattern(ContentRequests.unpublish)
  unpublish(@Caller() caller: Principal, @Payload() input: ContentRef): Promise<ContentItemView> {
    return this.items.unpublish(caller, input.type, input.id);
  }

  @MessagePattern(ContentRequests.remove)
  async remove(@Caller() caller: Principal, @Payload() input: ContentRef): Promise<null> {
    await this.items.remove(caller, input.type, input.id);
    return null;
  }

  @MessagePattern(ContentRequests.comment)
  comment(@Caller() caller: Principal, @Payload() input: CommentPayload): Promise<IdResponse> {
    return this.comments.add(caller, input.type, input.id, input.body);
  }

  @MessagePattern(ContentRequests.comments)
  listComments(@MaybeCaller() caller: Principal | null, @Payload() input: CommentsPayload): Promise<CommentPage> {
    return this.comments.list(caller, input.type, input.id, input.limit, input.cursor);
  }

  @MessagePattern(ContentRequests.deleteComment)
  async deleteComment(@Caller() caller: Principal, @Payload() input: CommentRefPayload): Promise<null> {
    await this.comments.remove(caller, input.type, input.id, input.commentId);
    return null;
  }

  @MessagePattern(ContentRequests.react)
  async react(@Caller() caller: Principal, @Payload() input: ReactionPayload): Promise<null> {
    await this.comments.react(caller, input.type, input.id, input.kind, true);
    return null;
  }

  @MessagePattern(ContentRequests.unreact)
  async unreact(@Caller() caller: Principal, @Payload() input: ReactionPayload): Promise<null> {
    await this.comments.react(caller, input.type, input.id, input.kind, false);
    return null;
  }

  @MessagePattern(ContentRequests.closeJob)
  closeJob(@Caller() caller: Principal, @Payload() input: ContentRef): Promise<ContentItemView> {
    return this.jobs.close(caller, input.id);
  }

  @MessagePattern(ContentRequests.pendingJobs)
  pendingJobs(@Caller() caller: Principal, @Payload() input: PendingJobsQuery): Promise<ContentPage> {
    return this.jobs.pending(caller, input.limit, input.cursor);
  }

  @MessagePattern(ContentRequests.reviewJob)
  reviewJob(@Caller() caller: Principal, @Payload() input: JobReviewPayload): Promise<ContentItemView> {
    return this.jobs.review(caller, input.id, input);
  }

  @MessagePattern(ContentRequests.register)
  register(@Caller() caller: Principal, @Payload() input: ContentRef): Promise<RegistrationResponse> {
    return this.events.register(caller, input.id);
  }

  @MessagePattern(ContentRequests.cancelRegistration)
  async cancelRegistration(@Caller() caller: Principal, @Payload() input: ContentRef): Promise<null> {
    await this.events.cancel(caller, input.id);
    return null;
  }

  @MessagePattern(ContentRequests.registrations)
  registrations(@Caller() caller: Principal, @Payload() input: EventRefPayload): Promise<RegistrantPage> {
    return this.events.registrants(caller, input.id, input.limit, input.cursor);
  }

  @MessagePattern(ContentRequests.cancelEvent)
  cancelEvent(@Caller() caller: Principal, @Payload() input: ContentRef): Promise<ContentItemView> {
    return this.events.cancelEvent(caller, input.id);
  }

  @MessagePattern(ContentRequests.search)
  search(@MaybeCaller() caller: Principal | null, @Payload() input: SearchQuery): Promise<SearchPage> {
    return this.searching.search(caller, input);
  }

  @MessagePattern(ContentRequests.fileReport)
  fileReport(@Caller() caller: Principal, @Payload() input: FileReportPayload): Promise<IdResponse> {
    return this.reports.file(caller, input);
  }

  @MessagePattern(ContentRequests.myReports)
  myReports(@Caller() caller: Principal, @Payload() input: MyReportsPayload): Promise<ReportPage> {
    return this.reports.mine(caller.accountId, input.limit, input.cursor);
  }
}

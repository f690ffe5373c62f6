import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from 'pino';
import { AccessTokenStrategy, SIGNING_KEYS } from '@weop/auth';
import { MessagingModule } from '@weop/messaging';
import { ObservabilityModule } from '@weop/observability';
import { AccessGuard } from './access/access.guard';
import { AwardCyclesController } from './awards/award-cycles.controller';
import { NominationsController } from './awards/nominations.controller';
import { SigningKeysService } from './access/signing-keys.service';
import { StatusReplica } from './access/status-replica.service';
import { GatewayConfig } from './gateway.config';
import { HealthController } from './health/health.controller';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { InputShapeGuard } from './http/input-shape.guard';
import { AddressThrottlerGuard, LibraryThrottlerGuard, throttlers } from './http/throttling';
import { FixedWindowThrottlerStorage } from './http/fixed-window-storage';
import { BlogCommentsController, BlogsController } from './content/blogs.controller';
import { DiscussionRepliesController, DiscussionsController } from './content/discussions.controller';
import { EventsController } from './content/events.controller';
import { JobReviewController, JobsController } from './content/jobs.controller';
import { PublicationsController, ResourcesController } from './content/publications.controller';
import { ReportsController } from './content/reports.controller';
import { SearchController } from './content/search.controller';
import { AdminUsersController } from './identity/admin-users.controller';
import { GuidelinesController } from './trust-safety/guidelines.controller';
import { ModerationStatsController } from './trust-safety/moderation-stats.controller';
import { ModerationCasesController } from './trust-safety/moderation-cases.controller';
import { ModerationAppealsController, ModerationMembersController } from './trust-safety/moderation-appeals.controller';
import { SanctionsController } from './trust-safety/sanctions.controller';
import { OrganizationsController, VerificationController } from './identity/verification.controller';
import { AuthController } from './identity/auth.controller';
import { MeController } from './identity/me.controller';
import { PhotosController } from './identity/photos.controller';
import { ProfilesController } from './identity/profiles.controller';
import { BlocksController } from './identity/blocks.controller';
import { MembersDirectoryController } from './identity/members-directory.controller';
import { MentorshipController } from './mentorship/mentorship.controller';
import { MentorshipWorkController } from './mentorship/mentorship-work.controller';
import { ProgrammesController } from './mentorship/programmes.controller';
import { SafeguardingController } from './mentorship/safeguarding.controller';
import { NotificationsController } from './community/notifications.controller';
import { ConversationsController } from './community/conversations.controller';
import { ConnectionsController } from './community/connections.controller';
import { MutesController } from './community/mutes.controller';
import { FeedController } from './community/feed.controller';
import { GroupsController } from './community/groups.controller';

/** Every controller of the public API (the routes the authorization matrix and the `@Call()` check cover). */
export const GATEWAY_CONTROLLERS = [
  HealthController,
  AuthController,
  MeController,
  ProfilesController,
  PhotosController,
  BlocksController,
  MembersDirectoryController,
  AdminUsersController,
  BlogsController,
  BlogCommentsController,
  PublicationsController,
  JobsController,
  JobReviewController,
  ResourcesController,
  EventsController,
  DiscussionsController,
  DiscussionRepliesController,
  SearchController,
  ReportsController,
  GuidelinesController,
  ModerationStatsController,
  ModerationCasesController,
  ModerationAppealsController,
  ModerationMembersController,
  SanctionsController,
  VerificationController,
  OrganizationsController,
  AwardCyclesController,
  NominationsController,
  MentorshipController,
  MentorshipWorkController,
  ProgrammesController,
  SafeguardingController,
  NotificationsController,
  ConversationsController,
  ConnectionsController,
  MutesController,
  FeedController,
  GroupsController,
];

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ObservabilityModule.forService({ service: 'gateway', logger, version: config.WEOP_VERSION }),
        MessagingModule.forService({
          service: 'gateway',
          natsUrl: config.NATS_URL,
          namespace: config.WEOP_NATS_NAMESPACE,
          streamReplicas: config.WEOP_STREAM_REPLICAS,
          producesEvents: false,
          requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
        }),
        PassportModule,
        DiscoveryModule,
        ThrottlerModule.forRoot({ throttlers: throttlers(config), storage: new FixedWindowThrottlerStorage() }),
      ],
      controllers: GATEWAY_CONTROLLERS,
      providers: [
        { provide: GatewayConfig, useValue: config },
        SigningKeysService,
        { provide: SIGNING_KEYS, useExisting: SigningKeysService },
        AccessTokenStrategy,
        StatusReplica,
        // Order matters: count the request against the limits first, then check who is calling, then
        // refuse input the route did not ask for (as a DTO's own checks would, after the guards).
        LibraryThrottlerGuard,
        { provide: APP_GUARD, useClass: AddressThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: InputShapeGuard },
        { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
      ],
    };
  }
}

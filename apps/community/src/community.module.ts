import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager } from '@mikro-orm/postgresql';
import { BLOCKS_PROJECTION_MIGRATION, BlocksProjection, MessagingModule } from '@weop/messaging';
import { ObservabilityModule, createLogger } from '@weop/observability';
import { blobStorageFor, serviceOrmConfig } from '@weop/persistence';
import type { DatabaseTarget } from '@weop/persistence';
import { CommunityConfig } from './community.config';
import { AttachmentStorage } from './conversations/attachment-storage';
import { AttachmentsPurgeScheduler } from './conversations/attachments-purge.scheduler';
import { AttachmentsService } from './conversations/attachments.service';
import { CONNECTIONS_LOOKUP, NoConnections } from './conversations/connections-lookup';
import { ConversationsHandler } from './conversations/conversations.handler';
import { ConversationsRepository } from './conversations/conversations.repository';
import { ConversationsService } from './conversations/conversations.service';
import { MessageReportSubject } from './conversations/message-report-subject';
import { CommunityReportsMigration } from './database/community-reports.migration';
import { ConversationsMigration } from './database/conversations.migration';
import { InitialCommunityMigration } from './database/initial.migration';
import { NotificationsMigration } from './database/notifications.migration';
import { Member } from './members/member.entity';
import { MembersConsumer } from './members/members.consumer';
import { MembersRepository } from './members/members.repository';
import { DigestScheduler } from './notifications/digest/digest.scheduler';
import { Mailer } from './notifications/digest/mailer';
import { NotificationPreference } from './notifications/notification-preference.entity';
import { Notification } from './notifications/notification.entity';
import { NotificationsConsumer } from './notifications/notifications.consumer';
import { NotificationsHandler } from './notifications/notifications.handler';
import { NotificationsRepository } from './notifications/notifications.repository';
import { NotificationsService } from './notifications/notifications.service';
import { reportableSubjects } from './reports/reportable-subjects';
import { ReportsConsumer, ReportsHandler } from './reports/reports.handler';
import { ReportsRepository } from './reports/reports.repository';
import { ReportsService } from './reports/reports.service';

/** What members can report in community, one class per subject type (groups add theirs here). */
const REPORTABLE = [MessageReportSubject];

@Module({})
export class CommunityModule {
  static register(config: CommunityConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: CommunityModule,
      imports: [
        ObservabilityModule.forService({ service: 'community', logger: createLogger('community', config.LOG_LEVEL) }),
        MikroOrmModule.forRoot(
          serviceOrmConfig({
            url: database.url,
            entities: [Member, Notification, NotificationPreference],
            migrations: [
              { name: 'Migration20261128090000_initial', class: InitialCommunityMigration },
              BLOCKS_PROJECTION_MIGRATION,
              { name: 'Migration20261128100000_notifications', class: NotificationsMigration },
              { name: 'Migration20261128100000_conversations', class: ConversationsMigration },
              { name: 'Migration20261128100100_community_reports', class: CommunityReportsMigration },
            ],
            poolMax: config.WEOP_DB_POOL_MAX,
          }),
        ),
        MessagingModule.forService({
          service: 'community',
          natsUrl: config.NATS_URL,
          namespace: config.WEOP_NATS_NAMESPACE,
          streamReplicas: config.WEOP_STREAM_REPLICAS,
          database: { url: database.url, listen: config.WEOP_DB_LISTEN },
          relayPublishDelayMs: config.WEOP_OUTBOX_PUBLISH_DELAY_MS,
        }),
      ],
      controllers: [NotificationsHandler, ConversationsHandler, ReportsHandler],
      providers: [
        { provide: CommunityConfig, useValue: config },
        BlocksProjection,
        MembersRepository,
        MembersConsumer,
        NotificationsService,
        NotificationsRepository,
        NotificationsConsumer,
        Mailer,
        DigestScheduler,
        ...reportableSubjects(REPORTABLE),
        ReportsRepository,
        ReportsService,
        ReportsConsumer,
        // Bound to the connections repository when connections arrive; until then every first contact is a request.
        { provide: CONNECTIONS_LOOKUP, useClass: NoConnections },
        ConversationsRepository,
        ConversationsService,
        {
          provide: AttachmentStorage,
          inject: [EntityManager],
          useFactory: (em: EntityManager) =>
            new AttachmentStorage(
              blobStorageFor({ localDir: config.WEOP_STORAGE_DIR, s3Bucket: config.S3_BUCKET, s3Region: config.S3_REGION, s3Endpoint: config.S3_ENDPOINT, s3ForcePathStyle: config.S3_FORCE_PATH_STYLE, prefix: 'community/' }),
              config.ATTACHMENT_KEY,
              em,
            ),
        },
        AttachmentsService,
        AttachmentsPurgeScheduler,
      ],
    };
  }
}

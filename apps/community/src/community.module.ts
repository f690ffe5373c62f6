import { Module } from '@nestjs/common';
import { COMMUNITY_MIGRATIONS } from './database/migrations';
import type { DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager } from '@mikro-orm/postgresql';
import { BlocksProjection, MessagingModule } from '@weop/messaging';
import { ObservabilityModule, createLogger } from '@weop/observability';
import { BLOB_STORAGE, blobStorageFromConfig, serviceOrmConfig } from '@weop/persistence';
import type { DatabaseTarget } from '@weop/persistence';
import { CommunityConfig } from './community.config';
import { AttachmentStorage } from './conversations/attachment-storage';
import { AttachmentsPurgeScheduler } from './conversations/attachments-purge.scheduler';
import { AttachmentsService } from './conversations/attachments.service';
import { CONNECTIONS_LOOKUP } from './conversations/connections-lookup';
import { ConversationsHandler } from './conversations/conversations.handler';
import { ConversationsRepository } from './conversations/conversations.repository';
import { ConversationsService } from './conversations/conversations.service';
import { MessageReportSubject } from './conversations/message-report-subject';
import { Member } from './members/member.entity';
import { MembersConsumer } from './members/members.consumer';
import { MembersRepository } from './members/members.repository';
import { DigestScheduler } from './notifications/digest/digest.scheduler';
import { Mailer } from '@weop/mail';
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

/** What members can report in community, one class per subject type. */
const REPORTABLE = [MessageReportSubject, GroupReportSubject];
import { Connection } from './connections/connection.entity';
import { ConnectionsHandler } from './connections/connections.handler';
import { ConnectionsRepository } from './connections/connections.repository';
import { MutesHandler } from './mutes/mutes.handler';
import { MutesRepository } from './mutes/mutes.repository';
import { MutesService } from './mutes/mutes.service';
import { MemberExportService } from './members/member-export.service';
import { ConnectionsService } from './connections/connections.service';
import { FeedItem } from './feed/feed-item.entity';
import { FeedHandler } from './feed/feed.handler';
import { FeedRepository } from './feed/feed.repository';
import { FeedService } from './feed/feed.service';
import { GroupAccessPolicy } from './groups/group-access';
import { GroupFileStorage } from './groups/group-file-storage';
import { GroupFilesService } from './groups/group-files.service';
import { GroupReportSubject } from './groups/group-report-subject';
import { GroupThreadsService } from './groups/group-threads.service';
import { Group, GroupFile, GroupInvitation, GroupMember, GroupPost, GroupThread } from './groups/group.entity';
import { GroupsHandler } from './groups/groups.handler';
import { GroupsRepository } from './groups/groups.repository';
import { GroupsService } from './groups/groups.service';

@Module({})
export class CommunityModule {
  static register(config: CommunityConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: CommunityModule,
      imports: [
        ObservabilityModule.forService({ service: 'community', logger: createLogger('community', config.LOG_LEVEL), version: config.WEOP_VERSION }),
        MikroOrmModule.forRoot(
          serviceOrmConfig({
            url: database.url,
            entities: [Member, Notification, NotificationPreference, Connection, FeedItem, Group, GroupMember, GroupInvitation, GroupThread, GroupPost, GroupFile],
            migrations: COMMUNITY_MIGRATIONS,
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
          eventRetentionDays: config.WEOP_EVENT_RETENTION_DAYS,
        }),
      ],
      controllers: [NotificationsHandler, ConversationsHandler, ReportsHandler, ConnectionsHandler, FeedHandler, GroupsHandler, MutesHandler],
      providers: [
        { provide: CommunityConfig, useValue: config },
        BlocksProjection,
        MembersRepository,
        MembersConsumer,
        NotificationsService,
        NotificationsRepository,
        NotificationsConsumer,
        { provide: Mailer, useValue: new Mailer(config) },
        DigestScheduler,
        ...reportableSubjects(REPORTABLE),
        ReportsRepository,
        ReportsService,
        ReportsConsumer,
        // A first message to someone who is not her connection lands in that member's requests.
        { provide: CONNECTIONS_LOOKUP, useExisting: ConnectionsRepository },
        ConversationsRepository,
        ConversationsService,
        {
          provide: AttachmentStorage,
          inject: [EntityManager],
          useFactory: (em: EntityManager) =>
            new AttachmentStorage(
              blobStorageFromConfig(config, 'community/'),
              config.ATTACHMENT_KEY,
              em,
            ),
        },
        AttachmentsService,
        AttachmentsPurgeScheduler,
        ConnectionsRepository,
        ConnectionsService,
        MutesRepository,
        MutesService,
        MemberExportService,
        FeedRepository,
        FeedService,
        {
          provide: BLOB_STORAGE,
          inject: [EntityManager],
          useFactory: (em: EntityManager) =>
            new GroupFileStorage(
              blobStorageFromConfig(config, 'community/'),
              config.GROUP_FILES_KEY,
              em,
            ),
        },
        GroupsRepository,
        GroupAccessPolicy,
        GroupsService,
        GroupThreadsService,
        GroupFilesService,
      ],
    };
  }
}

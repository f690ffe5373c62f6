import { Module } from '@nestjs/common';
import { MENTORSHIP_MIGRATIONS } from './database/migrations';
import type { DynamicModule } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MessagingModule } from '@weop/messaging';
import { MentorshipBlocks } from './blocks/mentorship-blocks';
import { ObservabilityModule, createLogger } from '@weop/observability';
import { serviceOrmConfig } from '@weop/persistence';
import type { DatabaseTarget } from '@weop/persistence';
import { CohortSession, ContentEvent, ProgrammeCertificate, SessionAttendance } from './programmes/cohort-session.entity';
import { CohortSessionsRepository } from './programmes/cohort-sessions.repository';
import { CohortSessionsService } from './programmes/cohort-sessions.service';
import { ContentEventsConsumer } from './programmes/content-events.consumer';
import { ExitSurvey, MentorshipReport } from './safeguarding/safeguarding.entity';
import { SafeguardingConsumer, SafeguardingHandler } from './safeguarding/safeguarding.handler';
import { SafeguardingRepository } from './safeguarding/safeguarding.repository';
import { SafeguardingService } from './safeguarding/safeguarding.service';
import { MatchingRun, Programme, ProgrammeApplication } from './programmes/programme.entity';
import { ProgrammesHandler } from './programmes/programmes.handler';
import { ProgrammesRepository } from './programmes/programmes.repository';
import { ProgrammesService } from './programmes/programmes.service';
import { MentorshipFeedback, MentorshipGoal, MentorshipSession, MentorshipTask } from './work/work.entity';
import { WorkHandler } from './work/work.handler';
import { WorkRepository } from './work/work.repository';
import { WorkService } from './work/work.service';
import { Member } from './members/member.entity';
import { MemberExportService } from './members/member-export.service';
import { MembersConsumer } from './members/members.consumer';
import { MembersRepository } from './members/members.repository';
import { PausingService } from './members/pausing.service';
import { MentorshipConfig } from './mentorship.config';
import { MentorshipHandler } from './mentorship.handler';
import { Mentorship } from './mentorships/mentorship.entity';
import { MentorshipsRepository } from './mentorships/mentorships.repository';
import { MentorshipsService } from './mentorships/mentorships.service';
import { Notification } from './notifications/notification.entity';
import { NotificationsRepository } from './notifications/notifications.repository';
import { NotificationsService } from './notifications/notifications.service';
import { MenteeProfile, MentorProfile } from './profiles/profile.entity';
import { ProfilesRepository } from './profiles/profiles.repository';
import { ProfilesService } from './profiles/profiles.service';
import { MentorshipRequest } from './requests/mentorship-request.entity';
import { RequestExpiryScheduler } from './requests/request-expiry.scheduler';
import { RequestsRepository } from './requests/requests.repository';
import { RequestsService } from './requests/requests.service';
import { SuggestionsService } from './suggestions/suggestions.service';

@Module({})
export class MentorshipModule {
  static register(config: MentorshipConfig, database: DatabaseTarget): DynamicModule {
    return {
      module: MentorshipModule,
      imports: [
        ObservabilityModule.forService({ service: 'mentorship', logger: createLogger('mentorship', config.LOG_LEVEL), version: config.WEOP_VERSION }),
        MikroOrmModule.forRoot(
          serviceOrmConfig({
            url: database.url,
            entities: [MentorProfile, MenteeProfile, Member, MentorshipRequest, Mentorship, Notification, MentorshipGoal, MentorshipSession, MentorshipTask, MentorshipFeedback, Programme, ProgrammeApplication, MatchingRun, MentorshipReport, ExitSurvey, ContentEvent, CohortSession, SessionAttendance, ProgrammeCertificate],
            migrations: MENTORSHIP_MIGRATIONS,
            poolMax: config.WEOP_DB_POOL_MAX,
          }),
        ),
        MessagingModule.forService({
          service: 'mentorship',
          natsUrl: config.NATS_URL,
          namespace: config.WEOP_NATS_NAMESPACE,
          streamReplicas: config.WEOP_STREAM_REPLICAS,
          database: { url: database.url, listen: config.WEOP_DB_LISTEN },
          relayPublishDelayMs: config.WEOP_OUTBOX_PUBLISH_DELAY_MS,
          eventRetentionDays: config.WEOP_EVENT_RETENTION_DAYS,
        }),
      ],
      controllers: [MentorshipHandler, WorkHandler, ProgrammesHandler, SafeguardingHandler],
      providers: [
        { provide: MentorshipConfig, useValue: config },
        MembersRepository,
        MembersConsumer,
        MemberExportService,
        MentorshipBlocks,
        PausingService,
        NotificationsRepository,
        NotificationsService,
        ProfilesRepository,
        ProfilesService,
        RequestsRepository,
        RequestsService,
        RequestExpiryScheduler,
        MentorshipsRepository,
        MentorshipsService,
        SuggestionsService,
        WorkRepository,
        WorkService,
        ProgrammesRepository,
        ProgrammesService,
        SafeguardingRepository,
        SafeguardingService,
        SafeguardingConsumer,
        CohortSessionsRepository,
        CohortSessionsService,
        ContentEventsConsumer,
      ],
    };
  }
}

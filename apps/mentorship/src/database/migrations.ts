/**
 * mentorship's migrations, oldest first (the outbox/inbox migrations of libs/persistence run before them).
 * Forward-only and expand/contract: a released migration is never edited or removed (migrations.lock.json,
 * test/migrations/migrations-lock.spec.ts); a change is a new migration at the end.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { BLOCKS_PROJECTION_MIGRATION } from '@weop/messaging';
import { InitialMentorshipMigration } from './initial.migration';
import { MentorshipWorkMigration } from './work.migration';
import { ProgrammesMigration } from './programmes.migration';
import { SafeguardingMigration } from './safeguarding.migration';
import { RolesVersionMigration } from './roles-version.migration';
import { ReportStatusMigration } from './report-status.migration';
import { CohortSessionsMigration } from './cohort-sessions.migration';
import { ContentEventChangesMigration } from './content-event-changes.migration';
import { MemberSanctionsMigration } from './member-sanctions.migration';
import { MatchingBoundMigration } from './matching-bound.migration';

export const MENTORSHIP_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128070000_initial', class: InitialMentorshipMigration },
  { name: 'Migration20261128071000_work', class: MentorshipWorkMigration },
  { name: 'Migration20261128072000_programmes', class: ProgrammesMigration },
  { name: 'Migration20261128073000_safeguarding', class: SafeguardingMigration },
  { name: 'Migration20261128074000_roles_version', class: RolesVersionMigration },
  { name: 'Migration20261128075000_report_status', class: ReportStatusMigration },
  { name: 'Migration20261128076000_cohort_sessions', class: CohortSessionsMigration },
  BLOCKS_PROJECTION_MIGRATION,
  { name: 'Migration20261128130000_content_event_changes', class: ContentEventChangesMigration },
  { name: 'Migration20261128079000_member_sanctions', class: MemberSanctionsMigration },
  { name: 'Migration20261128140000_matching_bound', class: MatchingBoundMigration },
];

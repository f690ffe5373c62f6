/**
 * awards's migrations, oldest first (the outbox/inbox migrations of libs/persistence run before them).
 * Forward-only and expand/contract: a released migration is never edited or removed (migrations.lock.json,
 * test/migrations/migrations-lock.spec.ts); a change is a new migration at the end.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { BLOCKS_PROJECTION_MIGRATION } from '@weop/messaging';
import { InitialAwardsMigration } from './initial.migration';
import { NominationReportsMigration } from './nomination-reports.migration';

export const AWARDS_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128090000_initial', class: InitialAwardsMigration },
  BLOCKS_PROJECTION_MIGRATION,
  { name: 'Migration20261128093000_nomination_reports', class: NominationReportsMigration },
];

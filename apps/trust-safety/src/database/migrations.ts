/**
 * trust-safety's migrations, oldest first (the outbox/inbox migrations of libs/persistence run before them).
 * Forward-only and expand/contract: a released migration is never edited or removed (migrations.lock.json,
 * test/migrations/migrations-lock.spec.ts); a change is a new migration at the end.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { InitialTrustSafetyMigration } from './initial.migration';
import { DecisionsMigration } from './decisions.migration';
import { AppendOnlyHistoryMigration } from './append-only-history.migration';
import { AppealsMigration } from './appeals.migration';
import { ReportSnapshotsMigration } from './report-snapshots.migration';

export const TRUST_SAFETY_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261128020000_initial', class: InitialTrustSafetyMigration },
  { name: 'Migration20261128030000_decisions', class: DecisionsMigration },
  { name: 'Migration20261128050000_append_only_history', class: AppendOnlyHistoryMigration },
  { name: 'Migration20261128060000_appeals', class: AppealsMigration },
  { name: 'Migration20261128070000_report_snapshots', class: ReportSnapshotsMigration },
];

import { Migration } from '@mikro-orm/migrations';

/**
 * Each report keeps the subject as its reporter saw it: a later reporter may have seen it after the
 * author edited it, and the case's own snapshot is the first reporter's. Reports kept before this
 * have none (null); nothing can recover what their reporters saw.
 */
export class ReportSnapshotsMigration extends Migration {
  override up(): void {
    this.addSql(`alter table "case_report" add column "snapshot" jsonb null;`);
  }
}

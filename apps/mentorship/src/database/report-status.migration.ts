import { Migration } from '@mikro-orm/migrations';

/** A mentorship report's status, as trust-safety moves it on, so its reporter reads it at GET /me/reports. */
export class ReportStatusMigration extends Migration {
  override up(): void {
    this.addSql(`alter table "mentorship_report"
      add column "status" text not null default 'received' check ("status" in ('received','in-review','actioned','no-violation')),
      add column "updated_at" timestamptz null;`);
    this.addSql(`update "mentorship_report" set "updated_at" = "created_at";`);
    this.addSql(`alter table "mentorship_report" alter column "updated_at" set not null;`);
    this.addSql(`create index "mentorship_report_reporter_idx" on "mentorship_report" ("reporter_id", "created_at" desc, "id" desc);`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/** Reports on profiles (`POST /reports` with subject type `profile`). */
export class ProfileReportsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "profile_report" (
      "id" uuid primary key,
      "reporter_id" uuid null,
      "subject_id" uuid not null,
      "guideline" text not null,
      "details" text null,
      "snapshot" jsonb not null,
      "status" text not null default 'received' check ("status" in ('received','in-review','actioned','no-violation')),
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    );`);
    this.addSql(`create unique index "profile_report_once_idx" on "profile_report" ("reporter_id", "subject_id") where "reporter_id" is not null;`);
    this.addSql(`create index "profile_report_reporter_idx" on "profile_report" ("reporter_id", "created_at" desc, "id" desc);`);
  }
}

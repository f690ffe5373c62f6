import { Migration } from '@mikro-orm/migrations';

/** Reports on community's subjects (messages, groups), and the visibility version trust-safety last set on each. */
export class CommunityReportsMigration extends Migration {
  override up(): void {
    this.addSql(`create table "community_report" (
      "id" uuid primary key,
      "subject_type" text not null,
      "subject_id" uuid not null,
      "reporter_id" uuid null,
      "guideline" text not null,
      "details" text null,
      "status" text not null default 'received' check ("status" in ('received', 'in-review', 'actioned', 'no-violation')),
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    );`);
    // Once per member per subject (system reports have no reporter and are filed once by their detector).
    this.addSql('create unique index "community_report_once_idx" on "community_report" ("subject_type", "subject_id", "reporter_id");');
    this.addSql('create index "community_report_reporter_idx" on "community_report" ("reporter_id", "created_at" desc, "id" desc);');
    this.addSql(`create table "subject_visibility_version" (
      "subject_type" text not null,
      "subject_id" uuid not null,
      "version" integer not null,
      primary key ("subject_type", "subject_id")
    );`);
  }
}

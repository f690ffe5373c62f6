import { Migration } from '@mikro-orm/migrations';

export class SafeguardingMigration extends Migration {
  override up(): void {
    this.addSql(`alter table "member" add column "conduct_version" text null, add column "conduct_accepted_at" timestamptz null;`);
    this.addSql(`create table "mentorship_report" (
      "id" uuid primary key, "mentorship_id" uuid not null references "mentorship" ("id"), "reporter_id" uuid null,
      "guideline" text not null, "details" text null, "created_at" timestamptz not null);`);
    // One report per member per mentorship, as for every other subject.
    this.addSql(`create unique index "mentorship_report_once_idx" on "mentorship_report" ("mentorship_id", "reporter_id");`);
    this.addSql(`create table "exit_survey" (
      "mentorship_id" uuid not null references "mentorship" ("id"), "account_id" uuid not null, "programme_id" uuid null,
      "side" text not null, "rating" integer not null check ("rating" between 1 and 5), "felt_safe" boolean not null,
      "would_recommend" boolean not null, "comments" text not null, "submitted_at" timestamptz not null,
      primary key ("mentorship_id", "account_id"));`);
    this.addSql(`create index "exit_survey_submitted_idx" on "exit_survey" ("submitted_at" desc);`);
  }
}
